// npm run ingest -- [files or folders…] [--kb path] [--full] [--questions known.jsonl]…
// Builds the knowledge-base file from documents (default: CORPUS_DIR) and
// replaces the old one atomically. Unreadable documents are reported and skipped.
import { parseSettings } from '../src/settings.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { progressBar } from '../src/adapters/node/progress.js';

const args = process.argv.slice(2);
const settings = parseSettings(process.env);
let kbPath = settings.KB_PATH;
let full = false;
const inputs: string[] = [];
const questions: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--kb') kbPath = args[++i];
  else if (args[i] === '--full') full = true;
  else if (args[i] === '--questions') questions.push(args[++i]);
  else if (args[i] === '--help' || args[i] === '-h') {
    console.log('usage: npm run ingest -- [files or folders…] [--kb data/kb.sqlite] [--full] [--questions known.jsonl]…');
    process.exit(0);
  } else inputs.push(args[i]);
}
if (inputs.length === 0) inputs.push(settings.CORPUS_DIR);

const bar = progressBar(process.stderr);
try {
  const report = await runIngest({ inputs, kbPath, full, questions, onProgress: bar.update });
  bar.done();
  for (const s of report.skipped) console.warn(`skipped ${s.path}: ${s.error}`);
  for (const p of report.questionProblems) console.warn(p);
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
