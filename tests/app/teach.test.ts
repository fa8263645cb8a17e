// 教系统回答 (issue #18) through the real app on the bundled report: every
// /admin/teach route refused without the token; an unanswered question taught
// with the passage that answers it is answered from that passage on the next
// request (page and API), and removing the teaching undoes it; a curated answer
// (问答对) is served with its 人工审核 label, source link and date and not once
// expired; bad input is a clear 400 that changes nothing; teachings survive a
// new app on the same log file (a restart).
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_COOKIE, sessionValue } from '../../src/app/admin-auth.js';
import { SqliteTeachingsStore } from '../../src/adapters/node/teachings-store.js';
import { createApp } from '../../src/app/create-app.js';
import type { AppDeps } from '../../src/app/deps.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { Teachings } from '../../src/staff/teachings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const TOKEN = 'teach-test-token-7Hq2-Vx9p-Lm4w';
const SETTINGS = { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN, CURATED_ANSWER_DAYS: 30 };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' };
/** Signed in through the form as 李老师 (the name is signed into the session cookie). */
let STAFF: Record<string, string>;
let POST: Record<string, string>;
const signedIn = async (name: string) => ({ Cookie: `${ADMIN_COOKIE}=${await sessionValue(TOKEN, Date.now(), name)}` });

// Our own questions about the bundled 2021 report. Unanswered as it stands: 老百姓 is not a word of the report,
// while its paragraph 30 (加强人民调解工作) is what answers it.
const QUESTION = '老百姓吵架了谁来调解？';
const MEDIATION = `${REPORT_ID}:30`;
const CURATED_Q = '去哪里申请法律援助？';
const CURATED_TEXT = '可到户籍所在地或受理案件所在地的县（市、区）公共法律服务中心申请法律援助，也可拨打12348公共法律服务热线咨询。';

interface Running {
  app: Hono;
  store: SqliteTeachingsStore;
}

let ctx: CorpusApp;
const opened: SqliteTeachingsStore[] = [];

/** An app as the Node server wires it: the taught service over the knowledge base, the store in the log file. */
async function start(settings = SETTINGS): Promise<Running> {
  const store = new SqliteTeachingsStore(join(ctx.dir, 'log.sqlite'));
  opened.push(store);
  const teachings = new Teachings(store);
  await teachings.refresh();
  const deps: AppDeps = { service: () => teachings.apply(ctx.service), settings, teachings: { store, changed: () => teachings.refresh() } };
  return { app: createApp(deps), store };
}

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

async function ask(app: Hono, q: string) {
  const res = await app.request(`/api/ask?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { answer: string | null; citations: { id: string }[]; curated?: { sourceUrl: string; sourceDate: string; reviewedBy: string; expiresAt: string } };
}

beforeAll(async () => {
  ctx = await setupCorpusApp();
  STAFF = await signedIn('李老师');
  POST = { ...STAFF, ...FORM };
}, 120_000);

afterEach(async () => {
  vi.useRealTimers();
  // Each test starts with no teachings, whatever the one before left.
  const store = new SqliteTeachingsStore(join(ctx.dir, 'log.sqlite'));
  const { taught, curated } = await store.snapshot();
  for (const t of taught) await store.removeTaught(t.id);
  for (const c of curated) await store.removeCurated(c.id);
  store.close();
});

afterAll(() => {
  for (const s of opened) s.close();
  ctx?.cleanup();
});

describe('/admin/teach', () => {
  it('refuses every route without the token (401), and does not exist without ADMIN_TOKEN (404)', async () => {
    const { app, store } = await start();
    const routes: [string, string][] = [
      ['GET', '/admin/teach'],
      ['GET', `/admin/teach?q=${encodeURIComponent(QUESTION)}`],
      ['POST', '/admin/teach'],
      ['POST', '/admin/teach/remove'],
      ['POST', '/admin/teach/curated'],
      ['POST', '/admin/teach/curated/remove'],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? form({ question: QUESTION, passage: MEDIATION, id: '1', answer: 'x', sourceUrl: 'https://example.gov.cn/', sourceDate: '2026-01-01' }) : undefined;
      const anonymous = await app.request(path, { method, body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' } });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      const wrong = await app.request(path, { method, body, headers: { ...FORM, Authorization: 'Bearer not-the-token-at-all-000' } });
      // 401, or 429 once this client has sent more than 5 wrong tokens (the login throttle): never let in.
      expect([401, 429], `${method} ${path} with a wrong token`).toContain(wrong.status);
    }
    expect((await store.snapshot()).taught).toEqual([]);
    const off = createApp({ service: () => ctx.service, settings: DEFAULT_SETTINGS });
    expect((await off.request('/admin/teach')).status).toBe(404);
    // A post from another site is refused even with the session's token (the CSRF check on /admin/*).
    const cross = await (await start()).app.request('/admin/teach', {
      method: 'POST',
      body: form({ question: QUESTION, passage: MEDIATION }),
      headers: { Cookie: 'pqa_admin=x', 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
    });
    expect([401, 403]).toContain(cross.status);
  });

  it('teaches an unanswered question: asked again it is answered from the chosen passage; removing undoes it', async () => {
    const { app, store } = await start();
    const before = await ask(app, QUESTION);
    expect(before.answer).toBeNull();

    // The page shows what it gets now and searches the knowledge base in place.
    const page = await app.request(`/admin/teach?q=${encodeURIComponent(QUESTION)}&find=${encodeURIComponent('人民调解')}`, { headers: STAFF });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('没有找到答案');
    expect(html).toContain(`value="${MEDIATION}"`);
    expect(page.headers.get('cache-control')).toContain('no-store');

    const saved = await app.request('/admin/teach', { method: 'POST', headers: POST, body: form({ question: QUESTION, passage: MEDIATION, note: '群众口语' }) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/teach?q=${encodeURIComponent(QUESTION)}&saved=taught#teach-now`);

    const after = await ask(app, QUESTION);
    expect(after.citations[0].id).toBe(MEDIATION);
    expect(after.answer).not.toBeNull();
    const passageText = (await store.snapshot()).taught[0];
    expect(passageText).toMatchObject({ question: QUESTION, passageIds: [MEDIATION], note: '群众口语', createdBy: '李老师' });
    // The answer is a verbatim sentence of the chosen paragraph, about mediation.
    expect(after.answer).toContain('调解');

    // The portal's answer page too, and the teach page shows the effect with who and when.
    const answerPage = await (await app.request(`/ask?q=${encodeURIComponent(QUESTION)}`)).text();
    expect(answerPage.replace(/<[^>]+>/g, '')).toContain(after.answer!);
    const effect = await (await app.request(saved.headers.get('location')!, { headers: STAFF })).text();
    expect(effect).toContain('id="teach-saved"');
    expect(effect).toContain(`data-passage="${MEDIATION}"`);
    expect(effect).toContain('李老师');
    // Its search (the question's own words by default) now lists the taught passage, ticked.
    expect(effect).toMatch(new RegExp(`name="passage" value="${MEDIATION}" checked`));

    // Search learns from it as well: the taught passage comes first for the question.
    const search = (await (await app.request(`/api/search?q=${encodeURIComponent(QUESTION)}`)).json()) as { results: { id: string }[] };
    expect(search.results[0].id).toBe(MEDIATION);

    const id = (await store.snapshot()).taught[0].id;
    const removed = await app.request('/admin/teach/remove', { method: 'POST', headers: POST, body: form({ id: String(id) }) });
    expect(removed.status).toBe(303);
    expect((await store.snapshot()).taught).toEqual([]);
    expect((await ask(app, QUESTION)).answer).toBeNull();
  });

  it('refuses bad input with a clear 400 and changes nothing', async () => {
    const { app, store } = await start();
    const bad: [string, Record<string, string | string[]>, RegExp][] = [
      ['/admin/teach', { question: QUESTION }, /pick at least one passage/],
      ['/admin/teach', { question: '', passage: MEDIATION }, /question is empty/],
      ['/admin/teach', { question: '问'.repeat(201), passage: MEDIATION }, /longer than 200/],
      ['/admin/teach', { question: QUESTION, passage: `${REPORT_ID}:99999` }, /no passage .* in the knowledge base/],
      ['/admin/teach', { question: QUESTION, passage: '<script>' }, /malformed/],
      ['/admin/teach', { question: QUESTION, passage: ['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'a:6'] }, /at most 5/],
      ['/admin/teach/remove', { id: 'abc' }, /id must be/],
      ['/admin/teach/curated', { question: CURATED_Q, answer: CURATED_TEXT, sourceUrl: 'javascript:alert(1)', sourceDate: '2026-01-15' }, /http:\/\/ or https:\/\//],
      ['/admin/teach/curated', { question: CURATED_Q, answer: CURATED_TEXT, sourceUrl: 'https://www.yangjiang.gov.cn/', sourceDate: '2026-02-30' }, /source date/],
      ['/admin/teach/curated', { question: CURATED_Q, answer: '', sourceUrl: 'https://www.yangjiang.gov.cn/', sourceDate: '2026-01-15' }, /answer is empty/],
      ['/admin/teach/curated', { question: CURATED_Q, answer: '答'.repeat(1001), sourceUrl: 'https://www.yangjiang.gov.cn/', sourceDate: '2026-01-15' }, /longer than 1000/],
      ['/admin/teach/curated', { question: CURATED_Q, answer: CURATED_TEXT, sourceUrl: 'https://www.yangjiang.gov.cn/', sourceDate: '2026-01-15', expires: '2001-01-01' }, /expiry must be today or later/],
    ];
    for (const [path, fields, message] of bad) {
      const res = await app.request(path, { method: 'POST', headers: POST, body: form(fields) });
      expect(res.status, `${path} ${JSON.stringify(fields).slice(0, 80)}`).toBe(400);
      const html = await res.text();
      expect(html).toMatch(message);
      expect(html).toContain('role="alert"');
    }
    expect(await store.snapshot()).toEqual({ taught: [], curated: [] });
    // An id that does not exist: 404, nothing removed.
    expect((await app.request('/admin/teach/remove', { method: 'POST', headers: POST, body: form({ id: '424242' }) })).status).toBe(404);
    expect((await ask(app, QUESTION)).answer).toBeNull();
  });

  it('serves a curated answer with its label, source link and date, editable, and not once expired', async () => {
    const { app, store } = await start();
    const sourceUrl = 'https://www.yangjiang.gov.cn/ywdt/flyz/';
    const res = await app.request('/admin/teach/curated', {
      method: 'POST',
      headers: POST,
      body: form({ question: CURATED_Q, answer: CURATED_TEXT, sourceUrl, sourceDate: '2026-01-15', reviewedBy: '', expires: '' }),
    });
    expect(res.status).toBe(303);
    const [saved] = (await store.snapshot()).curated;
    expect(saved).toMatchObject({ question: CURATED_Q, reviewedBy: '李老师', createdBy: '李老师', sourceDate: '2026-01-15' });
    // Default expiry: CURATED_ANSWER_DAYS (30) after the review.
    expect(Date.parse(saved.expiresAt) - Date.parse(saved.reviewedAt)).toBe(30 * 86_400_000);

    // Asked with other punctuation and spacing, the same question.
    const api = await ask(app, '去哪里申请 法律援助?');
    expect(api.answer).toBe(CURATED_TEXT);
    expect(api.curated).toMatchObject({ sourceUrl, sourceDate: '2026-01-15', reviewedBy: '李老师' });
    const html = await (await app.request(`/ask?q=${encodeURIComponent(CURATED_Q)}`)).text();
    expect(html).toContain('人工审核');
    expect(html).toContain(`href="${sourceUrl}"`);
    expect(html).toContain('2026-01-15');
    expect(html).toContain(CURATED_TEXT);
    const en = await (await app.request(`/ask?q=${encodeURIComponent(CURATED_Q)}&lang=en`)).text();
    expect(en).toContain('Reviewed by staff');

    // A second curated answer to the same question is refused (409); editing the first works.
    const twice = await app.request('/admin/teach/curated', { method: 'POST', headers: POST, body: form({ question: CURATED_Q, answer: '另一种说法。', sourceUrl, sourceDate: '2026-01-15' }) });
    expect(twice.status).toBe(409);
    const edited = await app.request('/admin/teach/curated', {
      method: 'POST',
      headers: { ...(await signedIn('王审核')), ...FORM },
      body: form({ id: String(saved.id), question: CURATED_Q, answer: `${CURATED_TEXT}（工作日办理）`, sourceUrl, sourceDate: '2026-02-01', expires: '2099-12-31' }),
    });
    expect(edited.status).toBe(303);
    const after = await ask(app, CURATED_Q);
    expect(after.answer).toBe(`${CURATED_TEXT}（工作日办理）`);
    expect(after.curated).toMatchObject({ reviewedBy: '王审核', sourceDate: '2026-02-01' });

    // Once expired it is not served (the documents answer again) and the list flags it.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2100-01-02T00:00:00Z'));
    const expired = await ask(app, CURATED_Q);
    expect(expired.curated).toBeUndefined();
    expect(expired.answer).not.toBe(`${CURATED_TEXT}（工作日办理）`);
    const list = await (await app.request('/admin/teach', { headers: await signedIn('李老师') })).text();
    expect(list).toContain('已过期，不再使用');
    vi.useRealTimers();

    const gone = await app.request('/admin/teach/curated/remove', { method: 'POST', headers: POST, body: form({ id: String(saved.id) }) });
    expect(gone.status).toBe(303);
    expect((await store.snapshot()).curated).toEqual([]);
    expect((await ask(app, CURATED_Q)).curated).toBeUndefined();
  });

  it('says teaching is unavailable where no store is wired (Workers, LOG_PATH=off) and refuses its posts with 503', async () => {
    const app = createApp({ service: () => ctx.service, settings: SETTINGS });
    const page = await app.request('/admin/teach', { headers: STAFF });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('此服务器不能保存教学内容');
    const post = await app.request('/admin/teach', { method: 'POST', headers: POST, body: form({ question: QUESTION, passage: MEDIATION }) });
    expect(post.status).toBe(503);
  });

  it('speaks 繁體 and English', async () => {
    const { app } = await start();
    const tw = await (await app.request(`/admin/teach?q=${encodeURIComponent(QUESTION)}&lang=zh-TW`, { headers: STAFF })).text();
    expect(tw).toContain('教系統回答');
    expect(tw).toContain('問答對');
    const en = await (await app.request(`/admin/teach?q=${encodeURIComponent(QUESTION)}&lang=en`, { headers: STAFF })).text();
    expect(en).toContain('Teach the answers');
    expect(en).toContain('What it gets now');
    expect(en.slice(en.indexOf('<main'))).not.toMatch(/\{\w+\}/);
  });

  it('keeps teachings across a restart (a new app on the same log file)', async () => {
    const first = await start();
    await first.app.request('/admin/teach', { method: 'POST', headers: POST, body: form({ question: QUESTION, passage: MEDIATION }) });
    first.store.close();
    const second = await start();
    const answer = await ask(second.app, QUESTION);
    expect(answer.citations[0].id).toBe(MEDIATION);
    expect(answer.answer).not.toBeNull();
    const listed = await (await second.app.request('/admin/teach', { headers: STAFF })).text();
    expect(listed).toContain(QUESTION);
    const id = (await second.store.snapshot()).taught[0].id;
    await second.app.request('/admin/teach/remove', { method: 'POST', headers: POST, body: form({ id: String(id) }) });
  });
});
