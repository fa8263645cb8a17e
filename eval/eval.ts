// npm run eval -- <questions.jsonl> [--json] [--kb path]
// Scores the knowledge base (the same code path as /api/ask) on an evaluation file.
import { existsSync, readFileSync } from 'node:fs';
import { parseSettings } from '../src/settings.js';
import { formatSummary, parseEvalFile } from './evaluation.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { loadService } from '../src/adapters/node/load.js';
import { evaluate } from './run-eval.js';
import { parseCommandLine, usageError } from '../src/adapters/node/command-line.js';

const USAGE = 'npm run eval -- <questions.jsonl> [--json] [--kb data/kb.sqlite]';
const settings = parseSettings(process.env);
const { values, positionals } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, kb: { type: 'string', default: settings.KB_PATH } },
});
const { json, kb: kbPath } = values;
const file = positionals[0] ?? usageError(USAGE);
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
