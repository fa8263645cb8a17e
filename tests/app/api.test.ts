// The HTTP contract on the real ingested report: /api/search and /api/ask JSON, answers with citations, paging, /doc pages with anchors, /healthz, htmx fragments vs full pages.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import type { PassageResult } from '../../src/search/search.js';
import type { AskResponse, SearchResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const TITLE = '阳江市人民政府2021年法治政府建设年度报告';
const SECTION_SEVEN = '(七)推动社会矛盾纠纷依法有效化解,有力促进社会公平正义';
const SEED_URL = new URL('../../../shared/eval/seed-dev.jsonl', import.meta.url);

let ctx: CorpusApp;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

const get = (path: string, headers?: Record<string, string>) => ctx.app.request(path, { headers });

async function getJson<T>(path: string, status = 200): Promise<T> {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as T;
}

const search = (q: string, extra = '') => getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}${extra}`);
const ask = (q: string) => getJson<AskResponse>(`/api/ask?q=${encodeURIComponent(q)}`);

function expectPassageShape(p: PassageResult) {
  expect(typeof p.id).toBe('string');
  expect(p.docId).toBe(REPORT_ID);
  expect(p.id.startsWith(`${p.docId}:`)).toBe(true);
  expect(p.title).toBe(TITLE);
  expect(Array.isArray(p.heading)).toBe(true);
  for (const h of p.heading) expect(typeof h).toBe('string');
  expect(typeof p.text).toBe('string');
  expect(p.text.length).toBeGreaterThan(0);
  expect(typeof p.snippet).toBe('string');
  expect(p.snippet).not.toMatch(/<(?!\/?mark>)/);
  expect(typeof p.score).toBe('number');
  expect(Number.isFinite(p.score)).toBe(true);
  expect(p.url).toBe(`/doc/${encodeURIComponent(p.docId)}?hl=${p.paragraph}#p-${p.paragraph}`);
  expect(p.article).toBeNull();
}

describe('ingest fixture', () => {
  it('ingested the one bundled report with nothing skipped', () => {
    expect(ctx.report.documents).toBe(1);
    expect(ctx.report.skipped).toEqual([]);
    expect(ctx.report.passages).toBe(ctx.service.kb.passageCount);
    expect(ctx.report.passages).toBeGreaterThan(20);
  });
});

describe('GET /api/search', () => {
  it('returns the JSON contract with ranked passages', async () => {
    const body = await search('行政复议');
    expect(body.query).toBe('行政复议');
    expect(body.total).toBeGreaterThan(0);
    expect(body.offset).toBe(0);
    expect(body.limit).toBe(DEFAULT_SETTINGS.PAGE_SIZE);
    expect(body.results.length).toBe(Math.min(body.total, body.limit));
    body.results.forEach(expectPassageShape);
    const scores = body.results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.results[0].text).toContain('行政复议');
    expect(body.results[0].snippet).toContain('<mark>');
  });

  it('echoes the query trimmed, as typed (not normalised)', async () => {
    const body = await search('  行政復議  ');
    expect(body.query).toBe('行政復議');
    expect(body.results[0].text).toContain('行政复议');
  });

  it('pages with limit and offset', async () => {
    const all = await search('法治', '&limit=20');
    expect(all.total).toBeGreaterThan(10);
    const first = await search('法治', '&limit=5');
    const second = await search('法治', '&limit=5&offset=5');
    expect(first.results.map((r) => r.id)).toEqual(all.results.slice(0, 5).map((r) => r.id));
    expect(second.results.map((r) => r.id)).toEqual(all.results.slice(5, 10).map((r) => r.id));
    expect(second.offset).toBe(5);
    expect(second.total).toBe(all.total);
    const past = await search('法治', `&offset=${all.total}`);
    expect(past.results).toEqual([]);
    expect(past.total).toBe(all.total);
  });

  it('refuses a bad paging value with a 400 naming the parameter, never a silent fallback (issue #16, finding 19)', async () => {
    const cases: [string, RegExp][] = [
      ['&limit=-5', /^query: limit must be a whole number from 1 to 100 \(got "-5"\)$/],
      ['&limit=abc', /^query: limit must be a whole number from 1 to 100 \(got "abc"\)$/],
      ['&limit=0', /^query: limit must be at least 1 \(got "0"\)$/],
      ['&limit=100000', /^query: limit must be at most 100 \(got "100000"\)$/],
      ['&limit=1.5', /^query: limit must be a whole number/],
      ['&limit=', /^query: limit must be a whole number/],
      ['&offset=-1', /^query: offset must be a whole number from 0 to 10000/],
      ['&offset=99999999999', /^query: offset must be a whole number/],
      ['&offset=10001', /^query: offset must be at most 10000/],
      ['&limit=5&limit=6', /^query: limit/],
      ['&year=21', /^query: year must be years like 2021/],
      ['&lang=fr', /^query: lang must be zh-CN, zh-TW or en/],
    ];
    for (const [extra, message] of cases) {
      const res = await ctx.app.request(`/api/search?q=${encodeURIComponent('法治')}${extra}`);
      expect(res.status, extra).toBe(400);
      expect(((await res.json()) as { error: string }).error, extra).toMatch(message);
    }
    // The edges of the ranges are fine, and a parameter the route does not declare is ignored.
    const edge = await search('法治', '&limit=100&offset=10000&utm_source=portal');
    expect([edge.limit, edge.offset]).toEqual([100, 10_000]);
    expect((await search('法治', '&limit=1&offset=0')).results).toHaveLength(1);
  });

  it('finds nothing for words the report does not contain', async () => {
    const body = await search('量子计算机');
    expect(body.results.length).toBeLessThanOrEqual(body.total);
    for (const r of body.results) expect(r.text).not.toContain('量子');
  });
});

describe('GET /api/ask', () => {
  it('answers the 行政复议 count with 108件 and cites the (七) paragraph', async () => {
    const body = await ask('2021年市政府办结了多少件行政复议申请？');
    expect(body.question).toBe('2021年市政府办结了多少件行政复议申请？');
    expect(body.answer).toEqual(expect.any(String));
    expect(body.answer).toContain('108件');
    expect(body.confidence).toBeGreaterThan(0);
    expect(body.confidence).toBeLessThanOrEqual(1);
    expect(body.citations.length).toBeGreaterThan(0);
    body.citations.forEach(expectPassageShape);
    const [first] = body.citations;
    expect(first.text).toContain('纠错率达29.6%');
    expect(first.heading).toContain(SECTION_SEVEN);
    expect(first.heading[0]).toBe('一、2021年法治政府建设情况');
    // The answer is quoted from the first citation.
    expect(first.text).toContain(body.answer!.replace(/[。;；,，:：]$/, ''));
  });

  it('answers a Traditional-character question', async () => {
    const body = await ask('行政復議申請的糾錯率達到多少？');
    expect(body.answer).toContain('29.6%');
    expect(body.citations[0].text).toContain('纠错率达29.6%');
  });

  it('answers a full-width / half-width variant the same way', async () => {
    const a = await ask('2021年市政府办结了多少件行政复议申请？');
    const b = await ask('２０２１年市政府办结了多少件行政复议申请?');
    expect(b.answer).toBe(a.answer);
    expect(b.citations.map((c) => c.id)).toEqual(a.citations.map((c) => c.id));
  });

  it('says it has no answer for a question the report does not cover, still listing citations', async () => {
    const body = await ask('2021年阳江的GDP总量有多少亿元？');
    expect(body.answer).toBeNull();
    expect(Array.isArray(body.citations)).toBe(true);
    body.citations.forEach(expectPassageShape);
    expect(typeof body.confidence).toBe('number');
  });

  it('answers every seed-dev question with the contract and a verbatim quote of its first citation', async () => {
    const items = readFileSync(SEED_URL, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; question: string });
    expect(items.length).toBe(30);
    for (const item of items) {
      const body = await ask(item.question);
      expect(body.question, item.id).toBe(item.question.trim());
      expect(body.citations.length, item.id).toBeLessThanOrEqual(5);
      body.citations.forEach(expectPassageShape);
      if (body.answer !== null) {
        expect(body.citations.length, item.id).toBeGreaterThan(0);
        expect(body.citations[0].text, item.id).toContain(body.answer.replace(/[。;；,，:：]$/, ''));
      }
    }
  });
});

describe('every cited url resolves', () => {
  it('to the cited paragraph of its document, highlighted', async () => {
    const urls = new Set<string>();
    for (const q of ['2021年市政府办结了多少件行政复议申请？', '法治建设工作有哪些不足？', '2022年有哪些工作打算？']) {
      for (const c of (await ask(q)).citations) urls.add(c.url);
    }
    for (const r of (await search('法治', '&limit=100')).results) urls.add(r.url);
    expect(urls.size).toBeGreaterThan(10);
    for (const url of urls) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      const html = await res.text();
      const n = Number(url.match(/#p-(\d+)$/)![1]);
      expect(html).toMatch(new RegExp(`id="p-${n}" class="[^"]*\\bcited\\b`));
    }
  });
});

describe('GET /doc/:id', () => {
  it('renders the whole report with a #p-N anchor for every paragraph', async () => {
    const res = await get(`/doc/${REPORT_ID}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<h1 id="doc-title">${TITLE}</h1>`);
    expect(html).toContain('阳江市人民政府办公室');
    expect(html).toContain('2022-01-26');
    const doc = ctx.service.kb.document(REPORT_ID)!;
    for (const p of doc.paragraphs) expect(html).toContain(`id="p-${p.n}"`);
    expect(html).toContain('id="p-31"');
    expect(html).not.toContain(`id="p-${doc.paragraphs.length + 1}"`);
    expect(html).not.toMatch(/class="[^"]*\bcited\b/);
  });

  it('marks the ?hl= paragraph as cited, and only that one', async () => {
    const html = await (await get(`/doc/${REPORT_ID}?hl=31`)).text();
    expect(html).toMatch(/id="p-31" class="[^"]*\bcited\b/);
    expect(html.match(/\bcited\b/g)).toHaveLength(1);
    expect(html).toContain('纠错率达29.6%');
  });

  it('ignores a non-numeric ?hl=', async () => {
    const res = await get(`/doc/${REPORT_ID}?hl=abc`);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toMatch(/class="[^"]*\bcited\b/);
  });

  it('answers 404 with a friendly page for an unknown document', async () => {
    const res = await get('/doc/no-such-document');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('未找到文件');
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });
});

describe('pages and fragments', () => {
  const q = encodeURIComponent('2021年市政府办结了多少件行政复议申请？');

  it('/ask without htmx is a full page', async () => {
    const res = await get(`/ask?q=${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html');
    expect(html).toContain('id="results"');
    expect(html).toContain('108件');
    expect(html).toContain('href="#cite-1"');
    expect(html).toContain('id="cite-1"');
  });

  it('/ask with HX-Request: true is just the #results fragment', async () => {
    const res = await get(`/ask?q=${q}`, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toMatch(/HX-Request/i);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).not.toContain('<!doctype');
    expect(html.startsWith('<section id="results"')).toBe(true);
    expect(html).toContain('108件');
  });

  it('a boosted htmx request still gets the full page', async () => {
    const html = await (await get(`/ask?q=${q}`, { 'HX-Request': 'true', 'HX-Boosted': 'true' })).text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('/search renders results as a page and as a fragment', async () => {
    const page = await (await get('/search?q=' + encodeURIComponent('行政复议'))).text();
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('的搜索结果');
    expect(page).toContain('<mark>行政复议</mark>');
    const fragment = await (await get('/search?q=' + encodeURIComponent('行政复议'), { 'HX-Request': 'true' })).text();
    expect(fragment.startsWith('<section id="results"')).toBe(true);
    expect(fragment).not.toContain('<html');
  });

  it('/ask for an unanswerable question says so honestly', async () => {
    const html = await (await get('/ask?q=' + encodeURIComponent('2021年阳江的GDP总量有多少亿元？'))).text();
    expect(html).toContain('没有找到答案');
  });

  it('/ lists the report', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/doc/${REPORT_ID}"`);
    expect(html).toContain(TITLE);
  });
});

describe('health and unknown routes', () => {
  it('/healthz reports ok with the passage count', async () => {
    const body = await getJson<{ status: string; passages: number; builtAt: string }>('/healthz');
    expect(body.status).toBe('ok');
    expect(body.passages).toBe(ctx.report.passages);
    expect(Number.isNaN(Date.parse(body.builtAt))).toBe(false);
  });

  it('/healthz is 503 while no knowledge base is loaded, and the API says so in JSON', async () => {
    const loading = createApp({ service: () => undefined, settings: DEFAULT_SETTINGS });
    const health = await loading.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'loading' });
    const api = await loading.request('/api/ask?q=' + encodeURIComponent('行政复议'));
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect((await api.json()).error).toMatch(/^unavailable:/);
  });

  it('unknown API routes are JSON 404s, unknown pages friendly HTML 404s', async () => {
    const api = await getJson<{ error: string }>('/api/nope', 404);
    expect(api.error).toContain('/api/nope');
    const page = await get('/nope');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('页面不存在');
  });

  it('sets the security headers on every response', async () => {
    for (const path of ['/healthz', `/doc/${REPORT_ID}`, '/api/search?q=x', '/nope']) {
      const res = await get(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
  });
});
