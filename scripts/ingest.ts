// npm run ingest -- [files or folders…] [--kb path] [--full] [--questions known.jsonl]…
// Builds the knowledge-base file from documents (default: CORPUS_DIR) and
// replaces the old one atomically. Unreadable documents, and documents over the
// limits (MAX_DOCUMENT_CHARS, MAX_DOCUMENT_PASSAGES, PARSE_TIMEOUT_MS,
// PARSE_MEMORY_MB, from the environment), are reported and skipped.
import { parseSettings } from '../src/settings.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { progressBar } from '../src/adapters/node/progress.js';
import { parseCommandLine } from '../src/adapters/node/command-line.js';
import { describeFrame } from '../src/ingest/frame.js';

/** Up to this many documents, every frame is printed; above, a summary (and --frames for all). */
const FRAMES_SHOWN = 60;
const USAGE = 'npm run ingest -- [files or folders…] [--kb data/kb.sqlite] [--full] [--frames] [--questions known.jsonl]…';
const settings = parseSettings(process.env);
const { values, positionals } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    kb: { type: 'string', default: settings.KB_PATH },
    full: { type: 'boolean', default: false },
    frames: { type: 'boolean', default: false },
    questions: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`usage: ${USAGE}`);
  process.exit(0);
}
const { kb: kbPath, full, questions, frames } = values;
const inputs = positionals.length ? positionals : [settings.CORPUS_DIR];

const bar = progressBar(process.stderr);
try {
  const report = await runIngest({ inputs, kbPath, full, questions, onProgress: bar.update, limits: settings });
  bar.done();
  for (const s of report.skipped) console.warn(`skipped ${s.path}: ${s.error}`);
  for (const p of report.questionProblems) console.warn(p);
  // The inferred frame of every document, so a wrong guess is seen (a sidecar *.meta.json corrects it).
  const unknown = report.frames.filter((f) => f.frame.regionCode === null);
  if (frames || report.frames.length <= FRAMES_SHOWN) {
    for (const f of report.frames) console.log(`frame ${f.path}: ${describeFrame(f.frame)}`);
  } else {
    const byRegion = new Map<string, number>();
    for (const f of report.frames) byRegion.set(f.frame.region ?? 'unknown', (byRegion.get(f.frame.region ?? 'unknown') ?? 0) + 1);
    const top = [...byRegion].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([r, n]) => `${r} ${n}`);
    console.log(`frames: ${top.join(', ')}${byRegion.size > 12 ? ` … (${byRegion.size} regions)` : ''}; --frames lists every document`);
    for (const f of unknown.slice(0, 20)) console.log(`frame ${f.path}: ${describeFrame(f.frame)}`);
  }
  for (const path of report.removed) console.log(`removed ${path} (file no longer among the inputs)`);
  console.log(
    `ingested ${report.documents} documents (${report.parsed} parsed, ${report.unchanged} unchanged), ` +
      `${report.passages} passages in ${report.seconds.toFixed(2)} s → ${report.kbPath}` +
      (report.skipped.length ? ` (${report.skipped.length} skipped)` : '') +
      (questions.length ? `; ${report.knownQuestions} known questions` : ''),
  );
} catch (err) {
  bar.done();
  console.error((err as Error).message);
  process.exit(1);
}
