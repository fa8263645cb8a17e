// npm run bench:worker:d1 [-- --limit N] — the Worker in D1 mode (wrangler.toml [env.d1]) on local workerd over
// all statutes (corpus/ + ../shared/stard/laws; data/kb-statutes.sqlite reused when current and without known
// questions, else built into a temp dir), beside the Node server over the same file as the baseline of the same
// run: cold start (first requests of a fresh isolate), /api/ask median and p99 over HTTP for the seed-dev and
// STARD train questions asked once each (cold caches, as visitors mostly ask new questions) and then again
// (warm per-isolate caches), and per question the D1 round trips and time waiting for D1 (the Worker's
// Server-Timing header). Local D1 is SQLite on this machine: a deployed D1 adds a network round trip per round.
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { parseCommandLine } from '../src/adapters/node/command-line.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { loadService } from '../src/adapters/node/load.js';
import { createApp } from '../src/app/create-app.js';
import { KB_FORMAT_VERSION } from '../src/model/store.js';
import { parseSettings } from '../src/settings.js';

process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_SEND_METRICS = 'false';
const { values } = parseCommandLine('npm run bench:worker:d1 [-- --limit N]', { options: { limit: { type: 'string' } } });
const limit = values.limit ? Number(values.limit) : Infinity;
const settings = parseSettings(process.env);
const SHARED = '../shared';
const STATUTES_KB = 'data/kb-statutes.sqlite';
const questions = [`${SHARED}/eval/seed-dev.jsonl`, `${SHARED}/stard/train.jsonl`]
  .flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { question: string }).question),
  )
  .slice(0, limit);
const temp = mkdtempSync(join(tmpdir(), 'policy-qa-bench-d1-'));

function reusableStatutes(): string | undefined {
  if (!existsSync(STATUTES_KB)) return undefined;
  const db = new Database(STATUTES_KB, { readonly: true, fileMustExist: true });
  try {
    const meta = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'meta'").get() as { value: string }).value) as { version: number; documentCount: number };
    const known = (db.prepare('SELECT count(*) AS n FROM known_questions').get() as { n: number }).n;
    return meta.version === KB_FORMAT_VERSION && known === 0 && meta.documentCount > 1000 ? STATUTES_KB : undefined;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

let kbPath = reusableStatutes();
if (!kbPath) {
  kbPath = join(temp, 'statutes.sqlite');
  console.error(`bench:worker:d1: building all statutes into ${kbPath} …`);
  await runIngest({ inputs: [settings.CORPUS_DIR, `${SHARED}/stard/laws`], kbPath, full: true, limits: settings });
}

interface Sample {
  ms: number;
  rounds: number;
  d1Ms: number;
}

async function timeGet(base: URL, path: string): Promise<Sample> {
  const t0 = performance.now();
  const res = await fetch(new URL(path, base));
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok && res.status !== 404) throw new Error(`${path}: HTTP ${res.status}`);
  const timing = res.headers.get('Server-Timing') ?? '';
  return { ms, rounds: Number(/rounds (\d+)/.exec(timing)?.[1] ?? NaN), d1Ms: Number(/dur=([\d.]+)/.exec(timing)?.[1] ?? NaN) };
}

const ask = (q: string) => `/api/ask?q=${encodeURIComponent(q)}`;
const pick = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: pick(s, 0.5), p99: pick(s, 0.99), max: s[s.length - 1] };
};

async function pass(base: URL): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const q of questions) out.push(await timeGet(base, ask(q)));
  return out;
}

// Baseline: the Node server over the same file, as src/node.ts serves it (answer cache off: every ask computed).
const service = loadService(kbPath, { ...settings, ANSWER_CACHE_SIZE: 0 });
const server = serve({ fetch: createApp({ service: () => service, settings: { ...settings, RATE_LIMIT: 0 } }).fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const nodeUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
const nodeCold = await pass(nodeUrl);
const nodeWarm = await pass(nodeUrl);
server.close();

// The Worker in D1 mode: build (head + SQL), local D1 loaded, then the first requests of the fresh isolate.
const persist = join(temp, 'wrangler');
process.env.KB_PATH = kbPath;
const t0 = performance.now();
const worker = await unstable_startWorker({
  config: 'wrangler.toml',
  env: 'd1',
  bindings: { RATE_LIMIT: { type: 'plain_text', value: '0' }, LOG_PATH: { type: 'plain_text', value: 'off' } },
  dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist, watch: false, logLevel: 'warn' },
});
await worker.ready;
const readyMs = performance.now() - t0;
const sqlDir = join(temp, 'kb-d1');
cpSync('dist/worker/kb-d1', sqlDir, { recursive: true });
const files = readdirSync(sqlDir)
  .filter((f) => /^\d+\.sql$/.test(f))
  .sort();
const sqlMb = files.reduce((n, f) => n + readFileSync(join(sqlDir, f)).byteLength, 0) / 1024 / 1024;
// The schema through wrangler (npm run kb:d1's way, which also makes the local database); the rows straight into it.
execFileSync('node_modules/.bin/wrangler', ['d1', 'execute', 'policy-qa-kb', '--local', '--env', 'd1', '--persist-to', persist, '--yes', '--file', join(sqlDir, files[0])], {
  stdio: 'pipe',
  env: { ...process.env, CI: 'true' },
});
const d1Dir = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject');
const d1File = readdirSync(d1Dir)
  .filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')
  .map((f) => join(d1Dir, f))
  .find((f) => {
    const db = new Database(f, { readonly: true });
    try {
      return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'kb_meta'").get());
    } finally {
      db.close();
    }
  })!;
const db = new Database(d1File);
for (const f of files.slice(1)) db.exec(readFileSync(join(sqlDir, f), 'utf8'));
db.close();
const workerUrl = await worker.url;
const noop = await timeGet(workerUrl, '/api/nope');
const health = await timeGet(workerUrl, '/healthz');
const first = await timeGet(workerUrl, ask(questions[0]));
const second = await timeGet(workerUrl, ask(questions[1]));
const workerCold = await pass(workerUrl);
const workerWarm = await pass(workerUrl);
await worker.dispose();
rmSync(temp, { recursive: true, force: true });

const ms = (n: number) => `${n.toFixed(1)} ms`;
const row = (name: string, node: Sample[], w: Sample[]) => {
  const [n, x] = [stats(node.map((s) => s.ms)), stats(w.map((s) => s.ms))];
  const r = stats(w.map((s) => s.rounds));
  const d = stats(w.map((s) => s.d1Ms));
  return `| ${name} | ${ms(n.median)} / ${ms(n.p99)} | ${ms(x.median)} / ${ms(x.p99)} | ${(x.median / n.median).toFixed(2)} | ${r.median} / ${r.max} | ${ms(d.median)} / ${ms(d.p99)} |`;
};
console.log(`${questions.length} questions (seed-dev + STARD train), each asked once per pass, over HTTP on 127.0.0.1; ${kbPath}; D1 SQL ${sqlMb.toFixed(0)} MB in ${files.length} files\n`);
console.log(`Worker (wrangler dev --env d1, workerd, local D1): ready ${ms(readyMs)} (build command: head + SQL export, bundle, workerd); first request ${ms(noop.ms)}; ` +
  `/healthz (head + jieba-wasm load) ${ms(health.ms)}; first /api/ask ${ms(first.ms)} (${first.rounds} D1 rounds); second ${ms(second.ms)} (${second.rounds})\n`);
console.log('| /api/ask | Node median / p99 | Worker D1 median / p99 | ratio (medians) | D1 rounds median / max | D1 wait median / p99 |');
console.log('|---|---|---|---|---|---|');
console.log(row('first pass (cold caches)', nodeCold, workerCold));
console.log(row('second pass (warm isolate)', nodeWarm, workerWarm));
