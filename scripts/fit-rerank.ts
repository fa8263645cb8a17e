// npx tsx scripts/fit-rerank.ts ../shared/stard/train.jsonl [--kb data/kb-statutes.sqlite] [--folds 5] [--top 20]
// Fits the statute rerank model (src/search/rerank.ts) on every question of a
// STARD-format file, each ranked with the known questions of the other folds,
// and prints STATUTE_RERANK's weights. Deterministic: the same knowledge base
// and questions give the same weights.
import { readFileSync } from 'node:fs';
import { parseSettings } from '../src/settings.js';
import { loadService } from '../src/adapters/node/load.js';
import { parseCommandLine, usageError } from '../src/adapters/node/command-line.js';
import { fitRerank, RERANK_FEATURES } from '../src/search/rerank.js';
import { parseStardFile } from '../eval/stard.js';
import { rerankExamples } from './rerank-examples.js';

const USAGE = 'npx tsx scripts/fit-rerank.ts <questions.jsonl> [--kb data/kb-statutes.sqlite] [--folds 5] [--top 20]';
const { values, positionals } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    kb: { type: 'string', default: 'data/kb-statutes.sqlite' },
    folds: { type: 'string', default: '5' },
    top: { type: 'string', default: '20' },
  },
});
const file = positionals[0] ?? usageError(USAGE);
const top = Number(values.top);
const service = loadService(values.kb, parseSettings(process.env)).withKnownQuestions([]);
const questions = parseStardFile(readFileSync(file, 'utf8'));
const examples = rerankExamples(service, questions, Number(values.folds), top);
const weights = fitRerank(examples).map((w) => Math.round(w * 10000) / 10000);
console.log(`${examples.length} questions, ${examples.filter((e) => e.gold.some(Boolean)).length} with a gold article among the first ${top}`);
RERANK_FEATURES.forEach((name, j) => console.log(`  ${name.padEnd(28)} ${weights[j]}`));
console.log(`\nexport const STATUTE_RERANK: RerankModel = { top: ${top}, weights: ${JSON.stringify(weights)} };`);
