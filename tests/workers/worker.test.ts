// The Worker on workerd (started locally like `npx wrangler dev`) against Node:
// the same knowledge-base file served by both, each with its question log, and
// - every seed-dev question gets the same answer and citations (issue #6's parity test),
// - pages, fragments and errors are the same bytes,
// - the HTTP API contract holds on the Worker,
// - static assets (htmx, CSS, scripts) come from Workers static assets with Node's headers,
// - questions and feedback reach the D1 question log.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryLog, type SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { nodeStaticAssets } from '../../src/adapters/node/static.js';
import { createApp } from '../../src/app/create-app.js';
import type { AskResponse, SearchResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';
import { startLocalWorker, type LocalWorker } from './harness.js';

const SEED_DEV = new URL('../../../shared/eval/seed-dev.jsonl', import.meta.url);
const QUESTION = '2021年市政府办结了多少件行政复议申请？';

/** /api/ask: the answer and, added by the route, the question log's id for feedback (null without a log). */
type AskJson = AskResponse & { id: string | null };

let node: CorpusApp;
let nodeLog: SqliteQueryLog;
/** The Node server as src/node.ts wires it: static files and a question log. */
let nodeApp: Hono;
let worker: LocalWorker;

const seedQuestions = () =>
  readFileSync(SEED_DEV, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; question: string });

beforeAll(async () => {
  node = await setupCorpusApp();
  nodeLog = openQueryLog(join(node.dir, 'log.sqlite'), { popularMinCount: DEFAULT_SETTINGS.POPULAR_MIN_COUNT })!;
  nodeApp = createApp({ service: () => node.service, settings: DEFAULT_SETTINGS, staticAssets: nodeStaticAssets(), queryLog: nodeLog });
  worker = await startLocalWorker(node.kbPath);
  const t0 = performance.now();
  await (await worker.get('/healthz')).text();
  const t1 = performance.now();
  await (await worker.get('/api/nope')).text();
  const t2 = performance.now();
  console.log(
    `worker: wrangler ready after ${worker.startMs.toFixed(0)} ms (build command included); ` +
      `first request ${(t1 - t0).toFixed(0)} ms (workerd start, knowledge base and jieba-wasm load); next ${(t2 - t1).toFixed(0)} ms`,
  );
}, 180_000);

afterAll(async () => {
  await worker?.dispose();
  nodeLog?.close();
  node?.cleanup();
});

/** The same request to the Worker (over HTTP) and to the Node app. */
async function both(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const [w, n] = await Promise.all([worker.get(path, init), nodeApp.request(path, init)]);
  return { worker: w, node: n };
}

/** Question ids are random per request: compare everything else. */
const maskIds = (text: string) => text.replace(/\b[0-9a-f]{24}\b/g, '<id>');

async function json<T>(res: Response, status = 200): Promise<T> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as T;
}

describe('parity with Node on every seed-dev question (issue #6)', () => {
  it('/api/ask: the same answer and first citation — indeed the same JSON — for all 30 questions', async () => {
    const items = seedQuestions();
    expect(items.length).toBe(30);
    let answered = 0;
    for (const item of items) {
      const r = await both('/api/ask?q=' + encodeURIComponent(item.question));
      const [w, n] = [await json<AskJson>(r.worker), await json<AskJson>(r.node)];
      expect(w.answer, item.id).toBe(n.answer);
      expect(w.citations[0]?.id, item.id).toBe(n.citations[0]?.id);
      // Both log the question, so both hand out a (random) id for feedback.
      expect(w.id, item.id).toMatch(/^[0-9a-f]{24}$/);
      expect({ ...w, id: null }, item.id).toEqual({ ...n, id: null });
      if (w.answer !== null) answered++;
    }
    expect(answered).toBeGreaterThan(20);
  });

  it('/api/search ranks the same passages with the same scores', async () => {
    for (const item of seedQuestions()) {
      const r = await both('/api/search?q=' + encodeURIComponent(item.question) + '&limit=20');
      expect(await json<SearchResponse>(r.worker), item.id).toEqual(await json<SearchResponse>(r.node));
    }
  });

  it('pages, fragments, documents and errors are the same bytes', async () => {
    const q = encodeURIComponent(QUESTION);
    const cases: [string, Record<string, string>?][] = [
      ['/'],
      [`/ask?q=${q}`],
      [`/ask?q=${q}`, { 'HX-Request': 'true' }],
      [`/ask?q=${q}&lang=zh-Hant`],
      ['/search?q=' + encodeURIComponent('行政复议') + '&offset=5'],
      ['/search?q=' + encodeURIComponent('行政复议'), { 'HX-Request': 'true' }],
      [`/doc/${REPORT_ID}?hl=31`],
      ['/doc/no-such-document'],
      ['/nope'],
      ['/api/nope'],
      ['/api/ask'],
      ['/api/ask?q=' + encodeURIComponent('   ')],
      ['/api/ask?q=' + encodeURIComponent('问'.repeat(DEFAULT_SETTINGS.MAX_QUERY_CHARS + 1))],
      ['/healthz'],
    ];
    for (const [path, headers] of cases) {
      const r = await both(path, { headers });
      expect(r.worker.status, path).toBe(r.node.status);
      expect(r.worker.headers.get('content-type'), path).toBe(r.node.headers.get('content-type'));
      expect(maskIds(await r.worker.text()), path).toBe(maskIds(await r.node.text()));
    }
  });
});

describe('the HTTP API contract on the Worker', () => {
  it('/healthz: ok, with the bundled knowledge base', async () => {
    const body = await json<{ status: string; passages: number; builtAt: string }>(await worker.get('/healthz'));
    expect(body.status).toBe('ok');
    expect(body.passages).toBe(node.report.passages);
    expect(body.builtAt).toBe(node.service.kb.builtAt);
  });

  it('/api/ask answers 108件 quoting its first citation', async () => {
    const body = await json<AskJson>(await worker.get('/api/ask?q=' + encodeURIComponent(QUESTION)));
    expect(body.question).toBe(QUESTION);
    expect(body.answer).toContain('108件');
    expect(body.facts).toContain('108件');
    expect(body.type).toBe('number');
    expect(body.reason).toBeNull();
    const [first] = body.citations;
    expect(first.id).toBe(`${REPORT_ID}:31`);
    expect(first.url).toBe(`/doc/${REPORT_ID}?hl=31#p-31`);
    expect(first.text).toContain(body.answer!.replace(/[。;；,，:：]$/, ''));
  });

  it('/api/ask refuses what the report does not say, still citing related passages', async () => {
    const body = await json<AskJson>(await worker.get('/api/ask?q=' + encodeURIComponent('2021年阳江的GDP总量有多少亿元？')));
    expect(body.answer).toBeNull();
    expect(typeof body.reason).toBe('string');
    expect(Array.isArray(body.citations)).toBe(true);
  });

  it('/api/search pages with limit and offset, refusing silly values as Node does', async () => {
    const all = await json<SearchResponse>(await worker.get('/api/search?q=' + encodeURIComponent('法治') + '&limit=20'));
    expect(all.total).toBeGreaterThan(10);
    const second = await json<SearchResponse>(await worker.get('/api/search?q=' + encodeURIComponent('法治') + '&limit=5&offset=5'));
    expect(second.results.map((r) => r.id)).toEqual(all.results.slice(5, 10).map((r) => r.id));
    const silly = await json<{ error: string }>(await worker.get('/api/search?q=' + encodeURIComponent('法治') + '&limit=abc&offset=-1'), 400);
    expect(silly.error).toMatch(/^query: limit must be a whole number from 1 to 100/);
    for (const r of all.results) expect(r.snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it('bad input is a 400 with the one error shape; unknown API routes a JSON 404', async () => {
    for (const path of ['/api/ask', '/api/ask?q=', '/api/search?q=%20%20', '/api/ask?q=' + '问'.repeat(DEFAULT_SETTINGS.MAX_QUERY_CHARS + 1)]) {
      const body = await json<{ error: string }>(await worker.get(path), 400);
      expect(body.error, path).toMatch(/^query: /);
    }
    expect((await json<{ error: string }>(await worker.get('/api/nope'), 404)).error).toContain('/api/nope');
  });

  it('escapes user text and sets the same security headers as Node', async () => {
    const path = '/search?q=' + encodeURIComponent('<script>alert(1)</script>');
    const r = await both(path);
    expect(await r.worker.text()).not.toContain('<script>alert(1)</script>');
    for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'x-frame-options']) {
      expect(r.worker.headers.get(name), name).toBe(r.node.headers.get(name));
      expect(r.worker.headers.get(name), name).toBeTruthy();
    }
  });

  it('htmx requests get the #results fragment, others a full page', async () => {
    const q = encodeURIComponent(QUESTION);
    const page = await (await worker.get(`/ask?q=${q}`)).text();
    expect(page.startsWith('<!doctype html>')).toBe(true);
    const fragment = await (await worker.get(`/ask?q=${q}`, { headers: { 'HX-Request': 'true' } })).text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('108件');
  });
});

describe('static assets', () => {
  const essence = (type: string | null) => (type ?? '').split(';')[0].trim().replace('application/javascript', 'text/javascript');

  it('serves every file the Node server serves, byte for byte, with its headers', async () => {
    const paths = ['/static/htmx.min.js', '/embed.js', ...readdirSync(new URL('../../public/', import.meta.url)).map((f) => `/static/${f}`)];
    for (const path of paths) {
      const r = await both(path);
      expect(r.node.status, `node ${path}`).toBe(200);
      expect(r.worker.status, path).toBe(200);
      expect(Buffer.from(await r.worker.arrayBuffer()).equals(Buffer.from(await r.node.arrayBuffer())), path).toBe(true);
      expect(essence(r.worker.headers.get('content-type')), path).toBe(essence(r.node.headers.get('content-type')));
      for (const name of [
        'cache-control',
        'cross-origin-resource-policy',
        'content-security-policy',
        'x-content-type-options',
        'referrer-policy',
        'x-frame-options',
      ]) {
        expect(r.worker.headers.get(name), `${path} ${name}`).toBe(r.node.headers.get(name));
      }
    }
  });

  it('does not publish the knowledge-base bundle, the wasm or the headers file', async () => {
    for (const path of ['/kb.bin', '/jieba_rs_wasm_bg.wasm', '/static/kb.bin', '/_headers', '/static/nope.js']) {
      expect((await worker.get(path)).status, path).toBe(404);
    }
  });
});

describe('D1 question log', () => {
  function d1Rows<T>(sql: string, ...params: unknown[]): T[] {
    const dir = join(worker.persistDir, 'v3', 'd1');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.sqlite'))
      .map((e) => join(e.parentPath, e.name));
    const rows: T[] = [];
    for (const file of files) {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'questions'").get()) rows.push(...(db.prepare(sql).all(...params) as T[]));
      } finally {
        db.close();
      }
    }
    return rows;
  }

  async function eventually<T>(read: () => T[], count: number): Promise<T[]> {
    let rows = read();
    for (let i = 0; i < 50 && rows.length < count; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = read();
    }
    return rows;
  }

  it('records asked questions with what was answered and cited, and takes 有用/没用 feedback', async () => {
    const question = `${QUESTION}（日志${Date.now()}）`;
    const asked = await json<AskJson>(await worker.get('/api/ask?q=' + encodeURIComponent(question)));
    expect(asked.id).toMatch(/^[0-9a-f]{24}$/);
    type Row = { id: string; question: string; answered: number; first_citation: string | null; channel: string; useful: number | null };
    const rows = await eventually(() => d1Rows<Row>('SELECT * FROM questions WHERE question = ?', question), 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: asked.id, answered: asked.answer === null ? 0 : 1, first_citation: asked.citations[0]?.id ?? null, channel: 'api', useful: null });

    const res = await worker.get('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: asked.id, useful: true }),
    });
    expect(await json<{ saved: boolean }>(res)).toMatchObject({ id: asked.id, useful: true, saved: true });
    expect(d1Rows<Row>('SELECT * FROM questions WHERE id = ?', asked.id)[0].useful).toBe(1);
    const unknown = await worker.get('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'f'.repeat(24), useful: false }),
    });
    expect(unknown.status).toBe(404);
    // One vote per answer, on D1 as on Node.
    const again = await worker.get('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: asked.id, useful: false }) });
    expect(again.status).toBe(409);
    expect(d1Rows<Row>('SELECT * FROM questions WHERE id = ?', asked.id)[0].useful).toBe(1);
  });
});
