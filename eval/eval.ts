// npm run eval -- <questions.jsonl> [--json] [--kb path]
// Scores the knowledge base (the same code path as /api/ask) on an evaluation file.
import { existsSync, readFileSync } from 'node:fs';
import { parseSettings } from '../src/settings.js';
import { formatSummary, parseEvalFile } from './evaluation.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { loadService } from '../src/adapters/node/load.js';
import { evaluate } from './run-eval.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const kbFlag = args.indexOf('--kb');
const settings = parseSettings(process.env);
const kbPath = kbFlag >= 0 ? args[kbFlag + 1] : settings.KB_PATH;
const file = args.find((a, i) => !a.startsWith('--') && (kbFlag < 0 || i !== kbFlag + 1));
if (!file) {
  console.error('usage: npm run eval -- <questions.jsonl> [--json] [--kb data/kb.sqlite]');
  process.exit(2);
}
if (!existsSync(kbPath)) await runIngest({ inputs: [settings.CORPUS_DIR], kbPath });
const service = loadService(kbPath, settings);
service.ask('预热'); // load the segmenter's dictionary before timing
const summary = evaluate(service, parseEvalFile(readFileSync(file, 'utf8')));
if (json) {
  const { misses, ...rest } = summary;
  console.log(
    JSON.stringify(
      {
        ...rest,
        misses: misses.map((m) => ({
          id: m.item.id,
          kind: m.item.kind,
          question: m.item.question,
          answer: m.output.answer,
          expected: m.item.answer,
          goldPassage: m.item.passage,
          cited: m.output.citations.slice(0, 3),
          hitAt1: m.hitAt1,
          hitAt3: m.hitAt3,
          answerHit: m.answerHit,
        })),
      },
      null,
      2,
    ),
  );
} else {
  console.log(formatSummary(summary));
}
