// When the sources do not answer: positive evidence that the cited passage is
// about something else than the question. Each rule returns the reason it
// refuses, or null. Low coverage alone is weak evidence for long colloquial
// questions, so these rules carry most of the no-answer decision.
import questionWords from './lexicon/question-words.json' with { type: 'json' };
import type { KnowledgeBase } from './knowledge-base.js';
import type { StoredPassage } from '../model/store.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { AnalyzedQuery, QueryTerm } from './query.js';
import { termInText } from './search.js';
import { findRegions, regionByCode, regionWithin, type Region } from '../text/regions.js';
import { splitNumeric } from '../text/tokenize.js';
import { unitAnswers, unitOf } from '../text/units.js';

/** Parts of speech that name a topic (nouns, noun-like verbs, idioms, foreign words). */
const TOPIC_POS = /^(?:n|nz|nt|nr|nrt|nrfg|ng|vn|eng|j)$/;

/** Abstract nouns that name the kind of answer wanted (目的, 原因, 渠道), never the topic. */
const ANSWER_TYPE_WORDS = new Set<string>(questionWords.answerTypes);

function groupCovered(kb: KnowledgeBase, query: AnalyzedQuery, term: QueryTerm, text: string): boolean {
  return query.terms.some((t) => t.group === term.group && termInText(kb, t.term, text));
}

/** Words jieba tags as places that name a kind of area, not a place (山区, 农村, 沿海, 园区). */
const GENERIC_PLACES = /^(?:山区|农村|乡村|城市|城镇|城乡|城区|郊区|县城|县域|边疆|边境|沿海|内地|内陆|老区|牧区|林区|景区|园区|社区|街道|乡镇|村里|省里|市里|县里|全省|全市|全国|各地|当地|本地|外地|老家|家乡)$/;

/** Whether a text names a region, by its full name or a short one (广州市, 广州). */
function mentions(context: string, region: Region): boolean {
  return [region.name, ...region.short.filter((s) => s.length >= 2)].some((name) => context.includes(name));
}

/**
 * Places the question names that the cited passage does not speak for. A region
 * its document speaks for (the document's own region or one containing it, or
 * national law) needs no mention; a place inside it (广州市 in 广东's report),
 * another region, or a place that is no administrative region (珠三角) must be
 * named in the passage or its document's title and source.
 */
export function unsupportedPlaces(kb: KnowledgeBase, query: AnalyzedQuery, passage: StoredPassage): string | null {
  if (query.places.length === 0 && query.frame.regions.length === 0) return null;
  const doc = kb.documents()[passage.docOrd];
  const context = normalizeForMatch(`${doc?.title ?? ''} ${doc?.subtitle ?? ''} ${doc?.source ?? ''}`) + ' ' + kb.matchText(passage.ord);
  const own = doc?.frame.regionCode ? regionByCode(doc.frame.regionCode) : undefined;
  const missing: string[] = [];
  for (const region of query.frame.regions) {
    const spoken = own !== undefined && (own.code === '0' || regionWithin(own, region));
    if (!spoken && !mentions(context, region)) missing.push(region.name);
  }
  for (const place of query.places) {
    if (findRegions(place, { levels: ['province', 'city', 'county'] }).length) continue; // a region: judged above
    if (GENERIC_PLACES.test(place)) continue;
    const stem = place.replace(/(?:省|市|县|区|镇|乡|村)$/, '');
    if (!context.includes(place) && !(stem.length >= 2 && context.includes(stem))) missing.push(place);
  }
  return missing.length ? `the sources do not speak about ${missing.join(', ')}` : null;
}

/** Years a passage speaks for: those it or its headings name, and its section's period (frame.ts). */
export function passageYears(kb: KnowledgeBase, passage: StoredPassage): Set<number> {
  return kb.passageFrame(passage.ord).years;
}

/** A year the question asks about that the cited passage does not speak for (2020年 asked, 2021 reported). */
export function unsupportedYears(kb: KnowledgeBase, query: AnalyzedQuery, passage: StoredPassage): string | null {
  if (query.years.length === 0) return null;
  const years = passageYears(kb, passage);
  const missing = query.years.filter((y) => !years.has(y));
  return missing.length ? `the sources do not report on ${missing.join(', ')}` : null;
}

/**
 * Words of the question the corpus never uses although it uses their parts
 * (行政诉讼 where it only has 行政 and 诉讼): a concept the sources do not
 * mention, unless the parts stand together in the cited passage.
 */
export function unsupportedCompounds(kb: KnowledgeBase, query: AnalyzedQuery, passage: StoredPassage): string | null {
  const text = kb.matchText(passage.ord);
  // The whole library's vocabulary: a compound another report uses (对外开放) is a real concept,
  // even where the cited report says it in parts (开放).
  const uses = (term: string) => kb.documentFrequency(term) > 0;
  const missing = query.terms
    .filter((t) => t.origin === 'query' && t.term.length >= 4 && !t.regionCode && !uses(t.term))
    .filter((t) => {
      for (let cut = 2; cut <= t.term.length - 2; cut++) {
        if (uses(t.term.slice(0, cut)) && uses(t.term.slice(cut))) return true;
      }
      return false;
    })
    .filter((t) => !groupCovered(kb, query, t, text))
    .map((t) => t.term);
  return missing.length ? `the sources never mention ${missing.join(', ')}` : null;
}

/**
 * The topic of the question (a noun in the clause that asks) is a word the corpus
 * never uses and no colloquial expansion covers: 地区生产总值, 常住人口, 执业律师.
 */
export function unknownTopic(kb: KnowledgeBase, query: AnalyzedQuery, passage: StoredPassage): string | null {
  const text = kb.matchText(passage.ord);
  const missing = query.terms
    .filter((t) => t.origin === 'query' && t.inFocus && !t.answerType && t.term.length >= 2 && TOPIC_POS.test(t.pos))
    .filter((t) => !ANSWER_TYPE_WORDS.has(t.term))
    .filter((t) => !/^\d/.test(t.term) && !query.places.includes(t.term) && !t.regionCode)
    .filter((t) => !kb.documentFrequency(t.term) && !groupCovered(kb, query, t, text))
    .map((t) => t.term);
  return missing.length ? `the sources never mention ${missing.join(', ')}` : null;
}

/**
 * The words a figure is said of: up to 16 characters before it and 12 after,
 * within its own clause — 新建100个 in …老旧小区改造，新建100个“服务圈” counts
 * service circles, not old estates. A clause that continues the one before it
 * without a subject of its own (…3723.3亿元，增长2.1%) reaches back into it.
 */
function figureWindow(norm: string, start: number, end: number): string {
  const BOUNDARY = /[,，;；。:：!！?？]/;
  let from = start;
  while (from > 0 && start - from < 16 && !BOUNDARY.test(norm[from - 1])) from--;
  if (from > 0 && BOUNDARY.test(norm[from - 1]) && CONTINUES.test(norm.slice(from, start))) {
    from--;
    while (from > 0 && start - from < 32 && !BOUNDARY.test(norm[from - 1])) from--;
  }
  let to = end;
  while (to < norm.length && to - end < 12 && !BOUNDARY.test(norm[to])) to++;
  return norm.slice(from, to);
}

/** A clause opening that continues the clause before it: its figure is said of that clause's subject. */
const CONTINUES = /^(?:增长|下降|同比|比上年|较上年|年均|提高|降低|上升|减少|增加|占|其中|分别|达到?|超过?|突破|均)/;

/** Whether a span states a figure that can answer a number question: a number of the asked kind, next to the question's words. */
export function statesFigure(kb: KnowledgeBase, query: AnalyzedQuery, span: string): boolean {
  const norm = normalizeForMatch(span);
  const asked = new Set(splitNumeric(query.normalized).filter((p) => p.numeric).map((p) => p.text));
  const words = query.terms.filter((t) => t.term.length >= 2 && !/^\d/.test(t.term));
  let at = 0;
  for (const part of splitNumeric(norm)) {
    const start = at;
    at += part.text.length;
    if (!part.numeric || asked.has(part.text) || /^(?:19|20)\d{2}年/.test(part.text)) continue;
    if (!unitAnswers(query.unitClass, unitOf(part.text))) continue;
    const window = figureWindow(norm, start, at);
    if (words.some((t) => termInText(kb, t.term, window))) return true;
  }
  // Statutes write quantities in Chinese numerals (不得超过六个月, 十五日内, 二倍的工资).
  for (const m of norm.matchAll(CHINESE_QUANTITY)) {
    const start = m.index ?? 0;
    if (!unitAnswers(query.unitClass, m[2])) continue;
    const window = figureWindow(norm, start, start + m[0].length);
    if (words.some((t) => termInText(kb, t.term, window))) return true;
  }
  return false;
}

/** A quantity in Chinese numerals with its unit: 六个月, 十五日, 二倍, 三年以下 (the unit in group 2). */
const CHINESE_QUANTITY = /([一二三四五六七八九十百千万两]+)(个月|个工作日|工作日|小时|周岁|日|天|年|月|倍|岁|人|名|项|次|元|件|个)/g;
