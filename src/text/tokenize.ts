// Turning text into index terms. Word segmentation itself is injected (a
// `Segmenter`: nodejieba on Node, something else on Workers); this module owns
// what jieba gets wrong for official documents — numbers, percentages and dates
// must stay whole (nodejieba 3.5 splits 108 into 1/0/8) — and the filtering of
// punctuation, so every runtime produces the same terms around the segmenter.
import { normalizeForMatch } from './normalize.js';

/** Search-mode word segmentation (jieba `cutForSearch` semantics). */
export interface Segmenter {
  /** Splits text that contains no digits into words, including sub-words of long words. */
  cut(text: string): string[];
  /** Words with jieba part-of-speech tags (n, v, ns …), when the segmenter can tag. */
  tag?(text: string): { word: string; tag: string }[];
}

// Units and measure words that follow numbers in government reports.
const UNIT =
  '(?:个工作日|工作日|平方公里|平方米|立方米|公里|千米|公顷|公斤|千克|千瓦时|千瓦|标准箱|亿元|万元|元|年度|周年|个月|小时|分钟|份次|人次|户次|件次|' +
  '年|月|日|号|天|周|件|项|个|宗|份|人|名|场|条|篇|家|次|户|所|座|台|辆|起|批|类|种|本|套|处|间|栋|' +
  '米|吨|亩|斤|张|部|床|艘|架|岁|倍|分|期|届|轮|批次|位|支|万|亿|千|百)';
// One numeric expression: dates first (most specific), then numbers with
// optional 万/亿 multipliers, 余/多 approximations and a unit.
const NUMERIC = new RegExp(
  [
    '\\d{4}-\\d{1,2}-\\d{1,2}',
    '\\d{4}年\\d{1,2}月(?:\\d{1,2}日)?',
    '\\d{1,2}月\\d{1,2}日',
    '\\d+(?:\\.\\d+)?(?:%|‰)',
    `\\d+(?:\\.\\d+)?(?:[万亿千百])?(?:余|多)?${UNIT}?`,
  ].join('|'),
  'g',
);
const NUMBER_PREFIX = /^\d+(?:\.\d+)?/;
// Tokens made only of punctuation, symbols or spaces carry no meaning.
const NOISE = /^[\s\p{P}\p{S}]+$/u;

/** The index terms of one numeric expression: the bare number and, when it has one, the number with its unit. */
export function numericTerms(expr: string): string[] {
  const bare = expr.match(NUMBER_PREFIX)?.[0];
  const terms = [expr];
  if (bare && bare !== expr) terms.push(bare);
  // "45个工作日" → also "工作日", so 多少个工作日 finds it.
  const unit = expr.match(/^\d+(?:\.\d+)?[万亿千百]?(?:余|多)?个?(.{2,})$/)?.[1];
  if (unit && !/\d/.test(unit)) terms.push(unit);
  // "6万余名" → also "6万", the form people quote.
  const multiplied = expr.match(/^\d+(?:\.\d+)?[万亿]/)?.[0];
  if (multiplied && multiplied !== expr) terms.push(multiplied);
  return terms;
}

/** Splits normalised text into numeric expressions and the runs between them. */
export function splitNumeric(text: string): { text: string; numeric: boolean }[] {
  const parts: { text: string; numeric: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(NUMERIC)) {
    if (m[0] === '') continue;
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at), numeric: false });
    parts.push({ text: m[0], numeric: true });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), numeric: false });
  return parts;
}

/**
 * Index terms of a text, in order, with repeats (term frequency matters).
 * The text is normalised first, so callers pass display text.
 */
export function tokenize(text: string, segmenter: Segmenter): string[] {
  return tokenizeNormalized(normalizeForMatch(text), segmenter);
}

/** As `tokenize`, for text already in match form. */
export function tokenizeNormalized(normalized: string, segmenter: Segmenter): string[] {
  const terms: string[] = [];
  for (const part of splitNumeric(normalized)) {
    if (part.numeric) {
      terms.push(...numericTerms(part.text));
      continue;
    }
    for (const word of segmenter.cut(part.text)) {
      const w = word.trim();
      if (w && !NOISE.test(w)) terms.push(w);
    }
  }
  return terms;
}

/** Overlapping character bigrams of the CJK runs of normalised text (proximity and typo evidence). */
export function cjkBigrams(normalized: string): string[] {
  const grams: string[] = [];
  for (const run of normalized.match(/[\u3400-\u9fff]+/g) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) grams.push(run.slice(i, i + 2));
  }
  return grams;
}
