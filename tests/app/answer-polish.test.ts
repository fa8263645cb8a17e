// Answer card and document page polish (issue #17 item 8), on the real bundled report through the real app: the
// answer is one uninterrupted quote (its figure links in a 相关数据 line after it), citations are numbered once,
// dates and figures sit in runs that do not wrap, the first citation's links carry the answer's words (?mark=)
// and the document page marks them inside the cited paragraph, 复制答案 and 分享链接 (a permalink to the question),
// headings sized by level, a print stylesheet, and 查看原文网页 only for a document that has an original page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerHtml } from '../../views/answer-card.js';
import { MARK_MAX, PassageItem, nowrapHtml, nowrapText, originalPageUrl, withMark } from '../../views/citation-list.js';
import { DocumentView } from '../../views/document-page.js';
import { translator, type Lang } from '../../src/i18n/index.js';
import { contentConverter } from '../../src/i18n/traditional.js';
import type { Ui } from '../../views/ui.js';
import { REPO_ROOT, REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

// Questions written for these tests (not from the evaluation files).
const REVIEWS = '阳江市去年办结的行政复议案件有多少件';
const PLATFORMS = '阳江全市有几家执法单位开通了两平台账户';
const REVIEWS_ANSWER = '市政府办结行政复议申请108件,其中责令履行1件,撤销30件,确认违法1件,纠错率达29.6%';

const q = (s: string) => encodeURIComponent(s);
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

function uiOf(lang: Lang, embed = false): Ui {
  const text = contentConverter(lang);
  return { lang, t: translator(lang), text, contentLang: lang === 'en' ? 'zh-CN' : undefined, embed, elder: false, here: '/', embedQuery: embed ? 'embed=1' : '' };
}

/** The <div class="answer"> block (up to the sources heading). */
const answerBlock = (html: string) => html.slice(html.indexOf('<div class="answer">'), html.indexOf('<ol class="citations">'));
/** The answer's quote: the span after the attribution. */
const quote = (html: string) => /<span class="answer-quote"[^>]*>([\s\S]*?)<\/span><a class="cite-ref"/.exec(html)?.[1] ?? '';
const citations = (html: string) => html.slice(html.indexOf('<ol class="citations">'), html.indexOf('</ol>', html.indexOf('<ol class="citations">')));

describe('answer card polish', () => {
  let corpus: CorpusApp;
  const page = async (path: string) => (await corpus.app.request(path)).text();

  beforeAll(async () => {
    corpus = await setupCorpusApp();
  }, 120_000);
  afterAll(() => corpus?.cleanup());

  it('keeps the answer one quote, its figure links in a 相关数据 line after it', async () => {
    const html = await page(`/ask?q=${q(REVIEWS)}`);
    const text = quote(html);
    expect(text).not.toContain('<a');
    expect(text).not.toContain('[数据]');
    expect(text.replace(/<[^>]+>/g, '')).toBe(REVIEWS_ANSWER);
    const block = answerBlock(html);
    const figures = /<p class="answer-figures">([\s\S]*?)<\/p>/.exec(block)?.[1] ?? '';
    expect(figures.startsWith('相关数据：')).toBe(true);
    const links = [...figures.matchAll(/<a href="([^"]+)" aria-label="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({ href: decode(m[1]), label: m[2], text: m[3] }));
    expect(links.map((l) => l.text)).toEqual(['108件', '30件', '29.6%']);
    expect(links[0].href).toBe(`/figures?id=${q(`${REPORT_ID}:31/1`)}#f-${REPORT_ID}:31/1`);
    // The accessible name starts with the visible text (label in name).
    for (const l of links) expect(l.label.startsWith(l.text)).toBe(true);
    // After the answer's paragraph, not inside it.
    expect(block.indexOf('class="answer-figures"')).toBeGreaterThan(block.indexOf('class="cite-ref"'));
    // The linked records still open.
    expect((await corpus.app.request(links[0].href.split('#')[0])).status).toBe(200);
  });

  it('numbers the citations once: the list\'s own numbers, no [n] inside', async () => {
    const html = await page(`/ask?q=${q(REVIEWS)}`);
    const list = citations(html);
    expect(list).not.toContain('cite-number');
    expect(list.replace(/<[^>]+>/g, '')).not.toMatch(/\[\d+\]/);
    const ids = [...list.matchAll(/<li class="passage" id="(cite-\d+)">/g)].map((m) => m[1]);
    expect(ids.slice(0, 3)).toEqual(['cite-1', 'cite-2', 'cite-3']);
    // The answer's one reference mark points at the first item of that list.
    expect(html).toContain('<a class="cite-ref" href="#cite-1" aria-label="引用 1">[1]</a>');
  });

  it('keeps dates and figures on one line in the answer and the citations', async () => {
    const html = await page(`/ask?q=${q(REVIEWS)}`);
    const text = quote(html);
    for (const figure of ['108件', '30件', '29.6%']) expect(text).toContain(`<span class="nowrap"><mark class="fact">${figure}</mark></span>`);
    const list = citations(html);
    expect(list).toContain('<span class="nowrap">108件</span>');
    expect(list).toContain('<span class="nowrap">2022-01-26</span>');
    const other = await page(`/ask?q=${q(PLATFORMS)}`);
    expect(quote(other)).toContain('截止<span class="nowrap">2021年</span>底');
    expect(quote(other)).toContain('<span class="nowrap"><mark class="fact">142家</mark></span>');
  });

  it('wraps whole dates and figures, escaping the rest', () => {
    expect(nowrapText('自2021年1月1日起施行')).toBe('自<span class="nowrap">2021年1月1日</span>起施行');
    expect(nowrapText('组织全市6万余名国家工作人员')).toBe('组织全市<span class="nowrap">6万余名</span>国家工作人员');
    expect(nowrapText('2021—2025年规划')).toBe('<span class="nowrap">2021—2025年</span>规划');
    expect(nowrapText('增长3.5个百分点')).toBe('增长<span class="nowrap">3.5个百分点</span>');
    expect(nowrapText('第三十条，2. 一是')).toBe('第三十条，2. 一是');
    expect(nowrapText('<b>"108件"</b>')).toBe('&lt;b&gt;&quot;<span class="nowrap">108件</span>&quot;&lt;/b&gt;');
    // Entities and tags in ready HTML are left whole.
    expect(nowrapHtml('a&#39;39 <mark>29.6%</mark> <a href="/x?y=2021">2021年</a>')).toBe(
      'a&#39;<span class="nowrap">39</span> <mark><span class="nowrap">29.6%</span></mark> <a href="/x?y=2021"><span class="nowrap">2021年</span></a>',
    );
    // A fact that is part of a figure: the run holds it whole.
    expect(answerHtml('共6万余名人员', ['6万余'])).toBe('共<span class="nowrap"><mark class="fact">6万余</mark>名</span>人员');
    expect(answerHtml('a<b>108件', ['108件'])).toBe('a&lt;b&gt;<span class="nowrap"><mark class="fact">108件</mark></span>');
    // A run inside a longer fact nests in its mark; a run straddling a long fact's edge is left to wrap.
    const long = '《阳江市城市生活垃圾分类管理条例》自2022年起施行';
    expect(answerHtml(long, ['《阳江市城市生活垃圾分类管理条例》自2022年'])).toBe(
      '<mark class="fact">《阳江市城市生活垃圾分类管理条例》自<span class="nowrap">2022年</span></mark>起施行',
    );
    const longer = '《阳江市城市生活垃圾分类管理条例实施细则》自2022年起施行';
    expect(answerHtml(longer, ['《阳江市城市生活垃圾分类管理条例实施细则》自2022'])).toBe(
      '<mark class="fact">《阳江市城市生活垃圾分类管理条例实施细则》自2022</mark>年起施行',
    );
    expect(answerHtml('2021年,审查政府法律事务366件', ['366件'])).toBe('<span class="nowrap">2021年</span>,审查政府法律事务<span class="nowrap"><mark class="fact">366件</mark></span>');
  });

  it('links the first citation with the answer, and the document page marks it in the cited paragraph', async () => {
    const html = await page(`/ask?q=${q(REVIEWS)}`);
    const first = /<li class="passage" id="cite-1"><p class="passage-source"><a href="([^"]+)"/.exec(html)![1];
    const href = decode(first);
    expect(href).toBe(`/doc/${REPORT_ID}?hl=31&mark=${q(REVIEWS_ANSWER)}#p-31`);
    // The other citations carry no mark; the 查看原文（第N段） link of the first one does.
    expect(citations(html).match(/mark=/g)).toHaveLength(2);
    // A printed page shows the paragraph's address without the long mark.
    expect(citations(html)).toContain(`data-print="/doc/${REPORT_ID}?hl=31#p-31"`);
    const doc = await page(href.split('#')[0]);
    const cited = /<p id="p-31" class="[^"]*cited[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(doc)?.[1] ?? '';
    expect(cited).toContain(`<mark class="answer-mark">${REVIEWS_ANSWER}</mark>`);
    expect(doc.match(/class="answer-mark"/g)).toHaveLength(1);
  });

  it('marks only words that stand verbatim in the cited paragraph, bounded, escaped, in either script', async () => {
    const base = `/doc/${REPORT_ID}?hl=31`;
    expect(await page(`${base}&mark=${q('不在这个段落里的话')}`)).not.toContain('answer-mark');
    expect(await page(`/doc/${REPORT_ID}?mark=${q('纠错率达29.6%')}`)).not.toContain('answer-mark');
    // Words of another paragraph are not marked in this one.
    expect(await page(`${base}&mark=${q('推动诉源治理')}`)).not.toContain('answer-mark');
    const hostile = await page(`${base}&mark=${q('<script>alert(1)</script>')}`);
    expect(hostile).not.toContain('<script>alert(1)');
    expect(hostile).not.toContain('answer-mark');
    // A very long mark is cut to MARK_MAX characters: the page still answers, and the cut words are not found.
    const long = await corpus.app.request(`${base}&mark=${q('纠'.repeat(5000))}`);
    expect(long.status).toBe(200);
    expect(MARK_MAX).toBeLessThanOrEqual(300);
    expect(withMark('/doc/x?hl=1#p-1', 'a'.repeat(1000))).toBe(`/doc/x?hl=1&mark=${'a'.repeat(MARK_MAX)}#p-1`);
    // A 繁體 link opened on a 简体 page, and the other way round.
    const traditional = await page(`${base}&mark=${q('糾錯率達29.6%')}`);
    expect(traditional).toContain('<mark class="answer-mark">纠错率达29.6%</mark>');
    const onTw = await page(`${base}&lang=zh-TW&mark=${q('纠错率达29.6%')}`);
    expect(onTw).toContain('<mark class="answer-mark">糾錯率達29.6%</mark>');
  });

  it('offers 复制答案 (with script) and 分享链接 (a permalink to the question) in three languages, not in the embed', async () => {
    const labels = {
      'zh-CN': ['复制答案', '分享链接', '答案已复制'],
      'zh-TW': ['複製答案', '分享連結', '答案已複製'],
      en: ['Copy answer', 'Share link', 'Answer copied'],
    } as const;
    for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
      const html = await page(`/ask?q=${q(REVIEWS)}&lang=${lang}`);
      const actions = /<p class="answer-actions">([\s\S]*?)<\/p>/.exec(answerBlock(html))?.[1] ?? '';
      const [copy, share, done] = labels[lang];
      expect(actions).toMatch(new RegExp(`<button type="button" class="copy-answer needs-script" hidden="" data-done="${done}"[^>]*>${copy}</button>`));
      const link = /<a class="share-link" href="([^"]+)"[^>]*>([^<]+)<\/a>/.exec(actions);
      expect(link?.[2]).toBe(share);
      const permalink = decode(link![1]);
      expect(permalink.startsWith('/ask?q=')).toBe(true);
      // The permalink asks the same question again, without script.
      const again = await page(permalink);
      expect(quote(again).replace(/<[^>]+>/g, '')).toBe(REVIEWS_ANSWER);
      expect(actions).toContain('<span class="copy-status" role="status"></span>');
    }
    const embedded = await page(`/ask?q=${q(REVIEWS)}&embed=1`);
    expect(embedded).not.toContain('answer-actions');
    expect(embedded).not.toContain('answer-figures');
    expect(quote(embedded)).toContain('<span class="nowrap"><mark class="fact">108件</mark></span>');
  });

  it('renders headings by level: 一、 as h2, （一） as h3, sized in that order', async () => {
    const doc = await page(`/doc/${REPORT_ID}`);
    expect(doc).toMatch(/<h2 id="p-\d+" class="para level-1">一、/);
    expect(doc).toMatch(/<h3 id="p-\d+" class="para level-2">\(一\)/);
    const css = readFileSync(join(REPO_ROOT, 'public/style.css'), 'utf8');
    const size = (tag: string) => Number(new RegExp(`\\.document ${tag}\\.para \\{ font-size: ([\\d.]+)rem`).exec(css)?.[1]);
    const h1 = Number(/\nh1 \{ font-size: ([\d.]+)rem/.exec(css)?.[1]);
    expect(h1).toBeGreaterThan(size('h2'));
    expect(size('h2')).toBeGreaterThan(size('h3'));
    expect(size('h3')).toBeGreaterThan(size('h4'));
    expect(size('h4')).toBeGreaterThan(1);
    // The cited paragraph lands below the top of the window, with context above it, without script.
    expect(css).toMatch(/\.document \[id\^="p-"\] \{ scroll-margin-top: [^;]+; \}/);
  });

  it('has a print stylesheet that hides the controls and prints where citations lead', () => {
    const css = readFileSync(join(REPO_ROOT, 'public/style.css'), 'utf8');
    const print = css.slice(css.indexOf('@media print'));
    expect(print.length).toBeGreaterThan(20);
    for (const hidden of ['.site-header', 'nav', 'form', '.feedback', 'button']) expect(print).toMatch(new RegExp(`[\\s,]${hidden.replace('.', '\\.')}[,\\s{]`));
    expect(print).toContain('content: " <" attr(data-print) ">"');
    expect(print).toContain('color: #000');
  });

  it('links 查看原文网页 only when a document has an http(s) original page', () => {
    const record = corpus.service.kb.document(REPORT_ID)!;
    const ui = uiOf('zh-CN');
    // The bundled report links its page on the 阳江 portal (corpus/*.meta.json url); without it, no link.
    expect(String(DocumentView({ ui, doc: record, highlight: 31 }))).toContain(
      '<a class="original-page" href="http://www.yangjiang.gov.cn/zwgk/fzzfjsbg/content/post_592896.html" rel="noopener noreferrer external">查看原文网页</a>',
    );
    const plain = String(DocumentView({ ui, doc: { ...record, frame: { ...record.frame, sourceUrl: undefined } }, highlight: 31 }));
    expect(plain).not.toContain('original-page');
    const withUrl = String(DocumentView({ ui, doc: { ...record, sourceUrl: 'https://www.yangjiang.gov.cn/example.html' }, highlight: 31 }));
    expect(withUrl).toContain('<a class="original-page" href="https://www.yangjiang.gov.cn/example.html" rel="noopener noreferrer external">查看原文网页</a>');
    const inFrame = String(DocumentView({ ui: uiOf('en'), doc: { ...record, frame: { sourceUrl: 'https://example.gov.cn/a' } }, highlight: null }));
    expect(inFrame).toContain('>Original web page</a>');
    expect(String(DocumentView({ ui, doc: { ...record, sourceUrl: 'javascript:alert(1)' }, highlight: null }))).not.toContain('original-page');
    expect(originalPageUrl('ftp://example.org/x')).toBeNull();
    // In a citation too.
    const result = corpus.service.ask(REVIEWS).citations[0];
    const item = String(PassageItem({ ui: uiOf('zh-TW'), result: { ...result, sourceUrl: 'https://www.yangjiang.gov.cn/example.html' }, number: 1 }));
    expect(item).toContain('>檢視原文網頁</a>');
    expect(String(PassageItem({ ui, result: { ...result, sourceUrl: null }, number: 1 }))).not.toContain('original-page');
  });
});
