// The portal experience over HTTP on the real bundled report (no mocks of our
// own code): language resolution and the message catalogues, 繁體 content in
// pages and the JSON API, CORS and framing limited to ALLOWED_ORIGINS, safe
// headers on every route, the question log (feedback, 热门问题, never failing
// an answer), 猜你想问 suggestions, 相关问题 and the 适老化 cookie.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryLog, SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { nodeStaticAssets } from '../../src/adapters/node/static.js';
import { createApp } from '../../src/app/create-app.js';
import { LANGS, langFromAcceptLanguage, parseLang, resolveLang, translator } from '../../src/i18n/index.js';
import { en } from '../../src/i18n/en.js';
import { toTraditional, toTraditionalMarkup } from '../../src/i18n/traditional.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { zhTW } from '../../src/i18n/zh-TW.js';
import { isShareableQuestion, questionKey, type QueryLog } from '../../src/staff/query-log.js';
import { relatedQuestions } from '../../src/search/related.js';
import type { AskResponse, SearchResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../src/settings.js';
import { headingSuggestion, SuggestionIndex } from '../../src/search/suggest.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';
const QUESTION_TW = '2021年市政府辦結了多少件行政複議申請？';
const PORTAL = 'https://www.yangjiang.gov.cn';
const OTHER = 'https://evil.example.com';

let ctx: CorpusApp;
let log: SqliteQueryLog;

beforeAll(async () => {
  ctx = await setupCorpusApp();
  log = new SqliteQueryLog(join(ctx.dir, 'log.sqlite'), { popularMinCount: 2, popularCacheMs: 0 });
});

afterAll(() => {
  log?.close();
  ctx?.cleanup();
});

function appWith(settings: Partial<Settings> = {}, queryLog: QueryLog | undefined = log) {
  return createApp({ service: () => ctx.service, settings: { ...DEFAULT_SETTINGS, ...settings }, queryLog, staticAssets: nodeStaticAssets() });
}

const q = (text: string) => encodeURIComponent(text);
const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

/** /api/ask: the answer and, added by the route, the question log's id for feedback (null without a log). */
type AskJson = AskResponse & { id: string | null };

describe('message catalogues and language resolution', () => {
  it('has every message in every language, with the same placeholders', () => {
    for (const catalogue of [zhTW, en]) {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(zhCN).sort());
      for (const [key, text] of Object.entries(zhCN)) {
        const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(names(catalogue[key as keyof typeof zhCN]), key).toEqual(names(text));
      }
    }
    expect(translator('zh-TW')('viewOriginal', { n: 3 })).toBe('檢視原文（第3段）');
    expect(translator('en')('searchCount', { total: 7 })).toBe('7 in total');
  });

  it('parses tags and Accept-Language by q-value', () => {
    expect(parseLang('ZH-tw')).toBe('zh-TW');
    expect(parseLang('zh-Hant-HK')).toBe('zh-TW');
    expect(parseLang('zh-Hans')).toBe('zh-CN');
    expect(parseLang('en-GB')).toBe('en');
    expect(parseLang('fr')).toBeNull();
    expect(langFromAcceptLanguage('fr-FR,fr;q=0.9,en;q=0.8,zh-TW;q=0.7')).toBe('en');
    expect(langFromAcceptLanguage('en;q=0.5,zh-HK;q=0.9')).toBe('zh-TW');
    expect(langFromAcceptLanguage('de, *;q=0.1')).toBeNull();
    expect(langFromAcceptLanguage('en;q=0, zh')).toBe('zh-CN');
  });

  it('takes ?lang= first, then the remembered choice, then Accept-Language, then zh-CN', () => {
    expect(resolveLang({ query: 'en', remembered: 'zh-TW', acceptLanguage: 'zh-TW' })).toEqual({ lang: 'en', explicit: true });
    expect(resolveLang({ query: 'xx', remembered: 'zh-TW', acceptLanguage: 'en' })).toEqual({ lang: 'zh-TW', explicit: false });
    expect(resolveLang({ remembered: null, acceptLanguage: 'en-US,en;q=0.9' })).toEqual({ lang: 'en', explicit: false });
    expect(resolveLang({})).toEqual({ lang: 'zh-CN', explicit: false });
  });

  it('renders pages in the resolved language and remembers an explicit ?lang= in a cookie', async () => {
    const app = appWith();
    const byHeader = await app.request('/', { headers: { 'Accept-Language': 'zh-TW,zh;q=0.9' } });
    const html = await byHeader.text();
    expect(htmlLang(html)).toBe('zh-TW');
    expect(html).toContain('搜尋');
    expect(byHeader.headers.get('set-cookie')).toBeNull();
    expect(byHeader.headers.get('vary')).toMatch(/Accept-Language/);

    const explicit = await app.request('/?lang=en', { headers: { 'Accept-Language': 'zh-TW' } });
    expect(htmlLang(await explicit.text())).toBe('en');
    expect(explicit.headers.get('set-cookie')).toMatch(/^pqa_lang=en;.*Path=\/.*HttpOnly.*SameSite=Lax/);

    const remembered = await app.request('/', { headers: { Cookie: 'pqa_lang=en', 'Accept-Language': 'zh-TW' } });
    const rememberedHtml = await remembered.text();
    expect(htmlLang(rememberedHtml)).toBe('en');
    expect(rememberedHtml).toContain('>Ask</button>');
    // Documents stay Chinese on English pages, marked so screen readers switch voice.
    expect(rememberedHtml).toMatch(/<a href="\/doc\/[^"]+" lang="zh-CN">阳江市人民政府/);

    const none = await app.request('/');
    expect(htmlLang(await none.text())).toBe('zh-CN');
  });

  it('does not let the embed frame overwrite the visitor’s remembered language', async () => {
    const res = await appWith().request('/embed?lang=en');
    expect(htmlLang(await res.text())).toBe('en');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('switches language and 适老化 through /prefs and returns to the same page only', async () => {
    const app = appWith();
    const lang = await app.request(`/prefs?lang=zh-TW&back=${q('/search?q=法治')}`);
    expect(lang.status).toBe(303);
    expect(decodeURI(lang.headers.get('location') ?? '')).toBe('/search?q=法治');
    expect(lang.headers.get('set-cookie')).toMatch(/^pqa_lang=zh-TW;/);

    const elder = await app.request(`/prefs?elder=1&back=${q('/')}`);
    expect(elder.headers.get('set-cookie')).toMatch(/^pqa_elder=1;.*Max-Age=31536000/);
    for (const back of ['//evil.example.com/x', 'https://evil.example.com', '/\\evil.example.com', '/x\r\nSet-Cookie: a=b', '']) {
      const res = await app.request(`/prefs?elder=0&back=${q(back)}`);
      expect(res.headers.get('location'), back).toBe('/');
    }
  });

  it('renders 适老化 (class="elder" on <html>) for visitors with the cookie', async () => {
    const app = appWith();
    const on = await (await app.request('/', { headers: { Cookie: 'pqa_elder=1' } })).text();
    expect(on).toMatch(/<html lang="zh-CN" class="elder">/);
    expect(on).toContain('标准字号');
    const off = await (await app.request('/', { headers: { Cookie: 'pqa_elder=0' } })).text();
    expect(off).toMatch(/<html lang="zh-CN">/);
    expect(off).toContain('大字模式');
  });
});

describe('繁體 content', () => {
  it('converts text between tags only, leaving markup and character references alone', () => {
    expect(toTraditional('行政复议')).toBe('行政複議');
    expect(toTraditionalMarkup('推进<mark>行政复议</mark>体制 &amp; 改革&#39;')).toBe('推進<mark>行政複議</mark>體制 &amp; 改革&#39;');
  });

  it('/api/ask?lang=zh-TW answers in Traditional with the same citations, and Traditional questions work alike', async () => {
    const app = appWith();
    const simplified = (await (await app.request(`/api/ask?q=${q(QUESTION)}`)).json()) as AskJson;
    const traditional = (await (await app.request(`/api/ask?q=${q(QUESTION)}&lang=zh-TW`)).json()) as AskJson;
    const typedTw = (await (await app.request(`/api/ask?q=${q(QUESTION_TW)}&lang=zh-TW`)).json()) as AskJson;

    expect(simplified.answer).toContain('办结行政复议申请108件');
    expect(traditional.answer).toContain('辦結行政複議申請108件');
    expect(traditional.answer).toBe(toTraditional(simplified.answer!));
    expect(traditional.facts).toContain('108件');
    expect(traditional.question).toBe(QUESTION);
    expect(traditional.citations.map((c) => c.id)).toEqual(simplified.citations.map((c) => c.id));
    const first = traditional.citations[0];
    expect(first.title).toBe('陽江市人民政府2021年法治政府建設年度報告');
    expect(first.heading.join(' ')).toContain('推進行政複議體制改革');
    expect(first.text).toContain('辦結行政複議申請');
    expect(first.snippet).toContain('<mark>行政複議</mark>');
    expect(first.snippet).not.toMatch(/<(?!\/?mark>)/);
    expect(first.citation).toContain('《陽江市人民政府');

    expect(typedTw.answer).toBe(traditional.answer);
    expect(typedTw.citations.map((c) => c.id)).toEqual(simplified.citations.map((c) => c.id));
  });

  it('/api/search?lang=zh-TW converts results; without lang the API stays as stored', async () => {
    const app = appWith();
    const tw = (await (await app.request(`/api/search?q=${q('行政复议')}&lang=zh-TW`)).json()) as SearchResponse;
    const plain = (await (await app.request(`/api/search?q=${q('行政复议')}`, { headers: { Cookie: 'pqa_lang=zh-TW', 'Accept-Language': 'zh-TW' } })).json()) as SearchResponse;
    expect(tw.results[0].text).toContain('行政複議');
    expect(tw.results[0].snippet).toContain('<mark>行政複議</mark>');
    expect(plain.results[0].text).toContain('行政复议');
  });

  it('renders answer and document pages in Traditional for zh-TW', async () => {
    const app = appWith();
    const answer = await (await app.request(`/ask?q=${q(QUESTION)}&lang=zh-TW`)).text();
    expect(htmlLang(answer)).toBe('zh-TW');
    expect(answer).toContain('辦結行政複議申請<span class="nowrap"><mark class="fact">108件</mark></span>');
    expect(answer).toContain('檢視原文（第31段）');
    const doc = await (await app.request(`/doc/${REPORT_ID}?hl=31&lang=zh-TW`)).text();
    expect(doc).toContain('<h1 id="doc-title">陽江市人民政府2021年法治政府建設年度報告</h1>');
    expect(doc).toMatch(/id="p-31" class="[^"]*cited[^"]*"[^>]*>.*辦結行政複議申請108件/);
  });
});

describe('CORS and framing', () => {
  it('answers /api/* cross-origin only for listed origins, with Vary: Origin', async () => {
    const app = appWith({ ALLOWED_ORIGINS: [PORTAL] });
    const allowed = await app.request(`/api/ask?q=${q(QUESTION)}`, { headers: { Origin: PORTAL } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('vary')).toMatch(/Origin/);

    const refused = await app.request(`/api/search?q=${q('行政复议')}`, { headers: { Origin: OTHER } });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('vary')).toMatch(/Origin/);

    // Pages are never shared cross-origin.
    const page = await app.request('/', { headers: { Origin: PORTAL } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers preflights for the JSON POST from listed origins only', async () => {
    const app = appWith({ ALLOWED_ORIGINS: [PORTAL] });
    const preflight = (origin: string) =>
      app.request('/api/feedback', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
    const ok = await preflight(PORTAL);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const no = await preflight(OTHER);
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is same-origin only by default', async () => {
    const res = await appWith().request(`/api/ask?q=${q(QUESTION)}`, { headers: { Origin: PORTAL } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets only the listed origins frame /embed (CSP frame-ancestors); every other page refuses framing', async () => {
    const app = appWith({ ALLOWED_ORIGINS: [PORTAL, 'http://localhost:8080'] });
    const embed = await app.request('/embed');
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${PORTAL} http://localhost:8080`);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    // Pages reached inside the frame keep the embed mode, so they stay frameable.
    const inFrame = await app.request(`/ask?q=${q(QUESTION)}&embed=1&lang=zh-CN`);
    expect(inFrame.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${PORTAL}`);
    expect(await inFrame.text()).toContain('target="_blank"');
    for (const path of ['/', `/ask?q=${q(QUESTION)}`, `/doc/${REPORT_ID}`, '/api/status']) {
      const res = await app.request(path);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    const alone = await appWith().request('/embed');
    expect(alone.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);
    expect(alone.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('takes the embed colour only as hex (with a readable text colour, under a CSP nonce) and escapes the title', async () => {
    const app = appWith();
    const res = await app.request(`/embed?color=ffcc00&title=${q('<b>问答</b>')}`);
    const html = await res.text();
    const nonce = /<style nonce="([^"]+)">:root\{--accent:#ffcc00;--accent-ink:#000000\}<\/style>/.exec(html)?.[1];
    expect(nonce).toBeTruthy();
    expect(res.headers.get('content-security-policy')).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(html).toContain('&lt;b&gt;问答&lt;/b&gt;');
    expect(html).not.toContain('<b>问答</b>');
    for (const bad of ['red', 'url(x)', '#12345g', '";}body{display:none']) {
      const page = await (await app.request(`/embed?color=${q(bad)}`)).text();
      expect(page, bad).not.toContain('<style');
    }
    const dark = await (await app.request('/embed?color=%230b4f9c')).text();
    expect(dark).toContain('--accent:#0b4f9c;--accent-ink:#ffffff');
  });

  it('checks ALLOWED_ORIGINS when settings are parsed', () => {
    expect(parseSettings({ ALLOWED_ORIGINS: 'https://a.gov.cn, http://localhost:8080/' }).ALLOWED_ORIGINS).toEqual([
      'https://a.gov.cn',
      'http://localhost:8080',
    ]);
    expect(parseSettings({}).ALLOWED_ORIGINS).toEqual([]);
    expect(() => parseSettings({ ALLOWED_ORIGINS: 'https://a.gov.cn/page' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => parseSettings({ ALLOWED_ORIGINS: 'a.gov.cn' })).toThrow(/ALLOWED_ORIGINS/);
  });
});

describe('safe headers on every route', () => {
  it('sends CSP (no inline script), nosniff and a referrer policy everywhere', async () => {
    const app = appWith({ ALLOWED_ORIGINS: [PORTAL] });
    const requests: [string, RequestInit?][] = [
      ['/'],
      [`/ask?q=${q(QUESTION)}`],
      [`/ask?q=${q(QUESTION)}`, { headers: { 'HX-Request': 'true' } }],
      [`/search?q=${q('行政复议')}`],
      [`/doc/${REPORT_ID}?hl=31`],
      ['/doc/nope'],
      [`/suggest?q=${q('行政')}`],
      ['/embed'],
      ['/embed.js'],
      ['/static/embed.js'],
      ['/static/portal.js'],
      ['/static/style.css'],
      ['/static/htmx.min.js'],
      ['/static/embed-demo.html'],
      ['/prefs?lang=en'],
      ['/healthz'],
      ['/api/status'],
      [`/api/ask?q=${q(QUESTION)}`],
      ['/api/ask'],
      [`/api/search?q=${q('法治')}`],
      [`/api/suggest?q=${q('法治')}`],
      ['/api/feedback', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }],
      ['/feedback', { method: 'POST', body: 'id=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }],
      ['/nope'],
      ['/api/nope'],
    ];
    for (const [path, init] of requests) {
      const res = await app.request(path, init);
      const label = `${init?.method ?? 'GET'} ${path} (${res.status})`;
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, label).toContain("default-src 'self'");
      expect(csp, label).toContain("script-src 'self';");
      expect(csp, label).not.toContain('unsafe-inline');
      expect(csp, label).toContain('frame-ancestors');
      expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), label).toBe('strict-origin-when-cross-origin');
    }
  });

  it('serves /embed.js to any origin’s pages (Cross-Origin-Resource-Policy), or redirects where only /static is served', async () => {
    const res = await appWith().request('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toContain('policy-qa:close');
    const bare = createApp({ service: () => ctx.service, settings: DEFAULT_SETTINGS });
    const redirect = await bare.request('/embed.js');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/static/embed.js');
  });

  it('puts no inline script or style attribute in any page', async () => {
    const app = appWith();
    for (const path of ['/', `/ask?q=${q(QUESTION)}`, `/search?q=${q('行政复议')}`, `/doc/${REPORT_ID}`, '/embed?color=123456', `/suggest?q=${q('行政')}`]) {
      const html = await (await app.request(path)).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, path).not.toMatch(/\sstyle="/);
      expect(html, path).not.toMatch(/\shx-on/);
    }
  });
});

describe('question log: feedback and 热门问题', () => {
  it('logs each asked question with an id the answer card carries, and stores no IP address', async () => {
    const app = appWith();
    const html = await (await app.request(`/ask?q=${q(QUESTION)}`)).text();
    const id = /name="id" value="([0-9a-f]{24})"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain('<form id="feedback" class="feedback" method="post" action="/feedback" hx-post="/feedback"');
    log.flush();
    const db = new Database(join(ctx.dir, 'log.sqlite'), { readonly: true });
    const row = db.prepare('SELECT * FROM questions WHERE id = ?').get(id) as Record<string, unknown>;
    const columns = (db.prepare('PRAGMA table_info(questions)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(row).toMatchObject({ question: QUESTION, answered: 1, channel: 'page', lang: 'zh-CN', useful: null });
    expect(String(row.first_citation)).toMatch(new RegExp(`^${REPORT_ID}:31`));
    expect(columns.some((c) => /ip|addr|agent|cookie/i.test(c))).toBe(false);
  });

  it('stores 有用/没用 from the plain form (thank-you page) and from htmx (fragment)', async () => {
    const app = appWith();
    const ask = async () => /name="id" value="([0-9a-f]{24})"/.exec(await (await app.request(`/ask?q=${q(QUESTION)}`)).text())![1];
    const post = (body: string, headers: Record<string, string> = {}) =>
      app.request('/feedback', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', ...headers },
      });

    const first = await ask();
    const page = await post(`id=${first}&useful=1&q=${q(QUESTION)}`);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('谢谢您的反馈');
    expect(pageHtml).toContain(`href="/ask?q=${q(QUESTION)}"`);

    const second = await ask();
    const fragment = await (await post(`id=${second}&useful=0`, { 'HX-Request': 'true' })).text();
    expect(fragment.startsWith('<p id="feedback" class="feedback done"')).toBe(true);
    expect(fragment).toContain('hx-swap-oob="innerHTML">谢谢您的反馈！');

    const db = new Database(join(ctx.dir, 'log.sqlite'), { readonly: true });
    const useful = (id: string) => (db.prepare('SELECT useful FROM questions WHERE id = ?').get(id) as { useful: number }).useful;
    expect([useful(first), useful(second)]).toEqual([1, 0]);
    db.close();

    const unknown = await (await post(`id=${'0'.repeat(24)}&useful=1`)).text();
    expect(unknown).toContain('没有找到这条提问记录');
    expect((await post('id=bad&useful=1')).status).toBe(400);
  });

  it('refuses form posts that do not come from the site itself (CSRF)', async () => {
    const res = await appWith().request('/feedback', {
      method: 'POST',
      body: `id=${'0'.repeat(24)}&useful=1`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: OTHER },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('请求被拒绝');
  });

  it('takes JSON feedback at /api/feedback with the id from /api/ask', async () => {
    const app = appWith();
    const asked = (await (await app.request(`/api/ask?q=${q('开办企业可以一窗通办吗？')}`)).json()) as AskJson;
    expect(asked.id).toMatch(/^[0-9a-f]{24}$/);
    const send = (body: unknown) =>
      app.request('/api/feedback', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    const ok = await send({ id: asked.id, useful: true });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: asked.id, useful: true, saved: true });
    const unknown = await send({ id: 'f'.repeat(24), useful: false });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^feedback: /);
    for (const bad of ['not json', { id: asked.id }, { id: 'x', useful: true }, { id: asked.id, useful: 'yes' }]) {
      const res = await send(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^feedback: /);
    }
    const off = await createApp({ service: () => ctx.service, settings: DEFAULT_SETTINGS }).request('/api/feedback', {
      method: 'POST',
      body: JSON.stringify({ id: asked.id, useful: true }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(off.status).toBe(503);
  });

  it('shows questions asked often enough as 热门问题, grouping 简/繁 forms and leaving out unanswered and private-looking ones', async () => {
    // The display itself: two clients on one day are enough, without approval (tests/staff/popular.test.ts has the rules).
    const settings = { POPULAR_NEEDS_APPROVAL: false, POPULAR_MIN_COUNT: 2, POPULAR_MIN_DAYS: 1 };
    const app = createApp({
      service: () => ctx.service,
      settings: { ...DEFAULT_SETTINGS, ...settings },
      queryLog: log,
      staticAssets: nodeStaticAssets(),
      clientKey: (c) => c.req.header('X-Test-Client'),
    });
    const from = (client: string, headers: Record<string, string> = {}) => ({ headers: { 'X-Test-Client': client, ...headers } });
    const asked = '法治建设工作有哪些不足？';
    await app.request(`/ask?q=${q(asked)}`, from('a'));
    await app.request(`/ask?q=${q(toTraditional(asked))}`, from('b', { Cookie: 'pqa_lang=zh-TW' }));
    for (const client of ['a', 'b', 'c']) await app.request(`/ask?q=${q('2023年茂名市的财政预算是多少？')}`, from(client));
    for (const client of ['a', 'b', 'c']) await app.request(`/ask?q=${q('我的手机号13800138000能办理法律援助吗')}`, from(client));
    const popular = log.popular(20, { minClients: 2, minDays: 1, needsApproval: false, lowConfidence: DEFAULT_SETTINGS.LOW_CONFIDENCE });
    const key = questionKey(asked);
    expect(popular.find((p) => questionKey(p.question) === key)?.count).toBe(2);
    expect(popular.some((p) => p.question.includes('茂名市'))).toBe(false);

    const home = await (await app.request('/')).text();
    expect(home).toContain('热门问题');
    expect(home).toContain('法治建设工作有哪些不足？</a>');
    expect(home).not.toContain('13800138000');
    const homeTw = await (await app.request('/?lang=zh-TW')).text();
    expect(homeTw).toContain('熱門問題');
    expect(homeTw).toContain('法治建設工作有哪些不足？</a>');
    expect(isShareableQuestion('我的身份证号440102199001011234')).toBe(false);
  });

  it('never fails or withholds an answer when the log breaks', async () => {
    const broken: QueryLog = {
      record: () => {
        throw new Error('disk full');
      },
      feedback: () => Promise.reject(new Error('disk full')),
      popular: () => Promise.reject(new Error('disk full')),
    };
    const app = appWith({}, broken);
    const answer = await app.request(`/ask?q=${q(QUESTION)}`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<mark class="fact">108件</mark>');
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request(`/api/ask?q=${q(QUESTION)}`)).status).toBe(200);
    expect((await app.request(`/api/suggest?q=${q('行政')}`)).status).toBe(200);
  });

  it('does not open a log at LOG_PATH=off', () => {
    expect(openQueryLog('off')).toBeUndefined();
  });
});

describe('猜你想问 suggestions and 相关问题', () => {
  it('suggests questions made from headings by prefix, for Simplified and Traditional typing alike', async () => {
    const app = appWith();
    const body = (await (await app.request(`/api/suggest?q=${q('行政复')}`)).json()) as { query: string; suggestions: { text: string; kind: string }[] };
    expect(body.query).toBe('行政复');
    expect(body.suggestions.length).toBeGreaterThan(0);
    expect(body.suggestions.map((s) => s.text)).toContain('如何推进行政复议体制改革？');
    for (const s of body.suggestions) expect(s.text).toContain('行政复');

    const typedTw = (await (await app.request(`/api/suggest?q=${q('行政複')}&lang=zh-TW`)).json()) as typeof body;
    expect(typedTw.suggestions.map((s) => s.text)).toContain('如何推進行政複議體制改革？');
    const single = (await (await app.request(`/api/suggest?q=${q('法')}`)).json()) as typeof body;
    expect(single.suggestions.length).toBeGreaterThan(0);
    expect(((await (await app.request('/api/suggest?q=')).json()) as typeof body).suggestions).toEqual([]);
    expect((await app.request('/api/suggest')).status).toBe(400);
  });

  it('serves suggestions as an htmx fragment and as a plain page', async () => {
    const app = appWith();
    const fragment = await (await app.request(`/suggest?q=${q('行政复')}`, { headers: { 'HX-Request': 'true' } })).text();
    expect(fragment.startsWith('<div id="suggestions" class="suggestions">')).toBe(true);
    expect(fragment).toContain(`href="/ask?q=${q('如何推进行政复议体制改革？')}"`);
    expect(fragment).toMatch(/条建议问题/);
    const empty = await (await app.request('/suggest?q=', { headers: { 'HX-Request': 'true' } })).text();
    expect(empty).toBe('<div id="suggestions" class="suggestions" hidden=""></div>');
    const page = await (await app.request(`/suggest?q=${q('行政复')}`)).text();
    expect(page).toContain('<html');
    expect(page).toContain('猜你想问：行政复');
  });

  it('indexes headings without numbering, leaves out generic ones, and ranks popular questions first', () => {
    expect(headingSuggestion('2. 推进行政复议体制改革')).toBe('推进行政复议体制改革');
    expect(headingSuggestion('第一章 总则')).toBeNull();
    expect(headingSuggestion('（三）三是全面加强依法行政能力建设。具体如下')).toBe('全面加强依法行政能力建设');
    expect(headingSuggestion('1.将第一条修改为：')).toBeNull();
    const index = new SuggestionIndex([
      { text: '推进行政复议体制改革', kind: 'heading' },
      { text: '行政复议法', kind: 'title' },
    ]);
    index.setPopular(['行政复议要多久？']);
    const got = index.suggest('行政复议');
    expect(got[0]).toEqual({ text: '行政复议要多久？', kind: 'popular' });
    expect(got.map((s) => s.text)).toEqual(expect.arrayContaining(['推进行政复议体制改革', '行政复议法']));
    index.setPopular([]);
    expect(index.suggest('行政复议').some((s) => s.kind === 'popular')).toBe(false);
    expect(index.suggest('xingzheng')).toEqual([]);
  });

  it('offers 相关问题 from popular questions sharing words and from the other cited headings, never the question itself', async () => {
    const response = ctx.service.ask(QUESTION);
    const related = relatedQuestions(QUESTION, response.citations, ['行政复议案件办理情况如何？', '2021年市政府办结了多少件行政复议申请', '开办企业可以一窗通办吗？']);
    expect(related[0]).toBe('行政复议案件办理情况如何？');
    expect(related).not.toContain('开办企业可以一窗通办吗？');
    expect(related.some((r) => questionKey(r) === questionKey(QUESTION))).toBe(false);
    expect(related.length).toBeGreaterThan(1);
    const html = await (await appWith().request(`/ask?q=${q(QUESTION)}`)).text();
    expect(html).toContain('<h2 id="related-title">相关问题</h2>');
  });
});

describe('every language renders every page', () => {
  it('has the right <html lang> and no untranslated placeholder on each page', async () => {
    const app = appWith();
    for (const lang of LANGS) {
      for (const path of ['/', `/ask?q=${q(QUESTION)}`, `/search?q=${q('行政复议')}`, `/doc/${REPORT_ID}`, '/embed', '/nope']) {
        const html = await (await app.request(path + (path.includes('?') ? '&' : '?') + `lang=${lang}`)).text();
        expect(htmlLang(html), `${lang} ${path}`).toBe(lang);
        expect(html, `${lang} ${path}`).not.toMatch(/\{(?:n|count|query|total|value|answer)\}/);
      }
    }
  });
});
