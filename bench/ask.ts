// npm run bench:ask [-- questions.jsonl] — /api/ask and /api/search latency on the bundled knowledge
// base, next to a plain jieba BM25 query measured in the same process. The
// answer cache is off: these are the costs of actually answering.
import { existsSync, readFileSync } from 'node:fs';
import { createApp } from '../src/app/create-app.js';
import { parseEvalFile } from '../eval/evaluation.js';
import { timeCalls } from './measure.js';
import { parseSettings } from '../src/settings.js';
import { scorePassages } from '../src/search/scorer.js';
import { tokenize } from '../src/text/tokenize.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { createJiebaSegmenter } from '../src/adapters/node/jieba.js';
import { loadService } from '../src/adapters/node/load.js';
import { parseCommandLine } from '../src/adapters/node/command-line.js';

const settings = parseSettings(process.env);
const questionsFile = parseCommandLine('npm run bench:ask [-- questions.jsonl]', { allowPositionals: true }).positionals[0] ?? '../shared/eval/seed-dev.jsonl';
if (!existsSync(settings.KB_PATH)) await runIngest({ inputs: [settings.CORPUS_DIR], kbPath: settings.KB_PATH });
const service = loadService(settings.KB_PATH, { ...settings, ANSWER_CACHE_SIZE: 0 });
const questions = parseEvalFile(readFileSync(questionsFile, 'utf8')).map((q) => q.question);
const app = createApp({ service: () => service, settings: { ...settings, ANSWER_CACHE_SIZE: 0 } });
const segmenter = createJiebaSegmenter(service.kb.userWords);

// Baseline: plain BM25 over the same index with every jieba term of the question, no query understanding or rerank.
const baseline = timeCalls(questions, (q) => scorePassages(service.kb.store, tokenize(q, segmenter).map((term) => ({ term, weight: 1 }))), 20);
const ask = timeCalls(questions, (q) => service.ask(q), 20);
const search = timeCalls(questions, (q) => service.search(q), 20);
// Through the Hono app (routing, JSON serialisation), without the network.
const viaAppSamples: number[] = [];
for (let r = 0; r < 10; r++) {
  for (const q of questions) {
    const t0 = performance.now();
    const res = await app.request(`/api/ask?q=${encodeURIComponent(q)}`);
    await res.text();
    viaAppSamples.push(performance.now() - t0);
  }
}
viaAppSamples.sort((a, b) => a - b);
const median = viaAppSamples[Math.floor(viaAppSamples.length / 2)];

const row = (name: string, t: { runs: number; medianMs: number; p95Ms: number; p99Ms: number }) =>
  `${name.padEnd(34)} ${String(t.runs).padStart(5)} ${t.medianMs.toFixed(3).padStart(9)} ${t.p95Ms.toFixed(3).padStart(9)} ${t.p99Ms.toFixed(3).padStart(9)} ${(t.medianMs / baseline.medianMs).toFixed(1).padStart(7)}×`;
console.log(`${questions.length} questions from ${questionsFile}; ${service.kb.passageCount} passages\n`);
console.log(`${'what'.padEnd(34)} ${'runs'.padStart(5)} ${'median ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'vs base'.padStart(8)}`);
console.log(row("baseline: plain jieba BM25", baseline));
console.log(row('ask (QaService.ask)', ask));
console.log(row('search (QaService.search)', search));
console.log(`${'GET /api/ask via app.request'.padEnd(34)} ${String(viaAppSamples.length).padStart(5)} ${median.toFixed(3).padStart(9)}`);
