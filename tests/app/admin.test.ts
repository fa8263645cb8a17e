// The staff page /admin and the question log behind it, on the real bundled
// report and a real SQLite log file (no mocks of our own code): off without
// ADMIN_TOKEN, 401 without the token, Bearer or login-form cookie (HMAC, not the
// token), never framed or embedded; the reports and their CSV exports; and the
// log's privacy: retention pruning, masked digit runs, no visitor identifiers;
// its ids, and its batched writes (nothing queued is lost to a read or close()).
import Database from 'better-sqlite3';
import type { Hono } from 'hono';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { createApp } from '../../src/app/create-app.js';
import { ADMIN_SESSION_SECONDS, sessionValid, sessionValue, tokenMatches } from '../../src/app/admin-auth.js';
import { csvCell, toCsv } from '../../src/staff/csv.js';
import { fillDays, newQuestionId, questionKey, redactQuestion, type LoggedQuestion } from '../../src/staff/query-log.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../src/settings.js';
import { registerStaffRoutes } from '../../src/app/routes/staff.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const TOKEN = 'staff-token-0123456789abcdef';
const DAY = 86_400_000;
const q = (text: string) => encodeURIComponent(text);
const SAME_SITE = { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' };

let ctx: CorpusApp;
let log: SqliteQueryLog;

beforeAll(async () => {
  ctx = await setupCorpusApp();
  log = new SqliteQueryLog(join(ctx.dir, 'admin-log.sqlite'), { popularCacheMs: 0 });
});

afterAll(() => {
  log?.close();
  ctx?.cleanup();
});

function staffApp(settings: Partial<Settings> = {}, queryLog: SqliteQueryLog | null = log): Hono {
  const deps = { service: () => ctx.service, settings: { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN, ...settings }, queryLog: queryLog ?? undefined };
  const app = createApp(deps);
  registerStaffRoutes(app, deps);
  return app;
}

function entry(question: string, fields: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered: true,
    firstCitation: 'yangjiang-2021-law-based-government-report:31',
    latencyMs: 12,
    confidence: 0.9,
    lang: 'zh-CN',
    channel: 'page',
    askedAt: new Date().toISOString(),
    ...fields,
  };
}

const bearer = { Authorization: `Bearer ${TOKEN}` };

describe('/admin access', () => {
  it('does not exist without ADMIN_TOKEN', async () => {
    const app = staffApp({ ADMIN_TOKEN: '' });
    for (const path of ['/admin', '/admin/export/unanswered.csv']) {
      expect((await app.request(path, { headers: bearer })).status).toBe(404);
    }
    expect(await (await app.request('/commitments')).text()).not.toContain('href="/admin"');
  });

  it('refuses requests without the token (401, login form) and with a wrong one', async () => {
    const app = staffApp();
    const page = await app.request('/admin');
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toBe('Bearer realm="policy-qa admin"');
    const html = await page.text();
    expect(html).toContain('<form class="staff-filter" action="/admin/login" method="post">');
    expect(html).not.toContain('最常问的问题');
    expect((await app.request('/admin', { headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const csv = await app.request('/admin/export/most-asked.csv');
    expect(csv.status).toBe(401);
    expect(await csv.text()).toMatch(/^unauthorized: /);
  });

  it('serves it with the Bearer token, never framed, cached or embedded', async () => {
    const app = staffApp();
    const res = await app.request('/admin', { headers: bearer });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1 id="staff-title">问答统计</h1>');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await app.request('/admin?embed=1', { headers: bearer })).status).toBe(404);
    // The embed panel links nowhere near it.
    expect(await (await app.request('/embed')).text()).not.toContain('/admin');
  });

  it('signs in with the form: an HttpOnly, SameSite=Strict cookie holding an HMAC, not the token', async () => {
    const app = staffApp();
    const wrong = await app.request('/admin/login', { method: 'POST', body: 'token=not-the-token', headers: SAME_SITE });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('令牌不正确');
    const ok = await app.request('/admin/login', { method: 'POST', body: `token=${q(TOKEN)}`, headers: SAME_SITE });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin');
    const setCookie = ok.headers.get('set-cookie') ?? '';
    // issued . session id . staff name (base64url, empty here) . HMAC
    expect(setCookie).toMatch(/^pqa_admin=\d+\.[0-9a-f]{32}\.[A-Za-z0-9_-]*\.[0-9a-f]{64};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/admin');
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0];
    expect((await app.request('/admin', { headers: { Cookie: cookie } })).status).toBe(200);
    // A forged or altered cookie is refused.
    expect((await app.request('/admin', { headers: { Cookie: cookie.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } })).status).toBe(401);
    // Signing out clears it.
    const out = await app.request('/admin/logout', { method: 'POST', headers: { ...SAME_SITE, Cookie: cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^pqa_admin=;.*Max-Age=0/);
    // …and revokes it on the server (tests/app/admin-security.test.ts has more).
    expect((await app.request('/admin', { headers: { Cookie: cookie } })).status).toBe(401);
    // Login posts from other sites are refused (CSRF).
    const forged = await app.request('/admin/login', {
      method: 'POST',
      body: `token=${q(TOKEN)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example.com' },
    });
    expect(forged.status).toBe(403);
  });

  it('answers a malformed multipart login with 400 and a page, not a server error (issue #16, finding 11)', async () => {
    const app = staffApp();
    const res = await app.request('/admin/login', {
      method: 'POST',
      body: '--xyz\r\nContent-Disposition: form-data; name="tok',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz', 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<html');
    expect(html).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });

  it('expires sessions, ties them to the token, and compares tokens in full', async () => {
    const now = Date.now();
    const value = await sessionValue(TOKEN, now);
    expect(await sessionValid(value, TOKEN, now + 1000)).toBe(true);
    expect(await sessionValid(value, TOKEN, now + (ADMIN_SESSION_SECONDS + 60) * 1000)).toBe(false);
    expect(await sessionValid(value, 'another-token-0123456789', now)).toBe(false);
    expect(await tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(await tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(await tokenMatches('', '')).toBe(false);
  });

  it('takes ADMIN_TOKEN from the settings table, refusing short ones without echoing them', () => {
    expect(parseSettings({ ADMIN_TOKEN: TOKEN }).ADMIN_TOKEN).toBe(TOKEN);
    expect(DEFAULT_SETTINGS.ADMIN_TOKEN).toBe('');
    expect(DEFAULT_SETTINGS.LOG_RETENTION_DAYS).toBe(180);
    expect(() => parseSettings({ ADMIN_TOKEN: 'short-secret' })).toThrow(/^settings: ADMIN_TOKEN must be at least 16 characters .*\(got a value of 12 characters\)$/);
    try {
      parseSettings({ ADMIN_TOKEN: 'short-secret' });
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret');
    }
  });
});

describe('/admin reports and CSV exports', () => {
  let app: Hono;
  beforeAll(async () => {
    app = staffApp();
    // Asked through the portal itself: logged by the app's own path.
    for (let i = 0; i < 3; i++) await app.request(`/ask?q=${q('2021年市政府办结了多少件行政复议申请？')}`);
    await app.request(`/ask?q=${q('2023年茂名市的财政预算是多少？')}`);
    // Entries with confidence and feedback, as the log stores them.
    log.record(entry('开办企业可以一窗通办吗？', { confidence: 0.35 }));
    log.record(entry('开办企业可以一窗通办吗？', { confidence: 0.41 }));
    const rated = entry('法治建设工作有哪些不足？');
    log.record(rated);
    log.record(entry('=HYPERLINK("http://evil"),"问"', { answered: false, confidence: 0.1, firstCitation: null }));
    log.flush();
    await log.feedback(rated.id, false);
  });

  it('shows most asked, unanswered and low-confidence questions, feedback ratios and a daily chart with a table', async () => {
    const res = await app.request('/admin?days=30', { headers: bearer });
    const html = await res.text();
    expect(html).toContain('<h2 id="most-asked-title">最常问的问题</h2>');
    expect(html).toMatch(/2021年市政府办结了多少件行政复议申请？<\/a><\/th><td>3<\/td><td>3<\/td>/);
    const unanswered = html.slice(html.indexOf('id="unanswered-title"'), html.indexOf('id="low-confidence-title"'));
    expect(unanswered).toContain('2023年茂名市的财政预算是多少？');
    expect(unanswered).not.toContain('2021年市政府办结了多少件行政复议申请？');
    const low = html.slice(html.indexOf('id="low-confidence-title"'), html.indexOf('id="feedback-list-title"'));
    expect(low).toContain('低置信度回答（低于 0.5）');
    expect(low).toMatch(/开办企业可以一窗通办吗？<\/a><\/th><td>2<\/td><td>2<\/td><td>0\.38<\/td>/);
    expect(html).toMatch(/共 \d+ 次提问，1 次反馈：有用 0，没用 1（有用率 0%）。/);
    expect(html).toContain('<svg class="daily-chart" viewBox="0 0 640 180" role="img" aria-labelledby="daily-chart-title"');
    expect(html).toMatch(/<title id="daily-chart-title">每日提问量柱状图，\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d，共 \d+ 次；数据见下表。<\/title>/);
    expect(html).toContain('<th scope="col">日期（北京时间）</th>');
    expect(html).toContain('href="/admin/export/unanswered.csv?days=30"');
    // No inline style anywhere (the CSP forbids it): the chart uses presentation attributes.
    expect(html).not.toMatch(/ style=/);
  });

  it('exports each list as CSV with a UTF-8 BOM, proper quoting and no formulas', async () => {
    for (const list of ['most-asked', 'unanswered', 'low-confidence', 'feedback', 'daily']) {
      const res = await app.request(`/admin/export/${list}.csv?days=30`, { headers: bearer });
      expect(res.status, list).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="policy-qa-${list}-30d-\\d{4}-\\d\\d-\\d\\d\\.csv"$`));
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await app.request('/admin/export/unanswered.csv?days=30', { headers: bearer })).arrayBuffer());
    const lines = text.split('\r\n');
    // The columns of before, then the readable ones of issue #18 (tests/app/admin-stats.test.ts).
    expect(lines[0]).toBe('\ufeff问题,次数,已回答,平均置信度,平均响应（毫秒）,有用,没用,首条引用,最近提问,回答,文件,条款／段落,原文链接,地区');
    expect(text).toContain('"\'=HYPERLINK(""http://evil""),""问"""');
    expect((await app.request('/admin/export/secrets.csv', { headers: bearer })).status).toBe(404);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(-3)).toBe('-3');
    expect(toCsv(['a'], [['+1']])).toBe("\ufeffa\r\n'+1\r\n");
  });

  it('says so when the server keeps no question log', async () => {
    const html = await (await staffApp({}, null).request('/admin', { headers: bearer })).text();
    expect(html).toContain('本服务器没有可供统计的提问记录');
  });
});

describe('question log privacy and retention', () => {
  it('deletes entries older than LOG_RETENTION_DAYS at startup and as it writes', () => {
    const path = join(ctx.dir, 'retention.sqlite');
    let now = Date.now();
    const first = new SqliteQueryLog(path, { retentionDays: 30, now: () => now, pruneIntervalMs: 0 });
    first.record(entry('很久以前的问题', { askedAt: new Date(now - 40 * DAY).toISOString() }));
    first.record(entry('上周的问题', { askedAt: new Date(now - 7 * DAY).toISOString() }));
    first.flush(); // the write prunes: the 40-day-old entry goes at once
    const count = () => {
      const db = new Database(path, { readonly: true });
      const rows = db.prepare('SELECT question FROM questions ORDER BY asked_at').all() as { question: string }[];
      db.close();
      return rows.map((r) => r.question);
    };
    expect(count()).toEqual(['上周的问题']);
    first.close();

    // Four weeks later the server restarts: the week-old entry is now past 30 days.
    now += 28 * DAY;
    const second = new SqliteQueryLog(path, { retentionDays: 30, now: () => now });
    expect(count()).toEqual([]);
    expect(second.prune()).toBe(0);
    second.close();
  });

  it('masks phone and ID numbers before storage and keeps no visitor identifier', () => {
    expect(redactQuestion('我的手机号13800138000能办理法律援助吗')).toBe('我的手机号＊＊＊能办理法律援助吗');
    expect(redactQuestion('身份证 440102 19900101 1234 怎么办')).toBe('身份证 ＊＊＊ 怎么办');
    expect(redactQuestion('2021年办结了108件，12345热线')).toBe('2021年办结了108件，12345热线');
    const path = join(ctx.dir, 'redact.sqlite');
    const l = new SqliteQueryLog(path);
    // The same wording twice running, then another with a number, then one without.
    l.record(entry('我的手机号13800138000能办理法律援助吗'));
    l.record(entry('我的手机号13800138000能办理法律援助吗'));
    l.record(entry('身份证 440102 19900101 1234 怎么办'));
    l.record(entry('2021年办结了108件'));
    l.close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT question, question_key FROM questions ORDER BY rowid').all() as { question: string; question_key: string }[];
    expect(rows).toEqual([
      { question: '我的手机号＊＊＊能办理法律援助吗', question_key: questionKey('我的手机号＊＊＊能办理法律援助吗') },
      { question: '我的手机号＊＊＊能办理法律援助吗', question_key: questionKey('我的手机号＊＊＊能办理法律援助吗') },
      { question: '身份证 ＊＊＊ 怎么办', question_key: questionKey('身份证 ＊＊＊ 怎么办') },
      { question: '2021年办结了108件', question_key: questionKey('2021年办结了108件') },
    ]);
    const row = db.prepare('SELECT * FROM questions').get() as Record<string, unknown>;
    const columns = (db.prepare('PRAGMA table_info(questions)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(row.question).toBe('我的手机号＊＊＊能办理法律援助吗');
    expect(JSON.stringify(row)).not.toContain('13800138000');
    expect(columns).toContain('confidence');
    expect(columns.some((c) => /ip|addr|agent|cookie|session/i.test(c))).toBe(false);
  });

  it('makes ids of 24 hex digits: 48 random bits after the millisecond they were made, so later ids sort after earlier ones', () => {
    const ids = Array.from({ length: 1000 }, () => newQuestionId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(ids.map((id) => id.slice(0, 12)))).toEqual(new Set([(1_700_000_000_000).toString(16).padStart(12, '0')]));
    expect(new Set(ids.map((id) => id.slice(12))).size).toBe(ids.length);
    expect(newQuestionId(1_700_000_000_001) > ids.reduce((a, b) => (a > b ? a : b))).toBe(true);
  });

  it.each([
    ['on its writer thread', true],
    ['inline (no writer thread)', false],
  ])('keeps questions in memory until the timer, a read or close() writes them: %s', async (_, writerThread) => {
    const path = join(ctx.dir, `batched-${writerThread}.sqlite`);
    const l = new SqliteQueryLog(path, { flushMs: 60_000, writerThread });
    const asked = entry('开办企业可以一窗通办吗？');
    l.record(asked);
    const count = () => {
      const db = new Database(path, { readonly: true });
      const n = db.prepare('SELECT COUNT(*) FROM questions').pluck().get();
      db.close();
      return n;
    };
    expect(count()).toBe(0);
    expect(await l.feedback(asked.id, true)).toBe('saved'); // feedback writes the queue first
    expect(count()).toBe(1);
    l.record(entry('开办企业可以一窗通办吗？'));
    // Many at once (written 50 rows to a statement, the rest one by one): every row whole.
    const many = Array.from({ length: 120 }, (_, i) => entry(`第${i}个问题？`, { answered: i % 2 === 0, confidence: i / 1000, lang: i % 3 ? 'zh-CN' : 'zh-TW', clientHash: i % 4 ? `${i}`.padStart(16, '0') : null }));
    for (const e of many) l.record(e);
    l.close();
    expect(count()).toBe(122);
    const db = new Database(path, { readonly: true });
    for (const e of [many[0], many[77], many[119]]) {
      expect(db.prepare('SELECT * FROM questions WHERE id = ?').get(e.id)).toEqual({
        id: e.id,
        asked_at: e.askedAt,
        question: e.question,
        question_key: e.key,
        answered: e.answered ? 1 : 0,
        first_citation: e.firstCitation,
        latency_ms: e.latencyMs,
        confidence: e.confidence,
        lang: e.lang,
        channel: e.channel,
        useful: null,
        feedback_at: null,
        client_hash: e.clientHash,
        answer: null,
        region: null,
      });
    }
    db.close();
  });

  it('writes on its own thread: another process holding the write lock delays the writes but loses none, and never blocks serving', async () => {
    const path = join(ctx.dir, 'threaded.sqlite');
    const l = new SqliteQueryLog(path, { flushRows: 100 });
    // Another process (an export, a backup) holds the write lock.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 100; i++) l.record(entry(`第${i}个问题？`));
    const started = performance.now();
    await new Promise((resolve) => setImmediate(resolve)); // the full batch is handed off
    console.log(`question log: 100 records handed off in ${(performance.now() - started).toFixed(1)} ms with the write lock held elsewhere`);
    // The serving thread is back while the lock is still held (this very thread holds it, so a serving thread that
    // waited for it could only have dropped the rows; see the count below): nothing is written yet.
    const during = new Database(path, { readonly: true });
    expect(during.prepare('SELECT COUNT(*) FROM questions').pluck().get()).toBe(0);
    during.close();
    other.exec('COMMIT');
    other.close();
    l.flush(); // waits for the writer thread, which waited for the lock
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM questions').pluck().get()).toBe(100);
    db.close();
    l.close();
  });

  it('serves a stale popular list at once and refreshes it on the writer thread', async () => {
    const path = join(ctx.dir, 'popular.sqlite');
    const l = new SqliteQueryLog(path, { popularCacheMs: 50 });
    // Distinct clients (their daily hashes), one day, no approval: the list itself is what is tested here.
    const rules = { minClients: 2, minDays: 1, needsApproval: false, lowConfidence: 0.5 };
    for (let i = 0; i < 2; i++) l.record(entry('开办企业可以一窗通办吗？', { clientHash: `client-${i}` }));
    expect(l.popular(10, rules).map((p) => p.question)).toEqual(['开办企业可以一窗通办吗？']); // the first list: made here
    for (let i = 0; i < 3; i++) l.record(entry('法治政府建设有哪些不足？', { clientHash: `client-${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Stale: the last list comes back at once while the thread runs the query.
    expect(l.popular(10, rules).map((p) => p.question)).toEqual(['开办企业可以一窗通办吗？']);
    let refreshed: string[] = [];
    for (let i = 0; i < 100 && refreshed.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      refreshed = l.popular(10, rules).map((p) => p.question);
    }
    expect(refreshed).toEqual(['法治政府建设有哪些不足？', '开办企业可以一窗通办吗？']);
    l.close();
  });

  it('adds the confidence column to a log file written before it', () => {
    const path = join(ctx.dir, 'old-schema.sqlite');
    const db = new Database(path);
    db.exec(`CREATE TABLE questions (id TEXT PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT NOT NULL, question_key TEXT NOT NULL,
      answered INTEGER NOT NULL, first_citation TEXT, latency_ms REAL NOT NULL, lang TEXT NOT NULL, channel TEXT NOT NULL, useful INTEGER, feedback_at TEXT)`);
    db.close();
    const l = new SqliteQueryLog(path);
    l.record(entry('开办企业可以一窗通办吗？', { confidence: 0.42 }));
    const since = new Date(Date.now() - DAY).toISOString();
    expect(l.lowConfidence({ since, limit: 10 }, 0.5).map((s) => [s.question, s.avgConfidence])).toEqual([['开办企业可以一窗通办吗？', 0.42]]);
    l.close();
  });

  it('counts days in China time and fills days without questions', () => {
    const until = new Date('2024-03-03T15:59:00Z'); // 23:59 in Beijing
    const rows = fillDays([{ day: '2024-03-02', asked: 4, answered: 3 }], new Date('2024-03-01T00:00:00Z'), until);
    expect(rows).toEqual([
      { day: '2024-03-01', asked: 0, answered: 0 },
      { day: '2024-03-02', asked: 4, answered: 3 },
      { day: '2024-03-03', asked: 0, answered: 0 },
    ]);
  });
});
