// Who may vote 有用/没用, and how often (issue #16, findings 10 and 13): POST
// /api/feedback takes only JSON (a foreign page's text/plain POST needs no
// preflight, so it is refused with 415) from this site or a listed origin
// (403 otherwise, also without Origin when Sec-Fetch-Site says cross-site);
// one vote per answer on both feedback routes (409, the first vote kept); and
// both routes are rate-limited per client. Real app, real SQLite log.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';
const PORTAL = 'https://www.yangjiang.gov.cn';
const OTHER = 'https://evil.example.com';

let ctx: CorpusApp;
let log: SqliteQueryLog;
let logPath: string;

beforeAll(async () => {
  ctx = await setupCorpusApp();
  logPath = join(ctx.dir, 'feedback-log.sqlite');
  log = new SqliteQueryLog(logPath, { popularCacheMs: 0 });
});

afterAll(() => {
  log?.close();
  ctx?.cleanup();
});

function appWith(settings: Partial<Settings> = {}, clientKey?: () => string) {
  return createApp({ service: () => ctx.service, settings: { ...DEFAULT_SETTINGS, ...settings }, queryLog: log, clientKey });
}

type App = ReturnType<typeof appWith>;

/** Asks through the API and returns the id its answer carries for feedback. */
async function askedId(app: App): Promise<string> {
  const body = (await (await app.request(`/api/ask?q=${encodeURIComponent(QUESTION)}`)).json()) as { id: string };
  return body.id;
}

function vote(app: App, id: string, headers: Record<string, string> = {}, body: string = JSON.stringify({ id, useful: true })) {
  return app.request('/api/feedback', { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
}

function formVote(app: App, id: string, useful: '0' | '1', headers: Record<string, string> = {}) {
  return app.request('/feedback', {
    method: 'POST',
    body: `id=${id}&useful=${useful}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', ...headers },
  });
}

const usefulOf = (id: string) => {
  log.flush();
  const db = new Database(logPath, { readonly: true });
  const value = db.prepare('SELECT useful FROM questions WHERE id = ?').pluck().get(id);
  db.close();
  return value;
};

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

describe('POST /api/feedback: JSON from this site or a listed origin', () => {
  it('refuses a body not declared JSON with 415 (a cross-site text/plain POST needs no preflight)', async () => {
    const app = appWith();
    const id = await askedId(app);
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await vote(app, id, { 'Content-Type': type });
      expect(res.status, type).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await errorOf(res)).toMatch(/^feedback: .*application\/json/);
    }
    const bare = await app.request('/api/feedback', { method: 'POST', body: JSON.stringify({ id, useful: true }) });
    expect(bare.status).toBe(415);
    expect(usefulOf(id)).toBeNull();
    expect((await vote(app, id, { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('refuses a foreign Origin with 403, and takes this site, a listed origin and clients that send no Origin', async () => {
    const app = appWith({ ALLOWED_ORIGINS: [PORTAL] });
    const foreign = await askedId(app);
    const res = await vote(app, foreign, { Origin: OTHER, 'Sec-Fetch-Site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatch(/^feedback: /);
    // The same foreign page sending text/plain, as a browser would without a preflight: refused too, not stored.
    expect((await vote(app, foreign, { Origin: OTHER, 'Content-Type': 'text/plain' })).status).toBe(403);
    expect((await vote(app, foreign, { Origin: 'null' })).status).toBe(403);
    // No Origin, but the browser says cross-site: refused.
    expect((await vote(app, foreign, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(usefulOf(foreign)).toBeNull();

    expect((await vote(app, await askedId(app), { Origin: PORTAL, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(200);
    expect((await vote(app, await askedId(app), { Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    // curl, a server-side integration: no Origin, no Sec-Fetch-Site.
    expect((await vote(app, await askedId(app))).status).toBe(200);
  });

  it('takes "same origin" to be the public origin (PUBLIC_URL) behind a proxy', async () => {
    const app = appWith({ PUBLIC_URL: 'https://qa.example.gov.cn' });
    expect((await vote(app, await askedId(app), { Origin: 'https://qa.example.gov.cn' })).status).toBe(200);
    expect((await vote(app, await askedId(app), { Origin: 'http://localhost' })).status).toBe(403);
  });
});

describe('one vote per answer', () => {
  it('answers a second vote on /api/feedback with 409 and keeps the first', async () => {
    const app = appWith();
    const id = await askedId(app);
    expect((await vote(app, id, {}, JSON.stringify({ id, useful: false }))).status).toBe(200);
    const again = await vote(app, id, {}, JSON.stringify({ id, useful: true }));
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toBe('feedback: this answer has already been rated');
    expect(usefulOf(id)).toBe(0);
  });

  it('answers a second vote on the form route with 409 (page) or says so in the fragment, and keeps the first', async () => {
    const app = appWith();
    const id = await askedId(app);
    expect((await formVote(app, id, '1')).status).toBe(200);
    const again = await formVote(app, id, '0');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('这个回答已经评价过了');
    const fragment = await formVote(app, id, '0', { 'HX-Request': 'true' });
    expect(fragment.status).toBe(200); // htmx swaps in only a 2xx answer
    expect(await fragment.text()).toMatch(/^<p id="feedback" class="feedback done failed"[^>]*>这个回答已经评价过了/);
    // A vote through the other route counts as the same vote.
    expect((await vote(app, id, {}, JSON.stringify({ id, useful: false }))).status).toBe(409);
    expect(usefulOf(id)).toBe(1);
  });
});

describe('feedback is rate-limited per client', () => {
  it.each(['/feedback', '/api/feedback'])('%s: 429 once the client has used its burst', async (path) => {
    const app = appWith({ RATE_LIMIT: 60, RATE_LIMIT_BURST: 5 }, () => 'one client');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res =
        path === '/feedback'
          ? await formVote(app, 'f'.repeat(24), '1')
          : await vote(app, 'f'.repeat(24));
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
  });
});
