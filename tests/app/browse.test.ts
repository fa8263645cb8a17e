// Browsing a large library (issue #17, item 7): the region facet and filter,
// years newest first, true totals (not the ranking's cap of 300), at most
// RESULTS_PER_DOCUMENT passages of one document per page with 更多来自此文档
// and the doc= filter behind it, the documents page (/docs) with filters and
// paging, and home-page example questions drawn from the knowledge base's own
// documents or the EXAMPLE_QUESTIONS setting. On the bundled report and on a
// small library: the bundled report plus four provincial 2026 work reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { SearchResponseBody } from '../../src/app/api-contract.js';
import { createApp } from '../../src/app/create-app.js';
import { exampleQuestions } from '../../src/search/examples.js';
import { browseDocuments } from '../../src/search/library.js';
import type { QaService, SearchResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { CORPUS_DIR, REPO_ROOT, REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const REPORTS = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const PROVINCES = ['广东省', '北京市', '四川省', '浙江省'];
const q = encodeURIComponent;

async function searchJson(app: Hono, params: string): Promise<SearchResponse> {
  const res = await app.request(`/api/search?${params}`);
  expect(res.status).toBe(200);
  return SearchResponseBody.parse(await res.json()) as SearchResponse;
}

async function html(app: Hono, path: string): Promise<string> {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  return res.text();
}

/** Passages whose text or heading path contains the word: an independent count to check totals against. */
function passagesContaining(service: QaService, word: string): number {
  let n = 0;
  for (let ord = 0; ord < service.kb.passageCount; ord++) {
    const p = service.kb.passage(ord);
    if (p.text.includes(word) || p.heading.some((h) => h.includes(word))) n++;
  }
  return n;
}

describe('browsing the bundled report', () => {
  let ctx: CorpusApp;
  beforeAll(async () => {
    ctx = await setupCorpusApp();
  }, 120_000);
  afterAll(() => ctx?.cleanup());

  it('has a region facet, and the region filter keeps the report', async () => {
    const r = await searchJson(ctx.app, `q=${q('行政复议')}`);
    expect(r.facets.region).toEqual([{ value: '阳江市', count: r.total }]);
    expect((await searchJson(ctx.app, `q=${q('行政复议')}&region=${q('阳江市')}`)).total).toBe(r.total);
    expect((await searchJson(ctx.app, `q=${q('行政复议')}&region=${q('广东省')}`)).total).toBe(0);
  });

  it('shows every match of a one-document library, with no 更多 link', async () => {
    const r = await searchJson(ctx.app, `q=${q('行政复议')}&limit=100`);
    expect(r.totalDocuments).toBe(1);
    expect(r.results.length).toBe(r.total);
    expect(r.more).toEqual([]);
  });

  it('draws the home page examples from the report, or from EXAMPLE_QUESTIONS', async () => {
    const page = await html(ctx.app, '/');
    const examples = exampleQuestions(ctx.service.kb.documents());
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const e of examples) expect(page).toContain(e);
    expect(examples.every((e) => e.includes('阳江市'))).toBe(true);
    // The old hard-coded list is gone.
    expect(page).not.toContain('开办企业可以一窗通办吗？');

    const configured = ['居住证怎么办理？', '公租房怎么申请？'];
    const app = createApp({ service: () => ctx.service, settings: { ...DEFAULT_SETTINGS, EXAMPLE_QUESTIONS: configured } });
    const custom = await html(app, '/');
    for (const e of configured) expect(custom).toContain(`>${e}</a>`);
    expect(custom).not.toContain(examples[0]);
  });

  it('links the home page to /docs, which lists the report', async () => {
    expect(await html(ctx.app, '/')).toContain('href="/docs">全部 1 份文件</a>');
    const docs = await html(ctx.app, '/docs');
    expect(docs).toContain('共 1 份文件');
    expect(docs).toContain(`/doc/${REPORT_ID}`);
    expect(await html(ctx.app, `/docs?region=${q('广东省')}`)).toContain('没有符合筛选条件的文件。');
  });
});

describe('browsing a small library (the report and four provincial reports)', () => {
  let dir: string;
  let service: QaService;
  let app: Hono;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-browse-'));
    const kbPath = join(dir, 'library.sqlite');
    const inputs = [CORPUS_DIR, ...PROVINCES.map((p) => join(REPORTS, `${p}-2026-政府工作报告.txt`))];
    await runIngest({ inputs, kbPath, root: REPO_ROOT });
    service = loadService(kbPath, DEFAULT_SETTINGS);
    app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every match, not the first 300', async () => {
    const r = await searchJson(app, `q=${q('发展')}`);
    expect(r.total).toBeGreaterThan(300);
    expect(r.total).toBe(passagesContaining(service, '发展'));
    expect(r.totalIsLowerBound).toBe(false);
    expect(r.totalDocuments).toBe(5);
    // The facets count the same matches: each adds up to the total.
    for (const facet of [r.facets.type, r.facets.year, r.facets.region]) expect(facet.reduce((s, f) => s + f.count, 0)).toBe(r.total);
    // A filtered total is that facet's count.
    const gd = r.facets.region.find((f) => f.value === '广东省')!;
    expect((await searchJson(app, `q=${q('发展')}&region=${q('广东省')}`)).total).toBe(gd.count);
  });

  it('says the true count on the results page', async () => {
    const total = passagesContaining(service, '发展');
    expect(await html(app, `/search?q=${q('发展')}`)).toContain(`共 ${total} 条，来自 5 份文件`);
  });

  it('lists years newest first and offers every region', async () => {
    const r = await searchJson(app, `q=${q('营商环境')}`);
    expect(r.facets.year.map((f) => f.value)).toEqual(['2026', '2021']);
    expect(r.facets.region.map((f) => f.value).sort()).toEqual([...PROVINCES, '阳江市'].sort());
  });

  it('filters by region, repeatable or comma-separated', async () => {
    const one = await searchJson(app, `q=${q('就业')}&region=${q('北京市')}`);
    expect(one.results.length).toBeGreaterThan(0);
    expect(one.results.every((p) => p.region === '北京市')).toBe(true);
    expect(one.filters.regions).toEqual(['北京市']);
    const two = await searchJson(app, `q=${q('就业')}&region=${q('北京市,四川省')}&limit=50`);
    const again = await searchJson(app, `q=${q('就业')}&region=${q('北京市')}&region=${q('四川省')}&limit=50`);
    expect(new Set(two.results.map((p) => p.region))).toEqual(new Set(['北京市', '四川省']));
    expect(again.total).toBe(two.total);
  });

  it('shows at most RESULTS_PER_DOCUMENT passages of a document, the rest behind 更多来自此文档', async () => {
    const r = await searchJson(app, `q=${q('就业')}&limit=10`);
    expect(r.perDocument).toBe(3);
    const perDoc = new Map<string, number>();
    for (const p of r.results) perDoc.set(p.docId, (perDoc.get(p.docId) ?? 0) + 1);
    expect(Math.max(...perDoc.values())).toBeLessThanOrEqual(3);
    expect(perDoc.size).toBeGreaterThanOrEqual(4);
    expect(r.more.length).toBeGreaterThan(0);
    const more = r.more[0];
    // 更多 counts the document's other matches, and doc= finds exactly them plus the ones shown.
    const within = await searchJson(app, `q=${q('就业')}&doc=${q(more.docId)}&limit=100`);
    expect(within.results.every((p) => p.docId === more.docId)).toBe(true);
    expect(within.total).toBe(within.results.length);
    expect(within.total).toBe(more.count + perDoc.get(more.docId)!);
    expect(within.more).toEqual([]);

    const page = await html(app, `/search?q=${q('就业')}`);
    expect(page).toContain(`更多来自此文档（${more.count}）`);
    expect(page).toContain(`href="/search?q=${q('就业')}&amp;doc=${q(more.docId)}"`);
    const withinPage = await html(app, `/search?q=${q('就业')}&doc=${q(more.docId)}`);
    expect(withinPage).toContain('仅在《');
    expect(withinPage).not.toContain('更多来自此文档');
  });

  it('honours RESULTS_PER_DOCUMENT', async () => {
    const one = createApp({ service: () => service, settings: { ...DEFAULT_SETTINGS, RESULTS_PER_DOCUMENT: 1 } });
    const r = await searchJson(one, `q=${q('就业')}&limit=5`);
    expect(new Set(r.results.map((p) => p.docId)).size).toBe(r.results.length);
    const unlimited = createApp({ service: () => service, settings: { ...DEFAULT_SETTINGS, RESULTS_PER_DOCUMENT: 0 } });
    expect((await searchJson(unlimited, `q=${q('就业')}&limit=100`)).more).toEqual([]);
  });

  it('pages over the capped list: no result repeated or skipped', async () => {
    const all = await searchJson(app, `q=${q('发展')}&limit=15`);
    // Five documents, three passages each: the list runs out at 15, the rest are behind 更多.
    expect(all.listed).toBe(15);
    const pages = [0, 5, 10].map((o) => searchJson(app, `q=${q('发展')}&limit=5&offset=${o}`));
    const paged = (await Promise.all(pages)).flatMap((p) => p.results.map((r) => r.id));
    expect(paged).toEqual(all.results.map((r) => r.id));
    expect(new Set(paged).size).toBe(15);
    const last = await html(app, `/search?q=${q('发展')}&offset=10`);
    expect(last).not.toContain('下一页');
    expect(last).toContain('按相关度列出前 15 条');
  });

  it('draws examples from the newest documents, never the report it may not hold', async () => {
    const examples = exampleQuestions(service.kb.documents());
    expect(examples).toHaveLength(4);
    expect(examples.some((e) => e.includes('阳江'))).toBe(false);
    for (const e of examples) expect(PROVINCES.some((p) => e.includes(p))).toBe(true);
    expect(examples.some((e) => /^2026年.+的主要预期目标是什么？$/.test(e))).toBe(true);
    // The same knowledge base, the same examples.
    expect(exampleQuestions([...service.kb.documents()].reverse())).toEqual(examples);
    const home = await html(app, '/');
    for (const e of examples) expect(home).toContain(e);
    expect(home).not.toContain('2021年市政府办结了多少件行政复议申请？');
    // A library without the 阳江 report gets no 阳江 examples at all.
    const provincesOnly = service.kb.documents().filter((d) => d.id !== REPORT_ID);
    expect(exampleQuestions(provincesOnly, [], 10).join('')).not.toContain('阳江');
  });

  it('lists every document on /docs, filtered by type, region and year, 50 to a page', async () => {
    const docs = await html(app, '/docs');
    expect(docs).toContain('共 5 份文件');
    expect(docs).toContain('<h2>地区</h2>');
    const gd = await html(app, `/docs?region=${q('广东省')}`);
    expect(gd).toContain('共 1 份文件');
    expect(gd).toContain('2026年广东省政府工作报告');
    expect(await html(app, `/docs?year=2021`)).toContain('共 1 份文件');
    expect(await html(app, `/docs?year=2026&type=${q('报告')}`)).toContain('共 4 份文件');
    // Paging: offset=2 starts at the third document and links back.
    const second = await html(app, '/docs?offset=2');
    expect(second).toContain('第 3–5 份');
    expect(second).toContain('上一页');
    // htmx gets the fragment only.
    const fragment = await (await app.request('/docs?year=2026', { headers: { 'HX-Request': 'true' } })).text();
    expect(fragment.startsWith('<section id="results"')).toBe(true);
  });

  it('pages and facets the listing itself: newest first, years newest first, counts kept across filters', () => {
    const documents = service.kb.documents();
    const first = browseDocuments(documents, { types: [], regions: [], years: [] }, 0, 2);
    const rest = browseDocuments(documents, { types: [], regions: [], years: [] }, 2, 2);
    expect(first.total).toBe(5);
    expect(first.documents).toHaveLength(2);
    expect(new Set([...first.documents, ...rest.documents].map((d) => d.id)).size).toBe(4);
    expect(first.documents[0].year).toBe(2026);
    expect(first.facets.year.map((f) => f.value)).toEqual(['2026', '2021']);
    // Choosing a region keeps the other regions' counts, so they can be added.
    const gd = browseDocuments(documents, { types: [], regions: ['广东省'], years: [] }, 0, 50);
    expect(gd.facets.region).toHaveLength(5);
  });
});
