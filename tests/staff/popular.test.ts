// 热门问题 cannot be written by one anonymous client (issue #16, finding 2), over
// HTTP on the real bundled report with a real SQLite question log and the Node
// client key (no mocks of our own code). The attack as reported: a few identical
// /api/ask requests from one address carrying a WeChat id put it on the home
// page and into the suggestions; now a question must be asked by distinct
// clients (a salted hash that changes daily, no address stored) on distinct
// days, pass the contact-details filter and the answer checks, and (by default)
// be approved by staff, who pin, approve and hide entries from /admin.
import Database from 'better-sqlite3';
import type { Hono } from 'hono';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeClientKey } from '../../src/adapters/node/client-key.js';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { createApp } from '../../src/app/create-app.js';
import { registerStaffRoutes } from '../../src/app/routes/staff.js';
import { questionKey } from '../../src/staff/query-log.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const TOKEN = 'popular-test-token-4f9c2a7e1b';
const DAY = 86_400_000;
const bearer = { Authorization: `Bearer ${TOKEN}` };
const form = { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' };
const q = (text: string) => encodeURIComponent(text);
/** What @hono/node-server passes as env: the socket the request came on. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

/** Spam of our own wording: a real question of the report with a WeChat id to "claim a subsidy". */
const SPAM = '行政复议纠错率是多少？补贴名额请加微信 yjzf-2026 咨询';
/** Questions the bundled report answers with confidence. */
const GOOD = '法治政府建设有哪些不足？';
const OTHER = '开办企业可以一窗通办吗？';
const THIRD = '行政复议纠错率是多少？';

let ctx: CorpusApp;
let dirCount = 0;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

afterEach(() => {
  vi.useRealTimers();
});

interface Site {
  app: Hono;
  log: SqliteQueryLog;
  path: string;
  close: () => void;
}

/** The app as the Node server wires it (client key from the connection, the log from settings), with /admin on. */
function site(overrides: Partial<Settings> = {}): Site {
  const settings: Settings = { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN, ...overrides };
  const path = join(ctx.dir, `popular-${++dirCount}.sqlite`);
  const log = new SqliteQueryLog(path, { popularMinCount: settings.POPULAR_MIN_COUNT, popularCacheMs: 0 });
  const deps = { service: () => ctx.service, settings, queryLog: log, clientKey: nodeClientKey(settings.TRUSTED_PROXY) };
  const app = createApp(deps);
  registerStaffRoutes(app, deps);
  return { app, log, path, close: () => log.close() };
}

/** Today at noon China time (04:00 UTC), taken before any test moves the clock. */
const TODAY_NOON = Math.floor(Date.now() / DAY) * DAY + 4 * 3600_000;

/** Sets the clock (Date only: timers run as usual) to noon China time `daysAgo` days before today. */
function onDay(daysAgo: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(TODAY_NOON - daysAgo * DAY);
}

async function ask(s: Site, question: string, address: string): Promise<{ id: string | null }> {
  const res = await s.app.request(`/api/ask?q=${q(question)}`, {}, fromAddress(address));
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string | null };
}

/** The home page's 热门问题 section (the page also lists fixed example questions). */
function popularOnHome(html: string): string {
  return /<h2 id="popular-title">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

/** Every place a popular question is shown: the home page, suggestions (JSON and page) and 相关问题. */
async function shownAnywhere(s: Site, question: string, typed: string): Promise<string[]> {
  // The suggestion index picks up popular questions at most once a minute: move the clock past that.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 61_000 + Math.floor(Math.random() * 1000));
  const where: string[] = [];
  const needle = question.replace(/？$/, '');
  if (popularOnHome(await (await s.app.request('/')).text()).includes(needle)) where.push('/');
  const api = (await (await s.app.request(`/api/suggest?q=${q(typed)}`)).json()) as { suggestions: { text: string; kind: string }[] };
  if (api.suggestions.some((x) => x.kind === 'popular' && x.text.includes(needle))) where.push('/api/suggest');
  if ((await (await s.app.request(`/suggest?q=${q(typed)}`)).text()).includes(needle)) where.push('/suggest');
  return where;
}

async function decide(s: Site, question: string, action: string, headers: Record<string, string> = bearer): Promise<Response> {
  return s.app.request('/admin/popular', { method: 'POST', body: `key=${q(questionKey(question))}&action=${action}`, headers: { ...form, ...headers } });
}

describe('热门问题: the reported attack', () => {
  it('four identical /api/ask requests from one client put nothing on / or into the suggestions', async () => {
    // Approval off and the counts at their defaults: only the counts and the filter stand in the way.
    const s = site({ POPULAR_NEEDS_APPROVAL: false });
    for (let i = 0; i < 4; i++) await ask(s, SPAM, '198.51.100.7');
    for (let i = 0; i < 4; i++) await ask(s, GOOD, '198.51.100.7');
    expect(await shownAnywhere(s, SPAM, '行政复议纠错')).toEqual([]);
    expect(await shownAnywhere(s, GOOD, '法治政府建设')).toEqual([]);
    // Nor under an answer as 相关问题.
    const answer = await (await s.app.request(`/ask?q=${q('行政复议的纠错率是多少')}`)).text();
    expect(answer).not.toContain('yjzf');
    // The log kept a short salted hash per ask, never the address.
    s.log.flush();
    const db = new Database(s.path, { readonly: true });
    const rows = db.prepare('SELECT * FROM questions').all() as Record<string, unknown>[];
    db.close();
    // (The /ask above came from no address: no client, no hash.)
    expect(new Set(rows.map((r) => r.client_hash).filter((h) => h !== null)).size).toBe(1);
    expect(String(rows[0].client_hash)).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(rows)).not.toContain('198.51.100.7');
    s.close();
  });

  it('the spam stays off the home page even when many clients ask it on many days', async () => {
    const s = site({ POPULAR_NEEDS_APPROVAL: false, POPULAR_MIN_COUNT: 2 });
    for (const daysAgo of [3, 2, 1]) {
      onDay(daysAgo);
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await ask(s, SPAM, address);
    }
    expect(await shownAnywhere(s, SPAM, '行政复议纠错')).toEqual([]);
    // Staff see why: the filter refuses it, and pinning does not override that.
    expect((await decide(s, SPAM, 'pin')).status).toBe(303);
    expect(await shownAnywhere(s, SPAM, '行政复议纠错')).toEqual([]);
    const admin = await (await s.app.request('/admin', { headers: bearer })).text();
    expect(admin).toContain('热门问题管理');
    expect(admin).toContain('含联系方式');
    s.close();
  });
});

describe('热门问题: distinct clients on distinct days, and staff decisions', () => {
  it('shows a question asked by distinct clients on distinct days once staff approve it', async () => {
    const s = site(); // defaults: 3 clients, 2 days, approval needed
    onDay(2);
    await ask(s, GOOD, '192.0.2.10');
    await ask(s, GOOD, '192.0.2.11');
    onDay(1);
    await ask(s, GOOD, '192.0.2.10'); // the same address on another day: another hash
    expect(await shownAnywhere(s, GOOD, '法治政府建设')).toEqual([]);
    // Listed for staff with its counts, awaiting approval.
    const before = await (await s.app.request('/admin', { headers: bearer })).text();
    expect(before).toContain('热门问题管理');
    expect(before).toMatch(/法治政府建设有哪些不足？<\/a><\/th><td>3<\/td><td>2<\/td><td>3<\/td>/);
    expect(before).toContain('待批准');

    const approved = await decide(s, GOOD, 'approve');
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toMatch(/^\/admin/);
    expect(await shownAnywhere(s, GOOD, '法治政府建设')).toEqual(['/', '/api/suggest', '/suggest']);
    expect(await (await s.app.request('/admin', { headers: bearer })).text()).toContain('已批准');
    s.close();
  });

  it('approval off: shown once the counts are met, and not before', async () => {
    const s = site({ POPULAR_NEEDS_APPROVAL: false, POPULAR_MIN_COUNT: 2, POPULAR_MIN_DAYS: 2 });
    onDay(1);
    await ask(s, OTHER, '192.0.2.20');
    await ask(s, OTHER, '192.0.2.21');
    expect(await shownAnywhere(s, OTHER, '开办企业')).toEqual([]); // two clients, one day
    onDay(0);
    await ask(s, OTHER, '192.0.2.22');
    expect(await shownAnywhere(s, OTHER, '开办企业')).toEqual(['/', '/api/suggest', '/suggest']);
    s.close();
  });

  it('pinned entries show first whatever their counts; hidden ones never show; clearing returns to the rules', async () => {
    const s = site({ POPULAR_NEEDS_APPROVAL: false, POPULAR_MIN_COUNT: 2, POPULAR_MIN_DAYS: 1 });
    onDay(2);
    for (const address of ['192.0.2.30', '192.0.2.31', '192.0.2.32']) await ask(s, GOOD, address);
    await ask(s, OTHER, '192.0.2.33'); // one client only
    expect(await shownAnywhere(s, GOOD, '法治政府建设')).toEqual(['/', '/api/suggest', '/suggest']);
    expect(await shownAnywhere(s, OTHER, '开办企业')).toEqual([]);

    expect((await decide(s, OTHER, 'pin')).status).toBe(303);
    const home = popularOnHome(await (await s.app.request('/')).text());
    expect(home.indexOf(OTHER)).toBeGreaterThan(-1);
    expect(home.indexOf(OTHER)).toBeLessThan(home.indexOf(GOOD)); // pinned first

    expect((await decide(s, GOOD, 'hide')).status).toBe(303);
    expect(await shownAnywhere(s, GOOD, '法治政府建设')).toEqual([]);
    // More clients on more days do not bring a hidden question back.
    onDay(1);
    for (const address of ['192.0.2.40', '192.0.2.41', '192.0.2.42']) await ask(s, GOOD, address);
    expect(await shownAnywhere(s, GOOD, '法治政府建设')).toEqual([]);
    expect(await (await s.app.request('/admin', { headers: bearer })).text()).toContain('已隐藏');

    expect((await decide(s, GOOD, 'clear')).status).toBe(303);
    expect(await shownAnywhere(s, GOOD, '法治政府建设')).toEqual(['/', '/api/suggest', '/suggest']);
    s.close();
  });

  it('never shows a refused, low-confidence or voted-down answer', async () => {
    const s = site({ POPULAR_NEEDS_APPROVAL: false, POPULAR_MIN_COUNT: 2, POPULAR_MIN_DAYS: 1 });
    const refused = '2023年茂名市的财政预算是多少？';
    const ids: string[] = [];
    for (const address of ['192.0.2.50', '192.0.2.51', '192.0.2.52']) {
      await ask(s, refused, address);
      ids.push((await ask(s, THIRD, address)).id!);
    }
    expect(await shownAnywhere(s, refused, '茂名')).toEqual([]);
    expect(await shownAnywhere(s, THIRD, '行政复议纠错')).toEqual(['/', '/api/suggest', '/suggest']);
    // Two clients find it 没用, one 有用.
    // (feedback() answers true on older logs, 'saved' where one vote per question is kept.)
    expect([true, 'saved']).toContain(await s.log.feedback(ids[0], false));
    expect([true, 'saved']).toContain(await s.log.feedback(ids[1], false));
    expect([true, 'saved']).toContain(await s.log.feedback(ids[2], true));
    expect(await shownAnywhere(s, THIRD, '行政复议纠错')).toEqual([]);
    // Low confidence: the same question's answer below LOW_CONFIDENCE.
    const strict = site({ POPULAR_NEEDS_APPROVAL: false, POPULAR_MIN_COUNT: 2, POPULAR_MIN_DAYS: 1, LOW_CONFIDENCE: 0.99 });
    for (const address of ['192.0.2.60', '192.0.2.61']) await ask(strict, OTHER, address); // confidence 0.96
    expect(await shownAnywhere(strict, OTHER, '开办企业')).toEqual([]);
    expect(await (await strict.app.request('/admin', { headers: bearer })).text()).toContain('置信度低');
    strict.close();
    s.close();
  });
});

describe('热门问题 decisions at /admin/popular', () => {
  it('needs the token and a same-site form, and refuses a bad action', async () => {
    const s = site();
    await ask(s, GOOD, '192.0.2.70');
    expect((await decide(s, GOOD, 'pin', {})).status).toBe(401);
    expect((await decide(s, GOOD, 'pin', { ...bearer, 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example.com' })).status).toBe(403);
    const bad = await decide(s, GOOD, 'promote');
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at .*\.ts:\d+/);
    const empty = await s.app.request('/admin/popular', { method: 'POST', body: 'action=pin', headers: { ...form, ...bearer } });
    expect(empty.status).toBe(400);
    // The page's forms post here, one per entry and button, with the key.
    const page = await (await s.app.request('/admin', { headers: bearer })).text();
    expect(page).toContain('<form class="staff-filter popular-decision" action="/admin/popular" method="post">');
    expect(page).toContain(`name="key" value="${questionKey(GOOD)}"`);
    for (const action of ['pin', 'approve', 'hide']) expect(page).toContain(`name="action" value="${action}"`);
    s.close();
  });

  it('answers 503 with a clear message, not a 500, when the log file is locked', async () => {
    const s = site();
    await ask(s, GOOD, '192.0.2.80');
    s.log.flush();
    const other = new Database(s.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const res = await decide(s, GOOD, 'approve');
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toContain('服务器暂时无法处理这个请求'); // the friendly error page
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await decide(s, GOOD, 'approve')).status).toBe(303);
    s.close();
  });

  it('is off with the rest of /admin when ADMIN_TOKEN is empty', async () => {
    const s = site({ ADMIN_TOKEN: '' });
    expect((await decide(s, GOOD, 'pin')).status).toBe(404);
    s.close();
  });
});
