// Extractive answering: find the sentence(s) of the best passages that carry
// what the question asks for, and say nothing when the sources do not support
// an answer. Every answer is a verbatim span of a cited passage.
import type { KnowledgeBase } from './knowledge-base.js';
import { normalizeForMatch } from './normalize.js';
import { splitSentences } from './passages.js';
import type { AnalyzedQuery, QuestionType } from './query.js';
import { PLAN_HEADING, PROBLEM_HEADING } from './sections.js';
import { passageMatchText, rankPassages, termInText, type RankedPassage } from './search.js';

export interface AnswerOptions {
  /** Below this confidence the answer is null and only related passages are offered. */
  minConfidence: number;
  /** Citations returned with an answer. */
  maxCitations: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = { minConfidence: 0.5, maxCitations: 5 };

export interface ExtractedAnswer {
  /** Verbatim text from the first citation, or null when the sources do not answer. */
  text: string | null;
  /** The key fact inside `text` (a number with its unit, a date, a title), for highlighting. */
  facts: string[];
  /** 0–1: how well the cited passage covers the question (see README, "Confidence"). */
  confidence: number;
  type: QuestionType;
  /** Ranked passages; when `text` is set, the first is the one the answer comes from. */
  citations: RankedPassage[];
  /** Why there is no answer (for logs and the page), when `text` is null. */
  reason: string | null;
}

/** Answer length limits: fact questions get one short span, explanations more room. */
const MAX_CHARS: Record<QuestionType, number> = {
  number: 110,
  date: 110,
  fact: 110,
  list: 200,
  how: 200,
  why: 200,
  problem: 290,
  commitment: 290,
};

const NUMBER_WITH_UNIT = /\d+(?:\.\d+)?(?:[万亿千])?(?:余|多)?(?:%|‰|[个项件家名场宗份条人次篇所位元户])/;
const DATE = /(?:19|20)\d{2}(?:年|—|-|－)(?:\d{1,2}月)?(?:(?:19|20)\d{2}年?)?|\d{1,2}月\d{1,2}日/;
const TITLE = /《[^》]{2,40}》|“[^”]{2,20}”/;


interface Span {
  text: string;
  coverage: number;
  fit: number;
}

/** How well a span's content fits the question type, 0–1. */
function typeFit(type: QuestionType, text: string, query: AnalyzedQuery, heading: string): number {
  switch (type) {
    case 'number': {
      const nums = text.match(new RegExp(NUMBER_WITH_UNIT.source, 'g')) ?? [];
      if (nums.length === 0) return /\d/.test(text) ? 0.3 : 0;
      if (query.units.length && nums.some((n) => query.units.some((u) => n.endsWith(u)))) return 1;
      return 0.8;
    }
    case 'date':
      return DATE.test(text) ? 1 : /\d{4}/.test(text) ? 0.5 : 0;
    case 'list':
      return /、|《|；/.test(text) ? 1 : 0.3;
    case 'why':
      return /为了|为助推|为推动|为促进|目的|旨在|以便|从而|为[^，。]{2,20}(?:营造|提供|保障)|营造|确保|防范/.test(text) ? 1 : 0.3;
    case 'how':
      return /通过|经过|采取|利用|依托|运用|建立|实行|坚持|充分/.test(text) ? 1 : 0.5;
    case 'problem':
      return PROBLEM_HEADING.test(heading) ? 1 : /不足|有待|亟待|问题/.test(text) ? 0.6 : 0;
    case 'commitment':
      return PLAN_HEADING.test(heading) ? 1 : /将|继续|力争|计划/.test(text) ? 0.5 : 0;
    case 'fact':
      return TITLE.test(text) ? 0.8 : 0.6;
  }
}

/** IDF-weighted share of the query's term groups found in a text, 0–1. */
function spanCoverage(kb: KnowledgeBase, query: AnalyzedQuery, normalized: string): number {
  let total = 0;
  let covered = 0;
  const groups = new Map<string, { hit: boolean; weight: number }>();
  for (const t of query.terms) {
    const g = groups.get(t.group) ?? { hit: false, weight: 0 };
    g.weight = Math.max(g.weight, t.weight * kb.idf(t.term));
    g.hit ||= termInText(kb, t.term, normalized);
    groups.set(t.group, g);
  }
  for (const g of groups.values()) {
    total += g.weight;
    if (g.hit) covered += g.weight;
  }
  return total ? covered / total : 0;
}

/** Clauses of a sentence (split at commas), keeping their punctuation. */
function clauses(sentence: string): string[] {
  return sentence.match(/[^，,：:]+[，,：:]?/g) ?? [sentence];
}

/** The best contiguous run of clauses within maxChars (for sentences too long to quote whole). */
function bestClauseWindow(
  kb: KnowledgeBase,
  query: AnalyzedQuery,
  sentence: string,
  maxChars: number,
  heading: string,
): Span {
  const parts = clauses(sentence);
  let best: Span = { text: sentence.slice(0, maxChars), coverage: 0, fit: 0 };
  let bestScore = -1;
  for (let i = 0; i < parts.length; i++) {
    let text = '';
    for (let j = i; j < parts.length; j++) {
      if ((text + parts[j]).length > maxChars) break;
      text += parts[j];
      const norm = normalizeForMatch(text);
      const coverage = spanCoverage(kb, query, norm);
      const fit = typeFit(query.type, text, query, heading);
      // Prefer shorter windows at equal merit.
      const score = 0.6 * coverage + 0.4 * fit - text.length / (maxChars * 20);
      if (score > bestScore) {
        bestScore = score;
        best = { text, coverage, fit };
      }
    }
  }
  best.text = best.text.replace(/[，,：:；;]$/, '。');
  return best;
}

function factsIn(type: QuestionType, text: string): string[] {
  const pattern = type === 'date' ? DATE : type === 'fact' || type === 'list' ? TITLE : NUMBER_WITH_UNIT;
  return [...new Set(text.match(new RegExp(pattern.source, 'g')) ?? [])];
}

/** Years the question names that the document never mentions: the corpus cannot speak for them. */
function unsupportedYears(kb: KnowledgeBase, query: AnalyzedQuery, docId: string): number[] {
  const doc = kb.document(docId);
  if (!doc || query.years.length === 0) return [];
  const text = doc.paragraphs.map((p) => p.text).join('\n');
  return query.years.filter((y) => y !== doc.year && !text.includes(`${y}`));
}

/** Places the question names that neither the cited passage nor its document's title and source mention. */
function unsupportedPlaces(kb: KnowledgeBase, query: AnalyzedQuery, cited: RankedPassage): string[] {
  if (query.places.length === 0) return [];
  const doc = kb.document(cited.passage.docId);
  const context = normalizeForMatch(`${doc?.title ?? ''} ${doc?.source ?? ''} ${cited.passage.heading.join(' ')} ${cited.passage.text}`);
  return query.places.filter((place) => {
    const stem = place.replace(/(?:省|市|县|区|镇|乡|村)$/, '');
    return !context.includes(place) && !(stem.length >= 2 && context.includes(stem));
  });
}

/**
 * Words of the question the corpus never uses although it uses their parts
 * (行政诉讼 where it only has 行政 and 诉讼): the question asks about a concept
 * the sources do not mention, unless the parts stand together in the cited passage.
 */
function unsupportedCompounds(kb: KnowledgeBase, query: AnalyzedQuery, cited: RankedPassage): string[] {
  const text = passageMatchText(cited.passage);
  return query.terms
    .filter((t) => t.origin === 'query' && t.term.length >= 4 && !kb.documentFrequency.has(t.term))
    .filter((t) => {
      for (let cut = 2; cut <= t.term.length - 2; cut++) {
        if (kb.documentFrequency.has(t.term.slice(0, cut)) && kb.documentFrequency.has(t.term.slice(cut))) return true;
      }
      return false;
    })
    .filter((t) => !termInText(kb, t.term, text))
    .map((t) => t.term);
}

export function answerQuestion(
  kb: KnowledgeBase,
  query: AnalyzedQuery,
  options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
): ExtractedAnswer {
  const ranked = rankPassages(kb, query);
  const none = (reason: string, confidence = 0): ExtractedAnswer => ({
    text: null,
    facts: [],
    confidence,
    type: query.type,
    citations: ranked.slice(0, options.maxCitations),
    reason,
  });
  if (ranked.length === 0) return none('no passage matches the question');

  const maxChars = MAX_CHARS[query.type];
  const topScore = ranked[0].score;
  let best: { span: Span; score: number; at: number } | null = null;
  ranked.slice(0, 5).forEach((r, at) => {
    const heading = r.passage.heading.join(' ');
    const rel = r.score / topScore;
    const whole = query.type === 'problem' || query.type === 'commitment';
    const units = whole && r.passage.text.length <= maxChars ? [r.passage.text] : splitSentences(r.passage.text);
    for (const sentence of units) {
      const norm = normalizeForMatch(heading + ' ' + sentence);
      let span: Span = {
        text: sentence,
        coverage: spanCoverage(kb, query, norm),
        fit: typeFit(query.type, sentence, query, heading),
      };
      if (sentence.length > maxChars) {
        span = bestClauseWindow(kb, query, sentence, maxChars, heading);
        span.coverage = Math.max(span.coverage, spanCoverage(kb, query, normalizeForMatch(heading + ' ' + span.text)));
      }
      // A lead-in ("重点做好以下几方面工作：") announces an answer rather than giving one.
      const leadIn = /[:：]$/.test(r.passage.text.trim()) ? 0.15 : 0;
      const score = 0.45 * span.coverage + 0.25 * span.fit + 0.3 * rel - leadIn;
      if (!best || score > best.score) best = { span, score, at };
    }
  });
  const chosen = best as { span: Span; score: number; at: number } | null;
  if (!chosen) return none('no sentence fits the question');

  const cited = ranked[chosen.at];
  const confidence = Math.round((0.55 * cited.coverage + 0.25 * chosen.span.coverage + 0.2 * chosen.span.fit) * 1000) / 1000;
  const citations = [cited, ...ranked.filter((r) => r !== cited)].slice(0, options.maxCitations);
  const missingPlaces = unsupportedPlaces(kb, query, cited);
  if (missingPlaces.length) {
    return { ...none(`the sources do not speak about ${missingPlaces.join(', ')}`, confidence), citations };
  }
  const missingConcepts = unsupportedCompounds(kb, query, cited);
  if (missingConcepts.length) {
    return { ...none(`the sources never mention ${missingConcepts.join(', ')}`, confidence), citations };
  }
  const missingYears = unsupportedYears(kb, query, cited.passage.docId);
  if (missingYears.length) {
    return { ...none(`the sources do not cover ${missingYears.join(', ')}`, confidence), citations };
  }
  if (confidence < options.minConfidence) {
    return { ...none('confidence below threshold', confidence), citations };
  }
  return {
    text: chosen.span.text,
    facts: factsIn(query.type, chosen.span.text),
    confidence,
    type: query.type,
    citations,
    reason: null,
  };
}
