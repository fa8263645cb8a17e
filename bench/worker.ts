// npm run bench:worker [-- questions.jsonl] — the Worker on local workerd next to
// the Node server, both over HTTP on localhost with the same knowledge base
// (KB_PATH): the Worker's start and first request (cold start), then the
// /api/ask median and p95 over every question, a few rounds.
import { serve } from '@hono/node-server';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { unstable_startWorker } from 'wrangler';
import { createApp } from '../src/app/create-app.js';
import { parseEvalFile } from '../eval/evaluation.js';
import { parseSettings } from '../src/settings.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { loadService } from '../src/adapters/node/load.js';
import { parseCommandLine } from '../src/adapters/node/command-line.js';

process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_SEND_METRICS = 'false';
const settings = parseSettings(process.env);
const questionsFile = parseCommandLine('npm run bench:worker [-- questions.jsonl]', { allowPositionals: true }).positionals[0] ?? '../shared/eval/seed-dev.jsonl';
const ROUNDS = 10;
const questions = parseEvalFile(readFileSync(questionsFile, 'utf8')).map((q) => q.question);
if (!existsSync(settings.KB_PATH)) await runIngest({ inputs: [settings.CORPUS_DIR], kbPath: settings.KB_PATH });

async function timeGet(base: URL, path: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(new URL(path, base));
  await res.arrayBuffer();
  if (!res.ok && res.status !== 404) throw new Error(`${path}: HTTP ${res.status}`);
  return performance.now() - t0;
}

async function latencies(base: URL, path = (q: string) => `/api/ask?q=${encodeURIComponent(q)}`): Promise<{ median: number; p95: number; n: number }> {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of questions) samples.push(await timeGet(base, path(q)));
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p95: samples[Math.floor(samples.length * 0.95)], n: samples.length };
}

// Node: what src/node.ts serves (loaded and warmed before listening).
const nodeStart = performance.now();
const service = loadService(settings.KB_PATH, settings);
service.ask('法治政府建设');
const server = serve({ fetch: createApp({ service: () => service, settings }).fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const nodeUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
const nodeReady = performance.now() - nodeStart;
const nodeFirst = await timeGet(nodeUrl, `/api/ask?q=${encodeURIComponent(questions[0])}`);
const node = await latencies(nodeUrl);
// The cost of the HTTP path alone: a route that does no work (JSON 404).
const nodeNoop = await latencies(nodeUrl, () => '/api/nope');
server.close();

// Worker: wrangler's local dev server (workerd), build command included, with the D1
// query log on (a fresh local database with the migrations applied), as deployed.
const persist = mkdtempSync(join(tmpdir(), 'policy-qa-bench-'));
execFileSync('node_modules/.bin/wrangler', ['d1', 'migrations', 'apply', 'policy-qa', '--local', '--persist-to', persist], { stdio: 'pipe' });
const workerStart = performance.now();
const worker = await unstable_startWorker({
  config: 'wrangler.toml',
  dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist, watch: false, logLevel: 'warn' },
});
await worker.ready;
const workerUrl = await worker.url;
const workerReady = performance.now() - workerStart;
// Cold start in steps: a route that loads nothing (wrangler reports ready before workerd
// has loaded the Worker, so this waits for that), /healthz (loads the knowledge base and
// jieba-wasm: the Worker's own cold start), then the first question.
const workerNoop = await timeGet(workerUrl, '/api/nope').catch(() => NaN);
const workerLoad = await timeGet(workerUrl, '/healthz');
const workerFirst = await timeGet(workerUrl, `/api/ask?q=${encodeURIComponent(questions[0])}`);
const workerSecond = await timeGet(workerUrl, `/api/ask?q=${encodeURIComponent(questions[1])}`);
const workerLat = await latencies(workerUrl);
const workerNoopLat = await latencies(workerUrl, () => '/api/nope');
await worker.dispose();
rmSync(persist, { recursive: true, force: true });

// Inside the runtimes, without HTTP: QaService.ask per question, in workerd (a bench-only
// entry, same bundle and modules) and in this Node process.
const loop = await unstable_startWorker({
  config: 'wrangler.toml',
  entrypoint: 'bench/worker-entry.ts',
  build: { custom: {} },
  dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist: false, watch: false, logLevel: 'warn' },
});
await loop.ready;
const loopUrl = await loop.url;
const post = (rounds: number) => fetch(loopUrl, { method: 'POST', body: JSON.stringify({ questions, rounds }) }).then((r) => r.json());
/** Median of three timed runs of `run`, per question. */
async function perQuestion(run: () => unknown): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await run();
    runs.push((performance.now() - t0) / (ROUNDS * questions.length));
  }
  return runs.sort((a, b) => a - b)[1];
}
await post(3);
const workerAsk = await perQuestion(() => post(ROUNDS));
await loop.dispose();
const nodeAsk = await perQuestion(() => {
  for (let r = 0; r < ROUNDS; r++) for (const q of questions) service.ask(q);
});

const ms = (n: number) => `${n.toFixed(1)} ms`;
console.log(`${questions.length} questions from ${questionsFile} × ${ROUNDS} rounds, over HTTP on 127.0.0.1; knowledge base ${settings.KB_PATH}\n`);
console.log('| | Node (@hono/node-server) | Worker (wrangler dev, workerd) |');
console.log('|---|---|---|');
console.log(`| ready (start → listening) | ${ms(nodeReady)} (KB + segmenter loaded, warmed) | ${ms(workerReady)} (build command + bundle + workerd) |`);
console.log(`| cold start | (in "ready") | first request (workerd still starting) ${ms(workerNoop)}; then loading KB + jieba-wasm (/healthz) ${ms(workerLoad)} |`);
console.log(`| first /api/ask | ${ms(nodeFirst)} | ${ms(workerFirst)}; next ${ms(workerSecond)} |`);
console.log(`| /api/ask median | ${ms(node.median)} | ${ms(workerLat.median)} |`);
console.log(`| /api/ask p95 | ${ms(node.p95)} | ${ms(workerLat.p95)} |`);
console.log(`| /api/nope median (HTTP path only, no work) | ${ms(nodeNoop.median)} | ${ms(workerNoopLat.median)} |`);
console.log(`| QaService.ask mean, in-runtime (no HTTP) | ${ms(nodeAsk)} | ${ms(workerAsk)} |`);
