// Index terms with the real nodejieba segmenter (whole numbers, Traditional and full-width input, no punctuation), match-form normalisation and highlighting.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJiebaSegmenter } from '../../src/adapters/node/jieba.js';
import { escapeHtml, markRanges, matchRanges, snippet } from '../../src/text/highlight.js';
import { cleanText, compactForm, normalizeForMatch, toSimplified } from '../../src/text/normalize.js';
import { cjkBigrams, numericTerms, splitNumeric, tokenize, type Segmenter } from '../../src/text/tokenize.js';
import { REPORT_FILE } from '../helpers/corpus-app.js';

let segmenter: Segmenter;

beforeAll(() => {
  segmenter = createJiebaSegmenter();
});

describe('numbers stay whole', () => {
  const terms = (text: string) => tokenize(text, segmenter);

  it('keeps counts with their measure word and also the bare number', () => {
    const t = terms('市政府办结行政复议申请108件');
    expect(t).toContain('108件');
    expect(t).toContain('108');
    expect(t).toContain('行政复议');
  });

  it('never splits 108 into single digits', () => {
    const t = terms('市政府办结行政复议申请108件,其中撤销30件');
    for (const d of ['1', '0', '8', '10', '08']) expect(t).not.toContain(d);
    expect(t).toEqual(expect.arrayContaining(['30件', '30']));
  });

  it('keeps percentages whole', () => {
    const t = terms('纠错率达29.6%');
    expect(t).toContain('29.6%');
    expect(t).toContain('29.6');
    for (const bad of ['29', '6', '.', '%', '6%']) expect(t).not.toContain(bad);
  });

  it('keeps 万 multipliers and approximations: 6万余名 → 6万余名 and 6万', () => {
    const t = terms('累计培训6万余名');
    expect(t).toContain('6万余名');
    expect(t).toContain('6万');
  });

  it('keeps years, ISO dates and multi-character units whole', () => {
    expect(terms('2021年')).toEqual(expect.arrayContaining(['2021年', '2021']));
    expect(terms('时间:2022-01-26')).toContain('2022-01-26');
    expect(terms('时间:2022-01-26')).not.toContain('01');
    expect(terms('55个')).toContain('55个');
    expect(terms('压缩至45个工作日')).toContain('45个工作日');
    expect(terms('2020年度')).toContain('2020年度');
    expect(terms('2022年1月26日')).toContain('2022年1月26日');
  });

  it('numericTerms and splitNumeric agree with tokenize', () => {
    expect(numericTerms('108件')).toEqual(expect.arrayContaining(['108件', '108']));
    expect(numericTerms('6万余名')).toEqual(expect.arrayContaining(['6万余名', '6万']));
    expect(numericTerms('29.6%')).toEqual(expect.arrayContaining(['29.6%', '29.6']));
    expect(numericTerms('2021')).toEqual(['2021']);
    for (const expr of ['108件', '29.6%', '45个工作日', '2067项']) {
      expect(numericTerms(expr)[0]).toBe(expr);
      for (const t of numericTerms(expr)) expect(t).not.toMatch(/^\d$/);
    }
    expect(splitNumeric('办结108件,纠错率达29.6%')).toEqual([
      { text: '办结', numeric: false },
      { text: '108件', numeric: true },
      { text: ',纠错率达', numeric: false },
      { text: '29.6%', numeric: true },
    ]);
  });

  it('produces no single-digit term from any multi-digit number in the real report', () => {
    const report = readFileSync(REPORT_FILE, 'utf8');
    const t = new Set(tokenize(report, segmenter));
    expect(t.has('108件')).toBe(true);
    expect(t.has('29.6%')).toBe(true);
    expect(t.has('834项')).toBe(true);
    // A single-digit term must come from a single-digit number in the text, never from inside 108 or 2021.
    const normalized = normalizeForMatch(report);
    const singles = [...t].filter((term) => /^\d$/.test(term));
    for (const d of singles) expect(normalized, d).toMatch(new RegExp(`(?<![\\d.])${d}(?![\\d.])`));
    expect(t.has('0')).toBe(false);
    expect(t.has('7')).toBe(false);
  });
});

describe('Traditional, full-width and punctuation', () => {
  it('gives Traditional text the same terms as Simplified', () => {
    const trad = tokenize('市政府辦結的行政復議案件', segmenter);
    const simp = tokenize('市政府办结的行政复议案件', segmenter);
    expect(trad).toEqual(simp);
    expect(trad).toContain('行政复议');
    expect(tokenize('糾錯率達29.6％', segmenter)).toEqual(tokenize('纠错率达29.6%', segmenter));
  });

  it('gives full-width digits and punctuation the same terms as half-width', () => {
    const full = tokenize('（１０８件，２９．６％）', segmenter);
    expect(full).toEqual(tokenize('(108件,29.6%)', segmenter));
    expect(full).toEqual(expect.arrayContaining(['108件', '108', '29.6%', '29.6']));
  });

  it('never makes punctuation or symbols a term', () => {
    const t = tokenize('“两平台”，《阳江市人民政府公报》！？、。：；……——（）【】·~@#￥&*+=<>/\\|"\' 😀', segmenter);
    expect(t.length).toBeGreaterThan(0);
    for (const term of t) {
      expect(term.trim()).toBe(term);
      expect(term).not.toMatch(/^[\s\p{P}\p{S}]+$/u);
    }
    expect(t).toContain('平台');
    expect(t).toContain('公报');
  });

  it('gives empty text and pure punctuation no terms', () => {
    expect(tokenize('', segmenter)).toEqual([]);
    expect(tokenize('，。！？、；：“”‘’（）', segmenter)).toEqual([]);
    expect(tokenize('   \t\n', segmenter)).toEqual([]);
  });

  it('cjkBigrams covers only CJK runs', () => {
    expect(cjkBigrams('行政复议108件abc纠错')).toEqual(['行政', '政复', '复议', '纠错']);
    expect(cjkBigrams('abc 123')).toEqual([]);
  });
});

describe('normalizeForMatch and compactForm', () => {
  it('applies NFKC: full-width letters, digits and signs become half-width', () => {
    expect(normalizeForMatch('１０８件，２９．６％')).toBe('108件,29.6%');
    expect(normalizeForMatch('ＧＤＰ')).toBe('gdp');
  });

  it('converts Traditional to Simplified', () => {
    expect(normalizeForMatch('辦結的行政復議申請，糾錯率')).toBe('办结的行政复议申请,纠错率');
    expect(toSimplified('法治廣東建設')).toBe('法治广东建设');
  });

  it('collapses whitespace (including ideographic space) and trims', () => {
    expect(normalizeForMatch('  Ａｂｃ　１０８％  辦結\t\n復議 ')).toBe('abc 108% 办结 复议');
  });

  it('compactForm removes all whitespace (the eval N(s))', () => {
    expect(compactForm('  Ａｂｃ　１０８％  辦結\t\n復議 ')).toBe('abc108%办结复议');
    expect(compactForm('行政 复议\u3000申请 108 件')).toBe('行政复议申请108件');
  });

  it('removes zero-width characters, controls and lone surrogates but keeps emoji', () => {
    expect(normalizeForMatch('行\u200b政\ufeff复\u0000议')).toBe('行政复议');
    expect(cleanText('a\ud800b\udc00c')).toBe('abc');
    expect(cleanText('法治😀')).toBe('法治😀');
    expect(cleanText('第一行\n第二行\t尾')).toBe('第一行\n第二行\t尾');
  });
});

describe('highlighting', () => {
  it('matches a number only as a whole number: 4 is not inside 2021 or 834', () => {
    const text = '2021年共下放834项职权,另有4个试点';
    const ranges = matchRanges(text, ['4']);
    expect(ranges).toHaveLength(1);
    const [[s, e]] = ranges;
    expect(text.slice(s, e)).toBe('4');
    expect(text.slice(e, e + 2)).toBe('个试');
    expect(matchRanges('2021年共834项', ['4'])).toEqual([]);
    expect(matchRanges('纠错率达29.6%', ['6'])).toEqual([]);
    expect(matchRanges('纠错率达29.6%', ['29.6%'])).toHaveLength(1);
  });

  it('maps matches in Traditional or full-width display text back to the original characters', () => {
    const trad = '市政府辦結行政復議申請';
    const [[s, e]] = matchRanges(trad, ['行政复议']);
    expect(trad.slice(s, e)).toBe('行政復議');
    const full = '办结１０８件';
    const [[fs, fe]] = matchRanges(full, ['108件']);
    expect(full.slice(fs, fe)).toBe('１０８件');
    const emoji = '😀行政复议';
    expect(matchRanges(emoji, ['行政复议'])).toEqual([[2, 6]]);
  });

  it('merges overlapping matches into one range', () => {
    const text = '市政府办结行政复议申请';
    expect(matchRanges(text, ['行政', '政复', '复议'])).toEqual([[5, 9]]);
  });

  it('escapes HTML in snippets and marked text', () => {
    const html = snippet('<script>alert("x")</script> 办结108件 & more', ['108件']);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<mark>108件</mark>');
    expect(html).toContain('&amp; more');
    expect(markRanges("a<b>'c'", [[1, 4]])).toBe('a<mark>&lt;b&gt;</mark>&#39;c&#39;');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('cuts a long text to a window around the matches, with ellipses', () => {
    const text = '甲'.repeat(300) + '纠错率达29.6%' + '乙'.repeat(300);
    const html = snippet(text, ['29.6%'], 160);
    expect(html.startsWith('…')).toBe(true);
    expect(html.endsWith('…')).toBe(true);
    expect(html).toContain('<mark>29.6%</mark>');
    expect(html.replace(/<\/?mark>/g, '').replace(/…/g, '').length).toBe(160);
  });
});
