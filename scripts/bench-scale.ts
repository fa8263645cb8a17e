// npm run bench:scale -- [--runs 3] [--laws ../shared/stard/laws] [--questions ../shared/stard/train.jsonl]
// The statute-scale figures of issue #4: ingest time and peak memory, file size
// against the raw text, server cold start to first answer, serving memory,
// /api/search and /api/ask latency over STARD questions, and seed-question
// quality with all statutes in the same knowledge base. Medians of several runs.
// Then the same serving figures with the STARD questions ingested as known
// questions (--questions), the configuration that meets the quality targets.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFiles } from '../src/adapters/node/ingest.js';
import { processMemoryMb, runMeasured, startServer, timeRequests } from '../src/adapters/node/bench.js';
import { loadService } from '../src/adapters/node/load.js';
import { evaluate } from '../src/adapters/node/run-eval.js';
import { parseEvalFile } from '../src/core/evaluation.js';
import { percentile } from '../src/core/evaluation.js';
import { parseSettings } from '../src/core/settings.js';
import { parseStardFile } from '../src/core/stard.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(flag('--runs', '3'));
const laws = flag('--laws', '../shared/stard/laws');
const questionsFile = flag('--questions', '../shared/stard/train.jsonl');
const seedFile = flag('--seed', '../shared/eval/seed-dev.jsonl');
const settings = parseSettings(process.env);
const median = (xs: number[]) => percentile(xs, 50);
const dir = mkdtempSync(join(tmpdir(), 'policy-qa-scale-'));
const kbPath = join(dir, 'kb.sqlite');

try {
  const inputs = [settings.CORPUS_DIR, laws];
  const rawBytes = collectFiles(inputs, []).reduce((n, f) => n + statSync(f).size, 0);

  // 1. Ingest, full rebuild each run, in a child process so its peak memory is its own.
  const ingests = [];
  for (let r = 0; r < runs; r++) {
    rmSync(kbPath, { force: true });
    ingests.push(await runMeasured(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...inputs, '--kb', kbPath, '--full']));
    process.stderr.write(`ingest run ${r + 1}/${runs}: ${ingests[r].seconds.toFixed(1)} s, peak ${ingests[r].peakMb.toFixed(0)} MB\n`);
  }
  const kbBytes = statSync(kbPath).size;
  console.log(ingests[0].stdout.trim().split('\n').pop());

  // 2. Cold start to first answer.
  const starts = [];
  for (let r = 0; r < runs; r++) {
    const server = await startServer({ KB_PATH: kbPath });
    starts.push(server.firstAnswerMs);
    await server.stop();
  }

  // 3. Latency over the STARD questions and memory while serving.
  const questions = parseStardFile(readFileSync(questionsFile, 'utf8')).map((q) => encodeURIComponent(q.question));
  const server = await startServer({ KB_PATH: kbPath });
  await timeRequests(server.base, questions.slice(0, 50).map((q) => `/api/search?q=${q}&limit=100`)); // warm-up
  const search = await timeRequests(server.base, questions.map((q) => `/api/search?q=${q}&limit=100`));
  const ask = await timeRequests(server.base, questions.map((q) => `/api/ask?q=${q}`));
  const memory = processMemoryMb(server.child.pid!);
  await server.stop();

  // 4. Serving with the questions as known questions (their index is built on the first question).
  const knownKb = join(dir, 'kb-known.sqlite');
  const knownIngest = await runMeasured(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...inputs, '--kb', knownKb, '--full', '--questions', questionsFile]);
  const knownStarts = [];
  for (let r = 0; r < runs; r++) {
    const s = await startServer({ KB_PATH: knownKb });
    knownStarts.push(s.firstAnswerMs);
    await s.stop();
  }
  const knownServer = await startServer({ KB_PATH: knownKb });
  await timeRequests(knownServer.base, questions.slice(0, 50).map((q) => `/api/search?q=${q}&limit=100`));
  const knownSearch = await timeRequests(knownServer.base, questions.map((q) => `/api/search?q=${q}&limit=100`));
  const knownAsk = await timeRequests(knownServer.base, questions.map((q) => `/api/ask?q=${q}`));
  const knownMemory = processMemoryMb(knownServer.child.pid!);
  await knownServer.stop();

  // 5. The report's questions with every statute in the same knowledge base.
  const service = loadService(kbPath, settings);
  const seed = evaluate(service, parseEvalFile(readFileSync(seedFile, 'utf8')));

  const mb = (b: number) => (b / 1048576).toFixed(1);
  const row = (what: string, value: string, target: string) => console.log(`${what.padEnd(44)} ${value.padStart(22)}   ${target}`);
  console.log(`\n${runs} runs; ${questions.length} STARD questions; ${service.kb.documents().length} documents, ${service.kb.passageCount} passages\n`);
  row('what', 'measured', 'target');
  row('ingest time (median)', `${median(ingests.map((i) => i.seconds)).toFixed(1)} s`, '≤ 30 s');
  row('ingest peak RSS (median)', `${median(ingests.map((i) => i.peakMb)).toFixed(0)} MB`, '≤ 1536 MB');
  row('knowledge-base file / raw text', `${mb(kbBytes)} / ${mb(rawBytes)} MB = ${(kbBytes / rawBytes).toFixed(2)}×`, '≤ 3×');
  row('cold start to first answer (median)', `${median(starts).toFixed(0)} ms`, '≤ 1500 ms');
  row('RSS while serving (after all questions)', `${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)})`, '≤ 1024 MB');
  row('/api/search?limit=100 median / p99', `${median(search).toFixed(1)} / ${percentile(search, 99).toFixed(1)} ms`, '≤ 10 / 50 ms');
  row('/api/ask median / p99', `${median(ask).toFixed(1)} / ${percentile(ask, 99).toFixed(1)} ms`, '≤ 10 / 50 ms');
  row('seed-dev hit@1 with all statutes', `${seed.overall.hitAt1}`, '≥ 0.9');
  row('seed-dev answer hit with all statutes', `${seed.overall.answerHit}`, '');
  console.log(`\nwith ${questions.length} known questions (ingest --questions ${questionsFile}):`);
  row('ingest time', `${knownIngest.seconds.toFixed(1)} s`, '≤ 30 s');
  row('cold start to first answer (median)', `${median(knownStarts).toFixed(0)} ms`, '≤ 1500 ms');
  row('RSS while serving (after all questions)', `${knownMemory.rss.toFixed(0)} MB (peak ${knownMemory.peak.toFixed(0)})`, '≤ 1024 MB');
  row('/api/search?limit=100 median / p99', `${median(knownSearch).toFixed(1)} / ${percentile(knownSearch, 99).toFixed(1)} ms`, '≤ 10 / 50 ms');
  row('/api/ask median / p99', `${median(knownAsk).toFixed(1)} / ${percentile(knownAsk, 99).toFixed(1)} ms`, '≤ 10 / 50 ms');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
