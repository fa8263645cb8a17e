// A one-line progress bar for long ingests, drawn only on a terminal and only
// once a run has more than a handful of documents.
import type { WriteStream } from 'node:tty';

export function progressBar(stream: NodeJS.WriteStream | WriteStream, minTotal = 20) {
  let drawn = false;
  let last = 0;
  return {
    update: (stage: string, done: number, total: number) => {
      if (!stream.isTTY || total < minTotal) return;
      const now = Date.now();
      if (done !== total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${stage.padEnd(6)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
