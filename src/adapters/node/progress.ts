// The ingest's progress bar: cli-progress draws it; this adds what the app's
// scripts need around it — drawn only on a terminal and only once a run has
// at least `minTotal` documents (a short run or a log file gets no bar), and the
// ingest's stages (read, index) on the one line, each restarting the count.
// Call done() when the run ends (or fails): until then cli-progress redraws on a timer.
import { SingleBar } from 'cli-progress';
import type { WriteStream } from 'node:tty';

export function progressBar(stream: NodeJS.WriteStream | WriteStream, minTotal = 20) {
  let bar: SingleBar | undefined;
  return {
    update: (stage: string, done: number, total: number) => {
      if (!stream.isTTY || total < minTotal) return;
      const payload = { stage: stage.padEnd(6) };
      if (!bar) {
        bar = new SingleBar({
          stream,
          format: '{stage} [{bar}] {value}/{total}',
          barsize: 30,
          barCompleteChar: '#',
          barIncompleteChar: '.',
          fps: 10,
          // Leave the terminal's modes alone (an interrupted ingest must not leave line wrapping off).
          linewrap: true,
        });
        bar.start(total, done, payload);
        return;
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    done: () => {
      bar?.stop(); // the final state, then a new line
      bar = undefined;
    },
  };
}
