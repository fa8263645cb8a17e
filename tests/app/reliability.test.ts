// Reliability limits on the real app in-process: per-client rate limiting (429 +
// Retry-After, keyed by the connection's address, X-Forwarded-For only behind a
// trusted proxy), body size limits on POST, the per-request time limit, the
// structured request log (no IPs, no question text), the answer cache, the
// reload route's token, and the service holder closing a replaced knowledge base
// only after the requests that may use it have finished.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, nodeClientKey } from '../../src/adapters/node/client-key.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { FairTurns } from '../../src/adapters/node/fair-turns.js';
import { nodeLogger } from '../../src/adapters/node/logger.js';
import { ServiceHolder } from '../../src/adapters/node/service-holder.js';
import { createApp } from '../../src/app/create-app.js';
import { askResponseInLang } from '../../src/i18n/traditional.js';
import type { AskResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../src/settings.js';
import { TokenBuckets } from '../../src/app/middleware/rate-limit.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';
import { collectingLogger } from '../helpers/log-lines.js';

let ctx: CorpusApp;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

const QUESTION = '2021年市政府办结了多少件行政复议申请？';
const ADMIN_TOKEN = 'reliability-test-token-0123456789';

/** What @hono/node-server passes as env: the socket the request came on. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

function appWith(overrides: Partial<Settings>, extra: Partial<Parameters<typeof createApp>[0]> = {}) {
  const settings = { ...DEFAULT_SETTINGS, ...overrides };
  return createApp({ service: () => ctx.service, settings, clientKey: nodeClientKey(settings.TRUSTED_PROXY), ...extra });
}

describe('settings', () => {
  it('parses the reliability settings and refuses nonsense', () => {
    const s = parseSettings({ RATE_LIMIT: '0', TRUSTED_PROXY: 'on', ANSWER_CACHE_SIZE: '0', MAX_BODY_BYTES: '1024' });
    expect(s.RATE_LIMIT).toBe(0);
    expect(s.TRUSTED_PROXY).toBe(true);
    expect(s.ANSWER_CACHE_SIZE).toBe(0);
    expect(DEFAULT_SETTINGS.TRUSTED_PROXY).toBe(false);
    expect(() => parseSettings({ TRUSTED_PROXY: 'maybe' })).toThrow(/TRUSTED_PROXY must be on or off/);
    expect(() => parseSettings({ RATE_LIMIT: '-1' })).toThrow(/RATE_LIMIT/);
  });
});

describe('rate limiting', () => {
  it('a token bucket allows a burst, then refuses with the seconds until the next token, and refills', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, 3, 100, () => now); // one token a second
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0); // another client has its own bucket
    now += 1000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  it('keeps the table of clients bounded under a flood of distinct addresses', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, 3, 1000, () => now);
    for (let i = 0; i < 50_000; i++) {
      now += 0.01;
      buckets.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    }
    expect(buckets.clients).toBeLessThanOrEqual(1000);
  });

  it('keys clients by address: IPv4, IPv4-mapped IPv6, and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('not an address')).toBeUndefined();
  });

  it('answers 429 with Retry-After on /api/* (JSON) and /ask (a page) once a client’s burst is spent; others and other routes unaffected', async () => {
    const app = appWith({ RATE_LIMIT: 60, RATE_LIMIT_BURST: 3 });
    const a = fromAddress('198.51.100.1');
    for (let i = 0; i < 3; i++) expect((await app.request(`/api/ask?q=${encodeURIComponent(QUESTION)}`, {}, a)).status).toBe(200);
    const api = await app.request('/api/search?q=行政复议', {}, a);
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect((await api.json()) as unknown).toEqual({ error: expect.stringMatching(/^rate limit: /) });
    const page = await app.request('/ask?q=行政复议', {}, a);
    expect(page.status).toBe(429);
    expect(page.headers.get('Retry-After')).toBeTruthy();
    expect(await page.text()).toContain('请求太频繁');
    // Every public page shares the client's bucket (issue #16); another client is not affected.
    expect((await app.request('/search?q=行政复议', {}, a)).status).toBe(429);
    expect((await app.request('/api/ask?q=行政复议', {}, fromAddress('198.51.100.2'))).status).toBe(200);
    // IPv4 over an IPv6 socket is the same client.
    expect((await app.request('/api/ask?q=行政复议', {}, fromAddress('::ffff:198.51.100.1'))).status).toBe(429);
  });

  it('ignores X-Forwarded-For unless TRUSTED_PROXY is on, and then uses its last entry', async () => {
    const proxy = fromAddress('127.0.0.1');
    const spoof = (i: number) => ({ headers: { 'X-Forwarded-For': `192.0.2.${i}` } });
    const direct = appWith({ RATE_LIMIT: 60, RATE_LIMIT_BURST: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await direct.request('/api/status', spoof(i), proxy)).status);
    expect(statuses).toEqual([200, 200, 429, 429]);

    const proxied = appWith({ RATE_LIMIT: 60, RATE_LIMIT_BURST: 2, TRUSTED_PROXY: true });
    for (let i = 0; i < 4; i++) expect((await proxied.request('/api/status', spoof(i), proxy)).status).toBe(200);
    // The client may prepend anything; the proxy's own (last) entry decides.
    const forged = (i: number) => ({ headers: { 'X-Forwarded-For': `10.0.0.${i}, 192.0.2.99` } });
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await proxied.request('/api/status', forged(i), proxy)).status);
    expect(seen).toEqual([200, 200, 429]);
  });

  it('RATE_LIMIT=0 turns it off', async () => {
    const app = appWith({ RATE_LIMIT: 0, RATE_LIMIT_BURST: 1 });
    for (let i = 0; i < 5; i++) expect((await app.request('/api/status', {}, fromAddress('198.51.100.9'))).status).toBe(200);
  });
});

describe('request body limits', () => {
  it('refuses a body over MAX_BODY_BYTES: 413 JSON on /api/feedback, a page on /feedback', async () => {
    const app = appWith({ MAX_BODY_BYTES: 1024 });
    const big = JSON.stringify({ id: '0'.repeat(24), useful: true, pad: 'x'.repeat(5000) });
    const api = await app.request('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(api.status).toBe(413);
    expect(await api.json()).toEqual({ error: 'body: larger than 1024 bytes' });
    // With a Content-Length header the size is refused before the body is read.
    const declared = await app.request('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length) },
      body: big,
    });
    expect(declared.status).toBe(413);
    const form = await app.request('/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
      body: `id=${'0'.repeat(24)}&useful=1&q=${'x'.repeat(5000)}`,
    });
    expect(form.status).toBe(413);
    expect(await form.text()).toContain('提交的内容太长');
    // A normal body still goes through (no question log here: 503 from the handler, not a limit).
    const small = await app.request('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":"' + '0'.repeat(24) + '","useful":true}' });
    expect(small.status).toBe(503);
  });
});

describe('time limit per request', () => {
  it('answers 503 {error: "timeout: …"} when a request body never finishes arriving', async () => {
    const app = appWith({ REQUEST_TIMEOUT_MS: 300 });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":"'));
        // …and never more: a client trickling its body.
      },
    });
    const started = performance.now();
    const res = await app.request('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('1');
    expect(await res.json()).toEqual({ error: 'timeout: no response within 300 ms; try again' });
    console.log(`time limit: 503 after ${ms.toFixed(0)} ms (REQUEST_TIMEOUT_MS 300)`);
    expect(ms).toBeGreaterThanOrEqual(290); // not before the limit; a hang is the test's own timeout
  });
});

describe('structured request log', () => {
  it('writes one JSON line per request: time, method, route, status, latency, answered — no IP, no question text', async () => {
    const logger = collectingLogger();
    const lines = logger.lines;
    const app = appWith({ RATE_LIMIT: 60, RATE_LIMIT_BURST: 1 }, { logger });
    const client = fromAddress('203.0.113.50');
    await app.request(`/api/ask?q=${encodeURIComponent(QUESTION)}`, {}, client);
    await app.request(`/api/ask?q=${encodeURIComponent('茂名市2021年办结了多少件行政复议申请？')}`, {}, client); // 429
    await app.request('/doc/no-such-document', {}, fromAddress('203.0.113.51'));
    expect(lines).toHaveLength(3);
    const entries = lines.map((l) => {
      expect(l.endsWith('\n')).toBe(true);
      expect(l.trim()).not.toContain('\n');
      return JSON.parse(l) as Record<string, unknown>;
    });
    expect(entries[0]).toEqual({ time: expect.any(String), level: 'info', msg: 'request', method: 'GET', route: '/api/ask', status: 200, ms: expect.any(Number), answered: true });
    expect(entries[1]).toMatchObject({ level: 'warn', route: '/api/*', status: 429 });
    expect(entries[2]).toMatchObject({ level: 'info', route: '/doc/:id', status: 404 });
    expect(entries[2]).not.toHaveProperty('answered');
    const all = lines.join('');
    expect(all).not.toContain('203.0.113.50');
    expect(all).not.toContain('行政复议');
    expect(all).not.toContain('no-such-document');
  });

  it('follows LOG_LEVEL: warn keeps only refusals and errors, silent nothing', async () => {
    for (const [level, expected] of [
      ['warn', 1],
      ['silent', 0],
    ] as const) {
      const logger = collectingLogger(level);
      const lines = logger.lines;
      const app = appWith({ LOG_LEVEL: level, RATE_LIMIT: 60, RATE_LIMIT_BURST: 1 }, { logger });
      await app.request('/api/status', {}, fromAddress('203.0.113.51'));
      await app.request('/api/status', {}, fromAddress('203.0.113.51'));
      expect(lines, level).toHaveLength(expected);
    }
  });
});

describe('log lines on Node', () => {
  it('are buffered and written off the event loop in batches, whole and in order; flushSync() writes what waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-qa-log-'));
    try {
      const file = join(dir, 'out.log');
      // A long timer: only the buffer filling up, or flushSync, writes.
      const logger = nodeLogger('info', { dest: file, minLength: 400, flushMs: 60_000 });
      await new Promise((r) => setTimeout(r, 50)); // the file is open
      const read = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
      for (let i = 0; i < 3; i++) logger.info({ n: i }, 'line');
      logger.debug({ n: -1 }, 'below LOG_LEVEL');
      await new Promise((r) => setTimeout(r, 50));
      expect(read()).toBe(''); // fewer than minLength bytes: still waiting
      for (let i = 3; i < 12; i++) logger.info({ n: i }, 'line');
      await new Promise((r) => setTimeout(r, 100));
      const batched = read();
      expect(batched.length).toBeGreaterThan(400); // past minLength: written without a flush
      expect(batched.endsWith('\n')).toBe(true);
      logger.warn({ last: true }, 'the end');
      logger.flushSync();
      const entries = read().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(entries.map((e) => e.n ?? 'last')).toEqual([...Array(12).keys(), 'last']);
      expect(entries[0]).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level: 'info', msg: 'line', n: 0 });
      expect(entries.at(-1)).toEqual({ time: expect.any(String), level: 'warn', msg: 'the end', last: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reach the log within the flush interval on a quiet server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-qa-log-'));
    try {
      const file = join(dir, 'out.log');
      const logger = nodeLogger('info', { dest: file, flushMs: 50 });
      logger.info({ quiet: true }, 'alone');
      const until = Date.now() + 2000;
      while (!(existsSync(file) && readFileSync(file, 'utf8').includes('"alone"')) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ level: 'info', msg: 'alone', quiet: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('answer cache', () => {
  it('answers a repeated identical question from the cache: the same answer as without one', () => {
    const cached = loadService(ctx.kbPath, { ...DEFAULT_SETTINGS, ANSWER_CACHE_SIZE: 10 });
    const uncached = loadService(ctx.kbPath, { ...DEFAULT_SETTINGS, ANSWER_CACHE_SIZE: 0 });
    const first = cached.ask(QUESTION);
    expect(cached.ask(QUESTION)).toBe(first); // the very object: served from the cache
    expect(cached.ask(`  ${QUESTION} `)).toBe(first); // same text once cleaned
    expect(cached.ask(`\u200b${QUESTION}\ufeff`)).toBe(first);
    // Typed dirty first, the answer is still found by its clean form, and the echo is the clean question.
    const other = '全市有多少家执法单位开通了行政执法“两平台”账户？';
    const dirty = cached.ask(`\u200b${other} `);
    expect(dirty.question).toBe(other);
    expect(cached.ask(other)).toBe(dirty);
    expect(Object.isFrozen(first) && Object.isFrozen(first.citations[0])).toBe(true);
    expect(uncached.ask(QUESTION)).not.toBe(uncached.ask(QUESTION));
    expect(JSON.parse(JSON.stringify(first))).toEqual(JSON.parse(JSON.stringify(uncached.ask(QUESTION))));
    // Errors are never cached.
    expect(() => cached.ask('')).toThrow(/query:/);
    expect(() => cached.ask('')).toThrow(/query:/);
  });

  it('sends a cached answer as the very bytes of its JSON, with a fresh id each time (both scripts), and the same headers', async () => {
    const service = loadService(ctx.kbPath, { ...DEFAULT_SETTINGS, ANSWER_CACHE_SIZE: 10 });
    const queryLog = { record: () => undefined, feedback: () => 'unknown' as const, popular: () => [] };
    const app = createApp({ service: () => service, settings: DEFAULT_SETTINGS, queryLog });
    for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const res = await app.request(`/api/ask?q=${encodeURIComponent(QUESTION)}&lang=${lang}`);
        expect(res.headers.get('Content-Type')).toBe('application/json');
        const text = await res.text();
        const id = (JSON.parse(text) as { id: string }).id;
        ids.add(id);
        expect(text).toBe(JSON.stringify({ ...askResponseInLang(service.ask(QUESTION), lang), next: null, hint: null, id }));
      }
      expect(ids.size).toBe(3);
    }
    // With the headers every other API response gets (safe headers, CORS for listed origins, Vary).
    const portal = 'https://www.example.gov.cn';
    const cors = createApp({ service: () => service, settings: { ...DEFAULT_SETTINGS, ALLOWED_ORIGINS: [portal] }, queryLog });
    const headersOf = async (path: string, origin: string) =>
      [...(await cors.request(path, { headers: { Origin: origin } })).headers].filter(([name]) => name !== 'content-length');
    for (const origin of [portal, 'https://elsewhere.example.com']) {
      await cors.request(`/api/ask?q=${encodeURIComponent(QUESTION)}`);
      // …plus Cache-Control: a question may be personal (/api/status carries none).
      const ask = await headersOf(`/api/ask?q=${encodeURIComponent(QUESTION)}`, origin);
      expect(ask).toContainEqual(['cache-control', 'private, no-store']);
      expect(ask.filter(([name]) => name !== 'cache-control')).toEqual(await headersOf('/api/status', origin));
    }
  });

  it('is bounded: the least recently asked question goes first; asking the newest again keeps the order right', () => {
    const [a, b, c, d, e, f, g] = ['行政复议', '法治政府建设', '行政执法', '政务公开', '依法行政', '重大行政决策', '普法'];
    /** A service with an answer cache of `size`, and `ask(q)`: true when q's answer came from the cache (the very object). */
    const cacheOf = (size: number) => {
      const service = loadService(ctx.kbPath, { ...DEFAULT_SETTINGS, ANSWER_CACHE_SIZE: size });
      const last = new Map<string, AskResponse>();
      const ask = (q: string) => {
        const response = service.ask(q);
        const hit = last.get(q) === response;
        last.set(q, response);
        return hit;
      };
      return { service, ask };
    };
    const T = true;
    const F = false;
    const three = cacheOf(3);
    expect([a, b, c, a, d].map(three.ask)).toEqual([F, F, F, T, F]); // d drops b, not a (asked again)
    expect([a, c, d, b].map(three.ask)).toEqual([T, T, T, F]);
    // Asking for the newest entry again (a question in the news) keeps the order right for the others.
    const hot = cacheOf(2);
    expect([a, b, b, a, a, c].map(hot.ask)).toEqual([F, F, T, T, T, F]); // c drops b
    expect([a, d].map(hot.ask)).toEqual([T, F]); // d drops c
    expect([a, d, c, b].map(hot.ask)).toEqual([T, T, F, F]);
    // An answer stored makes its question the newest: the one read just before it is no longer last.
    const stored = cacheOf(2);
    expect([e, e, f, e, g].map(stored.ask)).toEqual([F, T, F, T, F]); // g drops f
    expect([e, g, f].map(stored.ask)).toEqual([T, T, F]);
    const newest = cacheOf(2);
    expect([e, f, f, g].map(newest.ask)).toEqual([F, F, T, F]); // g drops e
    expect([f, g, e].map(newest.ask)).toEqual([T, T, F]);
    const off = cacheOf(0);
    expect([a, a].map(off.ask)).toEqual([F, F]);
    for (const { service } of [three, hot, stored, newest, off]) closeService(service);
  });
});

describe('reload', () => {
  it('POST /admin/reload needs ADMIN_TOKEN as a Bearer token and is absent when none is set', async () => {
    let reloads = 0;
    const reload = async () => (reloads++, { passages: 29, builtAt: 'now', ms: 1 });
    const off = appWith({}, { reload });
    expect((await off.request('/admin/reload', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(404);
    const on = appWith({ ADMIN_TOKEN }, { reload });
    const none = await on.request('/admin/reload', { method: 'POST' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: expect.stringMatching(/^unauthorized: /) });
    expect((await on.request('/admin/reload', { method: 'POST', headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await on.request('/admin/reload', { method: 'GET', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(404);
    expect(reloads).toBe(0);
    const ok = await on.request('/admin/reload', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'reloaded', passages: 29, builtAt: 'now', ms: 1 });
    expect(reloads).toBe(1);
  });

  it('reports a failed reload and keeps serving the previous knowledge base', async () => {
    const holder = new ServiceHolder(ctx.service, () => loadService(`${ctx.dir}/missing.sqlite`, DEFAULT_SETTINGS), closeService);
    const app = appWith({ ADMIN_TOKEN }, { service: () => holder.get(), reload: () => holder.reload() });
    const res = await app.request('/admin/reload', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/^reload: knowledge base: no file at .*still serving the previous knowledge base$/);
    expect(holder.get()).toBe(ctx.service);
    expect((await app.request('/api/ask?q=行政复议')).status).toBe(200);
  });

  it('closes a replaced knowledge base only after the requests begun before the swap have finished', async () => {
    const closed: unknown[] = [];
    const open = () => loadService(ctx.kbPath, DEFAULT_SETTINGS);
    const first = open();
    const holder = new ServiceHolder(first, open, (s) => {
      closed.push(s);
      closeService(s);
    });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    // A request in flight: it got the first service, then waits (as for a slowly sent body).
    const inFlight = holder.track(async () => {
      const service = holder.get();
      await gate;
      return service.search('行政复议').total;
    });
    const result = await holder.reload();
    expect(result.passages).toBe(first.kb.passageCount);
    expect(holder.get()).not.toBe(first);
    expect(closed).toEqual([]); // still in use
    finish();
    expect(await inFlight).toBeGreaterThan(0); // its knowledge base was still open
    expect(closed).toEqual([first]);
    expect(() => first.kb.store.passage(0)).toThrow(/not open/);
    // New requests use the new service, which stays open.
    expect(await holder.track(() => holder.get().search('行政复议').total)).toBeGreaterThan(0);
    holder.closeAll();
    expect(closed).toHaveLength(2);
  });
});

describe('fair turns', () => {
  it('starts CPU-bound work in arrival order and gives the event loop back between slices', async () => {
    const turns = new FairTurns(5);
    const order: number[] = [];
    let loopTurns = 0;
    // Counts trips through the event loop while the work runs (what lets Node accept connections).
    const ticker = setInterval(() => loopTurns++, 0);
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const jobs = Array.from({ length: 20 }, (_, i) =>
      turns.run(async () => {
        order.push(i);
        busy(4);
        return i;
      }),
    );
    expect(await Promise.all(jobs)).toEqual([...Array(20).keys()]);
    clearInterval(ticker);
    expect(order).toEqual([...Array(20).keys()]);
    // 20 × 4 ms in 5 ms slices: the loop came round between most of them.
    expect(loopTurns).toBeGreaterThanOrEqual(5);
    // A failing request fails alone.
    await expect(turns.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(turns.run(() => { throw new Error('sync boom'); })).rejects.toThrow('sync boom');
    expect(await turns.run(async () => 'after')).toBe('after');
    expect(turns.queued).toBe(0);
  });
});
