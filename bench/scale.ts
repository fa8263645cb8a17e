// npm run bench:scale -- [--runs 3] [--laws ../shared/stard/laws] [--questions ../shared/stard/train.jsonl] [--seed ../shared/eval/seed-dev.jsonl]
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
import { processMemoryMb, runMeasured, startServer, timeRequests } from './harness.js';
import { loadService } from '../src/adapters/node/load.js';
import { evaluate } from '../eval/run-eval.js';
import { parseEvalFile } from '../eval/evaluation.js';
import { percentile } from '../eval/evaluation.js';
import { parseSettings } from '../src/settings.js';
import { parseStardFile } from '../eval/stard.js';
import { parseCommandLine } from '../src/adapters/node/command-line.js';

const { values } = parseCommandLine(
  'npm run bench:scale -- [--runs 3] [--laws ../shared/stard/laws] [--questions ../shared/stard/train.jsonl] [--seed ../shared/eval/seed-dev.jsonl]',
  {
    options: {
      runs: { type: 'string', default: '3' },
      laws: { type: 'string', default: '../shared/stard/laws' },
      questions: { type: 'string', default: '../shared/stard/train.jsonl' },
      seed: { type: 'string', default: '../shared/eval/seed-dev.jsonl' },
    },
  },
);
const runs = Number(values.runs);
const { laws, questions: questionsFile, seed: seedFile } = values;
const settings = parseSettings(process.env);
const median = (xs: number[]) => percentile(xs, 50);
const dir = mkdtempSync(join(tmpdir(), 'policy-qa-scale-'));
const kbPath = join(dir, 'kb.sqlite');

/** Cold starts (median of `runs`), then latency over the STARD questions and memory while serving. */
async function measureServing(kb: string, questions: string[]) {
  const starts = [];
  for (let r = 0; r < runs; r++) {
    const server = await startServer({ KB_PATH: kb });
    starts.push(server.firstAnswerMs);
    await server.stop();
  }
  const server = await startServer({ KB_PATH: kb });
  await timeRequests(server.base, questions.slice(0, 50).map((q) => `/api/search?q=${q}&limit=100`)); // warm-up
  const search = await timeRequests(server.base, questions.map((q) => `/api/search?q=${q}&limit=100`));
  const ask = await timeRequests(server.base, questions.map((q) => `/api/ask?q=${q}`));
  const memory = processMemoryMb(server.child.pid!);
  await server.stop();
  return { start: median(starts), search, ask, memory };
}

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

  // 2–3. Cold start to first answer; latency over the STARD questions and memory while serving.
  const questions = parseStardFile(readFileSync(questionsFile, 'utf8')).map((q) => encodeURIComponent(q.question));
  const plain = await measureServing(kbPath, questions);

  // 4. The same with the questions ingested as known questions.
  const knownKb = join(dir, 'kb-known.sqlite');
  const knownIngest = await runMeasured(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...inputs, '--kb', knownKb, '--full', '--questions', questionsFile]);
  const known = await measureServing(knownKb, questions);

  // 5. The report's questions with every statute in the same knowledge base.
  const service = loadService(kbPath, settings);
  const seed = evaluate(service, parseEvalFile(readFileSync(seedFile, 'utf8')));

  const mb = (b: number) => (b / 1048576).toFixed(1);
  const row = (what: string, value: string, target: string) => console.log(`${what.padEnd(44)} ${value.padStart(22)}   ${target}`);
  console.log(`\n${runs} runs; ${questions.length} STARD questions; ${service.kb.documents().length} documents, ${service.kb.passageCount} passages\n`);
  const servingRows = (m: Awaited<ReturnType<typeof measureServing>>) => {
    row('cold start to first answer (median)', `${m.start.toFixed(0)} ms`, '≤ 1500 ms');
    row('RSS while serving (after all questions)', `${m.memory.rss.toFixed(0)} MB (peak ${m.memory.peak.toFixed(0)})`, '≤ 1024 MB');
    row('/api/search?limit=100 median / p99', `${median(m.search).toFixed(1)} / ${percentile(m.search, 99).toFixed(1)} ms`, '≤ 10 / 50 ms');
    row('/api/ask median / p99', `${median(m.ask).toFixed(1)} / ${percentile(m.ask, 99).toFixed(1)} ms`, '≤ 10 / 50 ms');
  };
  row('what', 'measured', 'target');
  row('ingest time (median)', `${median(ingests.map((i) => i.seconds)).toFixed(1)} s`, '≤ 30 s');
  row('ingest peak RSS (median)', `${median(ingests.map((i) => i.peakMb)).toFixed(0)} MB`, '≤ 1536 MB');
  row('knowledge-base file / raw text', `${mb(kbBytes)} / ${mb(rawBytes)} MB = ${(kbBytes / rawBytes).toFixed(2)}×`, '≤ 3×');
  servingRows(plain);
  row('seed-dev hit@1 with all statutes', `${seed.overall.hitAt1}`, '≥ 0.9');
  row('seed-dev answer hit with all statutes', `${seed.overall.answerHit}`, '');
  console.log(`\nwith ${questions.length} known questions (ingest --questions ${questionsFile}):`);
  row('ingest time', `${knownIngest.seconds.toFixed(1)} s`, '≤ 30 s');
  servingRows(known);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
