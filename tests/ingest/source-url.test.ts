// The original page of a document (issue #17 item 8, 查看原文网页), end to end on the
// provincial 2026 reports (../shared/reports/provincial-2026): where the address comes
// from — a sidecar's `url`, an HTML page's canonical link (else og:url), a 原文链接 /
// URL: header line of a Markdown or text file — how it is stored (in the frame's JSON),
// served (`sourceUrl` on /api/search and /api/ask, 繁體 untouched) and shown (查看原文网页
// on /doc, on the /ask citation, in the embed and under 相关法律规定); what is refused
// (javascript:, relative addresses); incremental ingest; and knowledge bases written
// before the field (SQLite and the Workers bundle), which load with `sourceUrl: null`.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest, type IngestReport } from '../../src/adapters/node/ingest.js';
import { openKnowledgeBaseFile, readKnowledgeBaseBuild, writeKnowledgeBaseFile } from '../../src/adapters/node/kb-file.js';
import { loadService } from '../../src/adapters/node/load.js';
import { createQuerySegmenter } from '../../src/adapters/node/query-segmenter.js';
import { deserializeBundle, serializeBundle } from '../../src/adapters/workers/kb-bundle.js';
import { createApp } from '../../src/app/create-app.js';
import { describeFrame, inferFrame } from '../../src/ingest/frame.js';
import { htmlToText } from '../../src/ingest/html.js';
import { readDocument } from '../../src/ingest/read-document.js';
import { headerLineUrl, httpUrl } from '../../src/ingest/source-url.js';
import type { KnowledgeBaseBuild } from '../../src/model/store.js';
import { KnowledgeBase } from '../../src/search/knowledge-base.js';
import { memoryStore } from '../../src/search/memory-store.js';
import { QaService, type AskResponse, type SearchResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPO_ROOT } from '../helpers/corpus-app.js';

const REPORTS_DIR = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const reportText = (region: string) => readFileSync(join(REPORTS_DIR, `${region}-2026-政府工作报告.txt`), 'utf8');

const GD_URL = 'https://www.gd.gov.cn/zwgk/example/guangdong-2026-report.html';
const HUNAN_URL = 'https://www.hunan.gov.cn/example/report_2026_gov_work.html';
const HUBEI_URL = 'https://www.hubei.gov.cn/example/2026/gzbg.shtml';
const ZJ_CANONICAL = 'https://www.zj.gov.cn/art/2026/1/22/art_example.html';
const ZJ_OG = 'https://www.zj.gov.cn/og-example.html';
const GD_QUESTION = '2025年广东省货物进出口总额是多少？';
const originalLink = (url: string, label = '查看原文网页') => `<a class="original-page" href="${url}" rel="noopener noreferrer external">${label}</a>`;

/** A report's lines with `line` put after its title and 来源 lines (the header). */
function withHeaderLine(region: string, line: string): string {
  const lines = reportText(region).split('\n');
  return [lines[0], lines[1], line, ...lines.slice(2)].join('\n');
}

/** A portal page of our own around a report's text: `<head>` as given, the title in <h1>, the 来源 line, each paragraph a <p>. */
function portalPage(region: string, head: string): string {
  const lines = reportText(region)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return [
    '<!DOCTYPE html><html><head><meta charset="utf-8">',
    `<title>${esc(lines[0])}_政府门户网站</title>`,
    head,
    '</head><body><div class="nav">首页 | 政务公开</div><div class="article">',
    `<h1>${esc(lines[0])}</h1>`,
    `<div class="info">${esc(lines[1])}</div>`,
    ...lines.slice(2).map((l) => `<p>${esc(l)}</p>`),
    '</div><div class="footer">主办单位：人民政府办公厅</div></body></html>',
  ].join('\n');
}

let dir: string;
let docs: string;
let kbPath: string;
let report: IngestReport;
let service: QaService;
let app: Hono;

const frameOf = (path: string) => report.frames.find((f) => f.path === path)?.frame;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-source-url-'));
  docs = join(dir, 'docs');
  mkdirSync(docs);
  const copy = (region: string, name: string) => copyFileSync(join(REPORTS_DIR, `${region}-2026-政府工作报告.txt`), join(docs, name));
  // A sidecar with only a url: nothing else about the frame changes.
  copy('广东省', 'guangdong.txt');
  writeFileSync(join(docs, 'guangdong.meta.json'), JSON.stringify({ url: GD_URL }));
  // Markdown with a 原文链接 header line (underscores in the address, which Markdown emphasis would eat).
  writeFileSync(join(docs, 'hunan.md'), withHeaderLine('湖南省', `原文链接：${HUNAN_URL}`));
  // Text with a URL: header line, and a 原文链接 line deep in the body, which is text, not the address.
  const hubei = withHeaderLine('湖北省', `URL: ${HUBEI_URL}`).split('\n');
  hubei.splice(40, 0, '原文链接：https://elsewhere.example.org/not-the-address.html');
  writeFileSync(join(docs, 'hubei.txt'), hubei.join('\n'));
  // HTML: the canonical link wins over og:url.
  writeFileSync(
    join(docs, 'zhejiang.html'),
    portalPage('浙江省', `<link rel="stylesheet" href="/style.css"><meta property="og:url" content="${ZJ_OG}"><link rel="canonical" href="${ZJ_CANONICAL}">`),
  );
  // HTML whose canonical is relative and og:url a script: no address.
  writeFileSync(join(docs, 'sichuan.html'), portalPage('四川省', '<link rel="canonical" href="/art/2026/report.html"><meta property="og:url" content="javascript:alert(1)">'));
  // Sidecars with a script or a relative address: that document is skipped, with the sidecar named.
  copy('江苏省', 'jiangsu.txt');
  writeFileSync(join(docs, 'jiangsu.meta.json'), JSON.stringify({ url: 'javascript:alert(document.cookie)' }));
  copy('福建省', 'fujian.txt');
  writeFileSync(join(docs, 'fujian.meta.json'), JSON.stringify({ region: '福建省', url: '/zwgk/fujian-2026.html' }));
  // A header line whose address is a script: not taken.
  writeFileSync(join(docs, 'shandong.txt'), withHeaderLine('山东省', '原文链接：javascript:alert(1)'));
  copy('甘肃省', 'gansu.txt');
  kbPath = join(dir, 'kb.sqlite');
  report = await runIngest({ inputs: [docs], kbPath, root: docs });
  service = loadService(kbPath, DEFAULT_SETTINGS);
  app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('where the address comes from', () => {
  it('a sidecar url is stored in the frame and changes nothing else about it', async () => {
    const frame = frameOf('guangdong.txt')!;
    expect(frame.sourceUrl).toBe(GD_URL);
    expect(frame.overridden).toEqual(['url']);
    // The same region, kind, periods and sections as without the sidecar.
    const inferred = await readDocument('guangdong.txt', readFileSync(join(docs, 'guangdong.txt')));
    const bare = inferFrame(inferred);
    expect({ ...frame, sourceUrl: undefined, overridden: [] }).toEqual({ ...bare, sourceUrl: undefined });
    expect(describeFrame(frame)).toBe(describeFrame(bare));
    expect(frame.region).toBe('广东省');
    const store = openKnowledgeBaseFile(kbPath);
    try {
      expect(store.documents.find((d) => d.path === 'guangdong.txt')?.frame.sourceUrl).toBe(GD_URL);
      expect(store.documents.find((d) => d.path === 'gansu.txt')?.frame.sourceUrl).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('a Markdown or text header line (原文链接：…, URL: …) gives the address and is not a paragraph', () => {
    expect(frameOf('hunan.md')?.sourceUrl).toBe(HUNAN_URL);
    expect(frameOf('hunan.md')?.overridden).toEqual([]);
    expect(frameOf('hubei.txt')?.sourceUrl).toBe(HUBEI_URL);
    const hunan = service.kb.document('hunan')!;
    expect(hunan.title).toBe('2026年湖南省政府工作报告');
    expect(hunan.source).toBe('湖南省人民政府');
    expect(hunan.paragraphs.some((p) => p.text.includes(HUNAN_URL))).toBe(false);
    // The line deep in the body stays text and is not the address.
    const hubei = service.kb.document('hubei')!;
    expect(hubei.paragraphs.some((p) => p.text.includes('elsewhere.example.org'))).toBe(true);
    expect(hubei.paragraphs.some((p) => p.text.includes(HUBEI_URL))).toBe(false);
  });

  it('an HTML page gives its canonical link, before og:url; a relative or script address is not kept', () => {
    expect(frameOf('zhejiang.html')?.sourceUrl).toBe(ZJ_CANONICAL);
    expect(service.kb.document('zhejiang')?.title).toBe('2026年浙江省政府工作报告');
    expect(frameOf('sichuan.html')).toBeDefined();
    expect(frameOf('sichuan.html')?.sourceUrl).toBeUndefined();
    expect(htmlToText(`<html><head><meta property="og:url" content="${ZJ_OG}"></head><body><p>正文</p></body></html>`).sourceUrl).toBe(ZJ_OG);
    expect(htmlToText(`<link rel="canonical" href="/a.html"><meta property="og:url" content="${ZJ_OG}"><p>正文</p>`).sourceUrl).toBe(ZJ_OG);
    expect(htmlToText('<link rel="canonical" href="//www.example.gov.cn/a.html"><p>正文</p>').sourceUrl).toBeNull();
    expect(htmlToText('<link rel="alternate" href="https://m.example.gov.cn/a.html"><p>正文</p>').sourceUrl).toBeNull();
  });

  it('refuses a sidecar url that is a script or relative, naming the sidecar, and ingests the rest', () => {
    const skipped = Object.fromEntries(report.skipped.map((s) => [s.path, s.error]));
    expect(Object.keys(skipped).sort()).toEqual(['fujian.txt', 'jiangsu.txt']);
    expect(skipped['jiangsu.txt']).toBe('ingest: jiangsu.meta.json: url: must be an absolute http:// or https:// address');
    expect(skipped['fujian.txt']).toBe('ingest: fujian.meta.json: url: must be an absolute http:// or https:// address');
    expect(report.documents).toBe(7);
  });

  it('does not take a header line whose address is a script, nor documents without any', () => {
    expect(frameOf('shandong.txt')?.sourceUrl).toBeUndefined();
    expect(frameOf('gansu.txt')?.sourceUrl).toBeUndefined();
    expect(frameOf('gansu.txt')?.overridden).toEqual([]);
  });

  it('headerLineUrl: only a line that is a label, a colon and an absolute http(s) address', () => {
    expect(headerLineUrl(`原文链接：${HUNAN_URL}`)).toBe(HUNAN_URL);
    expect(headerLineUrl(`来源网址: <${HUBEI_URL}>`)).toBe(HUBEI_URL);
    expect(headerLineUrl(`  URL:${HUBEI_URL}  `)).toBe(HUBEI_URL);
    expect(headerLineUrl(`原文連結：${HUNAN_URL}`)).toBe(HUNAN_URL);
    expect(headerLineUrl(`详见原文链接：${HUNAN_URL}`)).toBeNull();
    expect(headerLineUrl(`原文链接：${HUNAN_URL} 2026年1月`)).toBeNull();
    expect(headerLineUrl('原文链接：/zwgk/a.html')).toBeNull();
    expect(headerLineUrl('URL: javascript:alert(1)')).toBeNull();
    expect(headerLineUrl('URL: https://user:pw@www.example.gov.cn/')).toBeNull();
    expect(httpUrl('ftp://www.example.gov.cn/a')).toBeNull();
    expect(httpUrl('HTTPS://WWW.Example.gov.cn')).toBe('https://www.example.gov.cn/');
    expect(httpUrl(`https://www.example.gov.cn/${'a'.repeat(2000)}`)).toBeNull();
  });
});

describe('served and shown', () => {
  it('search results carry their document’s sourceUrl, null where it has none', async () => {
    const gd = service.search('货物进出口总额', 10, 0, { doc: 'guangdong' });
    expect(gd.results.length).toBeGreaterThan(0);
    for (const r of gd.results) expect(r.sourceUrl).toBe(GD_URL);
    const gansu = service.search('地区生产总值', 10, 0, { doc: 'gansu' });
    expect(gansu.results.length).toBeGreaterThan(0);
    for (const r of gansu.results) expect(r.sourceUrl).toBeNull();
    const res = await app.request(`/api/search?q=${encodeURIComponent('货物进出口总额')}&doc=guangdong`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SearchResponse;
    expect(body.results[0].sourceUrl).toBe(GD_URL);
  });

  it('an answer’s citation carries it, on /api/ask in 简体 and 繁體 alike', async () => {
    const answer = service.ask(GD_QUESTION);
    expect(answer.citations[0].docId).toBe('guangdong');
    expect(answer.citations[0].sourceUrl).toBe(GD_URL);
    for (const lang of ['zh-CN', 'zh-TW']) {
      const res = await app.request(`/api/ask?q=${encodeURIComponent(GD_QUESTION)}&lang=${lang}`);
      const body = (await res.json()) as AskResponse;
      expect(body.citations[0].docId).toBe('guangdong');
      expect(body.citations[0].sourceUrl, lang).toBe(GD_URL);
    }
    const tw = (await (await app.request(`/api/ask?q=${encodeURIComponent(GD_QUESTION)}&lang=zh-TW`)).json()) as AskResponse;
    expect(tw.citations[0].title).toBe('2026年廣東省政府工作報告');
  });

  it('the /doc page links 查看原文网页 to it; a document without one has no such link', async () => {
    const page = await (await app.request('/doc/guangdong')).text();
    expect(page).toContain(originalLink(GD_URL));
    const zj = await (await app.request('/doc/zhejiang?lang=zh-TW')).text();
    expect(zj).toContain(originalLink(ZJ_CANONICAL, '檢視原文網頁'));
    expect(await (await app.request('/doc/gansu')).text()).not.toContain('original-page');
    expect(await (await app.request('/doc/sichuan')).text()).not.toContain('original-page');
  });

  it('the /ask page shows it on the citation', async () => {
    const page = await (await app.request(`/ask?q=${encodeURIComponent(GD_QUESTION)}`)).text();
    expect(page).toContain('/doc/guangdong?hl=');
    expect(page).toContain(originalLink(GD_URL));
    const en = await (await app.request(`/ask?q=${encodeURIComponent(GD_QUESTION)}&lang=en`)).text();
    expect(en).toContain(originalLink(GD_URL, 'Original web page'));
    // In the embed's iframe it opens in a tab of its own (portals refuse to be framed).
    const embed = await (await app.request(`/ask?q=${encodeURIComponent(GD_QUESTION)}&embed=1&lang=zh-CN`)).text();
    expect(embed).toContain(`<a class="original-page" href="${GD_URL}" rel="noopener noreferrer external" target="_blank">查看原文网页</a>`);
  });
});

describe('statutes (相关法律规定)', () => {
  it('a statute article listed under 相关法律规定 links its law’s original page', async () => {
    const laws = join(dir, 'laws', '社会法');
    mkdirSync(laws, { recursive: true });
    const law = '劳动合同法(2012-12-28)';
    copyFileSync(join(REPO_ROOT, '..', 'shared', 'stard', 'laws', '社会法', `${law}.md`), join(laws, `${law}.md`));
    const lawUrl = 'https://flk.npc.gov.cn/example/labour-contract-law.html';
    writeFileSync(join(laws, `${law}.meta.json`), JSON.stringify({ url: lawUrl }));
    const lawKb = join(dir, 'laws.sqlite');
    const r = await runIngest({ inputs: [join(dir, 'laws')], kbPath: lawKb, root: dir });
    expect(r.frames[0].frame).toMatchObject({ kind: '法律', region: '全国', sourceUrl: lawUrl });
    const lawService = loadService(lawKb, DEFAULT_SETTINGS);
    const question = '试用期最长能约定几个月？';
    const answer = lawService.ask(question);
    expect(answer.provisions.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(c.sourceUrl).toBe(lawUrl);
    const lawApp = createApp({ service: () => lawService, settings: DEFAULT_SETTINGS });
    const page = await (await lawApp.request(`/ask?q=${encodeURIComponent(question)}`)).text();
    const provisions = page.slice(page.indexOf('class="provisions"'));
    expect(provisions).toContain(originalLink(lawUrl));
  }, 120_000);
});

describe('incremental ingest', () => {
  it('keeps a document’s own address when it is unchanged, and gets it back when a sidecar stops overriding it', async () => {
    const inc = join(dir, 'incremental');
    mkdirSync(inc);
    copyFileSync(join(docs, 'zhejiang.html'), join(inc, 'zhejiang.html'));
    copyFileSync(join(docs, 'hunan.md'), join(inc, 'hunan.md'));
    const kb = join(dir, 'incremental.sqlite');
    const first = await runIngest({ inputs: [inc], kbPath: kb, root: inc });
    expect(first.parsed).toBe(2);
    const again = await runIngest({ inputs: [inc], kbPath: kb, root: inc });
    expect(again.unchanged).toBe(2);
    expect(Object.fromEntries(again.frames.map((f) => [f.path, f.frame.sourceUrl]))).toEqual({ 'hunan.md': HUNAN_URL, 'zhejiang.html': ZJ_CANONICAL });
    // A sidecar url overrides the canonical link without reading the file again…
    writeFileSync(join(inc, 'zhejiang.meta.json'), JSON.stringify({ url: GD_URL }));
    const set = await runIngest({ inputs: [inc], kbPath: kb, root: inc });
    expect(set.unchanged).toBe(2);
    expect(set.frames.find((f) => f.path === 'zhejiang.html')?.frame).toMatchObject({ sourceUrl: GD_URL, overridden: ['url'] });
    const kept = await runIngest({ inputs: [inc], kbPath: kb, root: inc });
    expect(kept.unchanged).toBe(2);
    expect(kept.frames.find((f) => f.path === 'zhejiang.html')?.frame.sourceUrl).toBe(GD_URL);
    // …and once the sidecar drops it, the page's own canonical link is read again.
    writeFileSync(join(inc, 'zhejiang.meta.json'), JSON.stringify({ region: '浙江省' }));
    const dropped = await runIngest({ inputs: [inc], kbPath: kb, root: inc });
    expect(dropped.parsed).toBe(1);
    expect(dropped.frames.find((f) => f.path === 'zhejiang.html')?.frame).toMatchObject({ sourceUrl: ZJ_CANONICAL, overridden: ['region'] });
  }, 120_000);
});

describe('knowledge bases built before sourceUrl', () => {
  /** The build as an ingest before this field wrote it: frames without sourceUrl. */
  const oldBuild = (): KnowledgeBaseBuild => {
    const build = readKnowledgeBaseBuild(kbPath);
    for (const d of build.documents) delete d.frame.sourceUrl;
    return build;
  };

  it('load on Node with sourceUrl null and no 查看原文网页', async () => {
    const oldPath = join(dir, 'old.sqlite');
    writeKnowledgeBaseFile(oldBuild(), oldPath);
    const old = loadService(oldPath, DEFAULT_SETTINGS);
    const answer = old.ask(GD_QUESTION);
    expect(answer.citations[0].docId).toBe('guangdong');
    expect(answer.citations[0].sourceUrl).toBeNull();
    for (const r of old.search('货物进出口总额').results) expect(r.sourceUrl).toBeNull();
    const oldApp = createApp({ service: () => old, settings: DEFAULT_SETTINGS });
    expect(await (await oldApp.request('/doc/guangdong')).text()).not.toContain('original-page');
    expect(await (await oldApp.request(`/ask?q=${encodeURIComponent(GD_QUESTION)}`)).text()).not.toContain('original-page');
  });

  it('load from the Workers bundle too, and a new bundle carries the address', () => {
    const serve = (build: KnowledgeBaseBuild) => {
      const kb = new KnowledgeBase(memoryStore(deserializeBundle<KnowledgeBaseBuild>(serializeBundle(build))));
      return new QaService(kb, createQuerySegmenter(kb.userWords), {
        maxQueryChars: DEFAULT_SETTINGS.MAX_QUERY_CHARS,
        minConfidence: DEFAULT_SETTINGS.MIN_CONFIDENCE,
        pageSize: DEFAULT_SETTINGS.PAGE_SIZE,
      });
    };
    expect(serve(oldBuild()).ask(GD_QUESTION).citations[0].sourceUrl).toBeNull();
    expect(serve(readKnowledgeBaseBuild(kbPath)).ask(GD_QUESTION).citations[0].sourceUrl).toBe(GD_URL);
  });
});

describe('the bundled report', () => {
  it('links its page on the 阳江市人民政府 portal through corpus/*.meta.json, its frame otherwise as inferred', async () => {
    const sidecar = JSON.parse(readFileSync(join(REPO_ROOT, 'corpus', 'yangjiang-2021-law-based-government-report.meta.json'), 'utf8'));
    expect(Object.keys(sidecar)).toEqual(['url']);
    const file = join(REPO_ROOT, 'corpus', 'yangjiang-2021-law-based-government-report.txt');
    const doc = await readDocument(file, readFileSync(file));
    const withUrl = inferFrame(doc, sidecar);
    expect(withUrl.sourceUrl).toBe('http://www.yangjiang.gov.cn/zwgk/fzzfjsbg/content/post_592896.html');
    expect({ ...withUrl, sourceUrl: undefined, overridden: [] }).toEqual({ ...inferFrame(doc), sourceUrl: undefined });
  });
});
