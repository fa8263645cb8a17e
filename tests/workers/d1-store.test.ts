// The Worker in D1 mode on local workerd (wrangler.toml's [env.d1]) against Node, over the all-statutes knowledge
// base (corpus/ + ../shared/stard/laws, 84 MB: too big for the bundle): the head bundled, posting lists, passages
// and paragraphs in a local D1 database, every seed-dev question and 100 STARD train questions (a fixed spread,
// read in place) answered the same — the same answer and first citation as the Node service over the same file.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { KB_FORMAT_VERSION } from '../../src/model/store.js';
import { filtersFromParams, type AskResponse, type QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';
import { withWorkerBuildLock } from './harness.js';

const SHARED = join(REPO_ROOT, '..', 'shared');
const STATUTES_KB = join(REPO_ROOT, 'data', 'kb-statutes.sqlite');
const WRANGLER = join(REPO_ROOT, 'node_modules', '.bin', 'wrangler');

process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_SEND_METRICS = 'false';

/** data/kb-statutes.sqlite when it is all statutes in the current format without known questions (as bench:mix reuses it). */
function reusableStatutes(): string | undefined {
  if (!existsSync(STATUTES_KB)) return undefined;
  try {
    const db = new Database(STATUTES_KB, { readonly: true, fileMustExist: true });
    try {
      const meta = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'meta'").get() as { value: string }).value) as { version: number; documentCount: number };
      const known = (db.prepare('SELECT count(*) AS n FROM known_questions').get() as { n: number }).n;
      return meta.version === KB_FORMAT_VERSION && known === 0 && meta.documentCount > 1000 ? STATUTES_KB : undefined;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

function questionsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { question: string }).question);
}

/** Every seed-dev question, and 100 STARD train questions spread evenly over the file. */
function parityQuestions(): string[] {
  const stard = questionsOf(join(SHARED, 'stard', 'train.jsonl'));
  const step = Math.floor(stard.length / 100);
  return [...questionsOf(join(SHARED, 'eval', 'seed-dev.jsonl')), ...Array.from({ length: 100 }, (_, i) => stard[i * step])];
}

/** The local D1 database file wrangler made for policy-qa-kb (the one holding kb_meta). */
function localKbDatabase(persistDir: string): string {
  const dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')) {
    const db = new Database(join(dir, name), { readonly: true });
    try {
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'kb_meta'").get()) return join(dir, name);
    } finally {
      db.close();
    }
  }
  throw new Error('no local policy-qa-kb database');
}

let tempDir: string | undefined;
let persistDir: string;
let node: QaService;
let worker: Awaited<ReturnType<typeof unstable_startWorker>> | undefined;
let url: URL;

beforeAll(async () => {
  let kbPath = reusableStatutes();
  if (!kbPath) {
    tempDir = mkdtempSync(join(tmpdir(), 'policy-qa-d1-'));
    kbPath = join(tempDir, 'statutes.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, join(SHARED, 'stard', 'laws')], kbPath, full: true, root: REPO_ROOT });
  }
  node = loadService(kbPath, DEFAULT_SETTINGS);
  persistDir = mkdtempSync(join(tmpdir(), 'policy-qa-d1-worker-'));
  const started = performance.now();
  // wrangler.toml's [env.d1] build command (npm run build:worker -- --d1) exports KB_PATH: the head into
  // dist/worker/kb.bin, the rest as SQL into dist/worker/kb-d1/.
  process.env.KB_PATH = kbPath;
  const sqlDir = join(persistDir, 'kb-d1');
  worker = await withWorkerBuildLock(async () => {
    const w = await unstable_startWorker({
      config: join(REPO_ROOT, 'wrangler.toml'),
      env: 'd1',
      bindings: { RATE_LIMIT: { type: 'plain_text', value: '0' }, LOG_PATH: { type: 'plain_text', value: 'off' } },
      dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist: persistDir, watch: false, logLevel: 'warn' },
    });
    await w.ready;
    // The SQL that build wrote, kept before anything else builds into dist/worker/.
    cpSync(join(REPO_ROOT, 'dist', 'worker', 'kb-d1'), sqlDir, { recursive: true });
    return w;
  });
  // Loaded before the first request reaches D1. The schema through wrangler, as npm run kb:d1 loads it (and so
  // wrangler makes the local database); the rows, the same SQL files, straight into that SQLite file: wrangler
  // executes about 1 MB/s, two minutes for all statutes.
  const files = readdirSync(sqlDir)
    .filter((f) => /^\d+\.sql$/.test(f))
    .sort();
  execFileSync(WRANGLER, ['d1', 'execute', 'policy-qa-kb', '--local', '--env', 'd1', '--persist-to', persistDir, '--yes', '--file', join(sqlDir, files[0])], {
    cwd: REPO_ROOT,
    env: { ...process.env, CI: 'true' },
    stdio: 'pipe',
  });
  const db = new Database(localKbDatabase(persistDir));
  try {
    for (const f of files.slice(1)) db.exec(readFileSync(join(sqlDir, f), 'utf8'));
  } finally {
    db.close();
  }
  url = await worker.url;
  const t0 = performance.now();
  await (await fetch(new URL('/healthz', url))).text();
  console.log(`d1 worker: built, loaded and started in ${((t0 - started) / 1000).toFixed(1)} s; first request ${(performance.now() - t0).toFixed(0)} ms`);
}, 240_000);

afterAll(async () => {
  await worker?.dispose();
  if (node) closeService(node);
  if (persistDir) rmSync(persistDir, { recursive: true, force: true });
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

describe('the Worker over D1 (all statutes) answers as Node does', () => {
  it('/healthz: the whole knowledge base, from the bundled head', async () => {
    const res = await fetch(new URL('/healthz', url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; passages: number };
    expect(body).toMatchObject({ status: 'ok', passages: node.kb.passageCount });
  });

  it('/api/ask: the same answer and first citation for every seed-dev and 100 STARD questions', async () => {
    const rounds: number[] = [];
    let answered = 0;
    for (const q of parityQuestions()) {
      const res = await fetch(new URL('/api/ask?q=' + encodeURIComponent(q), url));
      expect(res.status, q).toBe(200);
      const w = (await res.json()) as AskResponse;
      const n = node.ask(q);
      expect(w.answer, q).toBe(n.answer);
      expect(w.citations[0]?.id, q).toBe(n.citations[0]?.id);
      if (w.answer !== null) answered++;
      rounds.push(Number(/rounds (\d+)/.exec(res.headers.get('Server-Timing') ?? '')?.[1]));
    }
    rounds.sort((a, b) => a - b);
    console.log(`d1 worker: D1 rounds per question median ${rounds[rounds.length >> 1]}, max ${rounds[rounds.length - 1]}; ${answered} answered`);
    expect(answered).toBeGreaterThan(20);
    expect(rounds[rounds.length - 1]).toBeLessThanOrEqual(8);
  }, 180_000);

  it('/api/search and /doc pages read D1 too', async () => {
    const q = questionsOf(join(SHARED, 'stard', 'train.jsonl'))[0];
    const res = await fetch(new URL('/api/search?limit=10&q=' + encodeURIComponent(q), url));
    const w = (await res.json()) as { results: { id: string }[] };
    const want = node.search(q, 10, 0, filtersFromParams([], []), DEFAULT_SETTINGS.RESULTS_PER_DOCUMENT);
    expect(w.results.map((r) => r.id)).toEqual(want.results.map((r) => r.id));
    const docId = w.results[0].id.replace(/:\d+(?:\.\d+)?$/, '');
    const page = await (await fetch(new URL(`/doc/${encodeURIComponent(docId)}`, url))).text();
    const first = node.kb.document(docId)!.paragraphs.at(-1)!.text;
    expect(page).toContain(first.slice(0, 12));
  });
});
