// 猜你想问, 相关问题 and 热门问题 through the app on the bundled report (issue #17 item 4): suggestions are
// questions (made from headings, or popular) or documents shown as 《title》 that open the document; a popular
// question is suggested only while its answer was given with good confidence and is not voted down.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { nodeStaticAssets } from '../../src/adapters/node/static.js';
import { createApp } from '../../src/app/create-app.js';
import { popularConfidence, popularRules, popularVerdict, POPULAR_CONFIDENCE_MARGIN, type PopularCandidate } from '../../src/staff/popular.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
let log: SqliteQueryLog;

beforeAll(async () => {
  ctx = await setupCorpusApp();
  log = new SqliteQueryLog(join(ctx.dir, 'log.sqlite'), { popularCacheMs: 0 });
});

afterAll(() => {
  log?.close();
  ctx?.cleanup();
});

const q = (text: string) => encodeURIComponent(text);
type SuggestJson = { query: string; suggestions: { text: string; kind: string }[] };

/** An app whose popular list needs two clients on one day and no approval, clients told apart by a header. */
function appWithLog() {
  return createApp({
    service: () => ctx.service,
    settings: { ...DEFAULT_SETTINGS, POPULAR_NEEDS_APPROVAL: false, POPULAR_MIN_COUNT: 2, POPULAR_MIN_DAYS: 1 },
    queryLog: log,
    staticAssets: nodeStaticAssets(),
    clientKey: (c) => c.req.header('X-Test-Client'),
  });
}

describe('猜你想问 through the app', () => {
  it('links questions to /ask and a document title, in 《》, to its page', async () => {
    const html = await (await ctx.app.request(`/suggest?q=${q('法治政府')}`, { headers: { 'HX-Request': 'true' } })).text();
    const links = [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({ href: m[1], text: m[2] }));
    expect(links.length).toBeGreaterThan(1);
    for (const link of links) {
      if (link.href.startsWith('/doc/')) expect(link.text).toMatch(/^《.+》$/);
      else {
        expect(link.href.startsWith('/ask?q=')).toBe(true);
        expect(link.text.endsWith('？'), link.text).toBe(true);
      }
    }
    expect(links).toContainEqual({ href: `/doc/${REPORT_ID}`, text: '《阳江市人民政府2021年法治政府建设年度报告》' });
    expect(html).toContain('<li class="suggestion title">');
    // The report's own sections become questions of its region and subject; the section headings never show.
    const problems = (await (await ctx.app.request(`/api/suggest?q=${q('存在')}`)).json()) as SuggestJson;
    expect(problems.suggestions).toContainEqual({ text: '阳江市法治政府建设存在哪些问题？', kind: 'heading' });
    for (const raw of ['存在的问题', '下一步工作措施', '2021年法治政府建设情况']) {
      const body = (await (await ctx.app.request(`/api/suggest?q=${q(raw)}`)).json()) as SuggestJson;
      expect(body.suggestions.map((s) => s.text)).not.toContain(raw);
    }
    // The plain page (no JavaScript) lists the same links.
    const page = await (await ctx.app.request(`/suggest?q=${q('法治政府')}`)).text();
    expect(page).toContain(`<a href="/doc/${REPORT_ID}">《阳江市人民政府2021年法治政府建设年度报告》</a>`);
  });

  it('opens the document from the embed in a new page and speaks 繁體 on request', async () => {
    const tw = (await (await ctx.app.request(`/api/suggest?q=${q('行政復議')}&lang=zh-TW`)).json()) as SuggestJson;
    expect(tw.suggestions.map((s) => s.text)).toContain('如何推進行政複議體制改革？');
    const embed = await (await ctx.app.request(`/suggest?q=${q('法治政府')}&embed=1`, { headers: { 'HX-Request': 'true' } })).text();
    expect(embed).toMatch(/<a href="\/doc\/[^"]+embed=1[^"]*"[^>]* target="_blank" rel="noopener">《/);
  });

  it('suggests a popular question only while its answer is not voted down', async () => {
    const question = '阳江市2021年公共法律服务实体平台受理了多少业务？';
    const app = appWithLog();
    const ids: string[] = [];
    for (const client of ['a', 'b']) {
      const body = (await (await app.request(`/api/ask?q=${q(question)}`, { headers: { 'X-Test-Client': client } })).json()) as { id: string; answer: string | null; confidence: number };
      expect(body.answer).not.toBeNull();
      expect(body.confidence).toBeGreaterThanOrEqual(popularRules(DEFAULT_SETTINGS).lowConfidence);
      ids.push(body.id);
    }
    const popularOf = async () => ((await (await appWithLog().request(`/api/suggest?q=${q('公共法律服务')}`)).json()) as SuggestJson).suggestions.filter((s) => s.kind === 'popular');
    expect(await popularOf()).toEqual([{ text: question, kind: 'popular' }]);
    // One 有用 and one 没用: not voted down. A second 没用 from another client outweighs the 有用.
    expect(await log.feedback(ids[0], true)).toBe('saved');
    expect(await log.feedback(ids[1], false)).toBe('saved');
    expect(await popularOf()).toEqual([{ text: question, kind: 'popular' }]);
    const third = (await (await app.request(`/api/ask?q=${q(question)}`, { headers: { 'X-Test-Client': 'c' } })).json()) as { id: string };
    expect(await log.feedback(third.id, false)).toBe('saved');
    expect(await popularOf()).toEqual([]);
    expect(await (await appWithLog().request('/')).text()).not.toContain(question);
  });

  it('offers 相关问题 that are questions', async () => {
    const html = await (await ctx.app.request(`/ask?q=${q('阳江市如何推进政务公开？')}`)).text();
    const section = /<section class="question-section" aria-labelledby="related-title">(.*?)<\/section>/s.exec(html)?.[1] ?? '';
    const related = [...section.matchAll(/<a href="\/ask\?q=[^"]+"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(related.length).toBeGreaterThan(0);
    for (const r of related) expect(r.endsWith('？'), r).toBe(true);
  });
});

describe('热门问题 rules', () => {
  const candidate = (fields: Partial<PopularCandidate>): PopularCandidate => ({
    key: 'k',
    question: '示例问题？',
    asks: 5,
    clients: 5,
    days: 3,
    answered: true,
    confidence: 0.9,
    useful: 0,
    notUseful: 0,
    lastAsked: new Date().toISOString(),
    state: 'approved',
    ...fields,
  });

  it('needs an answer well above the answer threshold, whatever LOW_CONFIDENCE says', () => {
    expect(popularRules(DEFAULT_SETTINGS).lowConfidence).toBe(Math.max(DEFAULT_SETTINGS.LOW_CONFIDENCE, DEFAULT_SETTINGS.MIN_CONFIDENCE + POPULAR_CONFIDENCE_MARGIN));
    const lax = popularRules({ ...DEFAULT_SETTINGS, LOW_CONFIDENCE: 0.3, MIN_CONFIDENCE: 0.3 });
    expect(lax.lowConfidence).toBeCloseTo(0.3 + POPULAR_CONFIDENCE_MARGIN);
    expect(popularVerdict(candidate({ confidence: 0.35 }), lax)).toBe('lowConfidence');
    expect(popularConfidence(0.5, 0.3)).toBe(0.5);
  });

  it('shows no question whose answer was refused, unrecorded, weak or voted down', () => {
    const rules = popularRules(DEFAULT_SETTINGS);
    expect(popularVerdict(candidate({}), rules)).toBe('shown');
    expect(popularVerdict(candidate({ answered: false }), rules)).toBe('refused');
    expect(popularVerdict(candidate({ confidence: null }), rules)).toBe('lowConfidence');
    expect(popularVerdict(candidate({ confidence: 0.4 }), rules)).toBe('lowConfidence');
    expect(popularVerdict(candidate({ useful: 1, notUseful: 2 }), rules)).toBe('votedDown');
    expect(popularVerdict(candidate({ useful: 1, notUseful: 1 }), rules)).toBe('shown');
    // Pinning does not lift the answer checks.
    expect(popularVerdict(candidate({ state: 'pinned', notUseful: 1 }), rules)).toBe('votedDown');
    expect(popularVerdict(candidate({ state: 'pinned', confidence: null }), rules)).toBe('lowConfidence');
  });
});
