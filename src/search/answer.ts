// Extractive answering: find the sentence(s) of the best passages that carry
// what the question asks for, and say nothing when the sources do not support
// an answer. Every answer is a verbatim span of its cited passage.
import {
  statesFigure,
  unknownTopic,
  unsupportedCompounds,
  unsupportedPlaces,
  unsupportedYears,
} from './answerability.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { normalizeForMatch as normalizeNow } from '../text/normalize.js';
import { LRUCache } from 'lru-cache';
import { splitSentences } from '../text/sentences.js';
import { subQuestions, type AnalyzedQuery, type QuestionType } from './query.js';
import { coverageWeight, DEFAULT_RANKING, frameFit, rankPassages, termInText, type RankedPassage, type RankingEvidence } from './search.js';
import { PLAN_HEADING, PROBLEM_HEADING } from './sections.js';
import { coveredRegions, coveredYears, regionScope, type RegionScope } from './frame.js';
import { cjkBigrams } from '../text/tokenize.js';

export interface AnswerOptions {
  /** Below this confidence the answer is null and only related passages are offered. */
  minConfidence: number;
  /** Citations returned with an answer. */
  maxCitations: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = { minConfidence: 0.3, maxCitations: 5 };

export interface ExtractedAnswer {
  /** Verbatim text from the first citation, or null when the sources do not answer. */
  text: string | null;
  /** The key facts inside `text` (numbers with units, dates, titles), for highlighting. */
  facts: string[];
  /** 0–1: how well the cited passage and sentence cover the question (README, "Confidence"). */
  confidence: number;
  type: QuestionType;
  /** Ranked passages; when `text` is set, the first is the one the answer comes from. */
  citations: RankedPassage[];
  /** Why there is no answer, when `text` is null. */
  reason: string | null;
  /** Where in the text ranking the answer's passage stood (0 = first); absent without an answer. */
  sourceRank?: number;
}

/**
 * Answer length limits, from reading on a phone (about 18 characters a line):
 * a figure, date or fact in at most five or six lines, an explanation or list in
 * about eleven, a plan or problem statement in about thirteen. Longer than that
 * is a paragraph, and the cited paragraph is shown below the answer anyway.
 */
const MAX_CHARS: Record<QuestionType, number> = {
  number: 100,
  date: 100,
  fact: 100,
  list: 200,
  how: 200,
  why: 200,
  problem: 240,
  commitment: 240,
};

const NUMBER_WITH_UNIT = /\d+(?:\.\d+)?(?:[万亿千])?(?:余|多)?(?:%|‰|个工作日|工作日|[个项件家名场宗份条人次篇所位元户起种天])/;
const DATE = /(?:19|20)\d{2}(?:年|—|-|－)(?:\d{1,2}月)?(?:(?:19|20)\d{2}年?)?|\d{1,2}月\d{1,2}日/;
const TITLE = /《[^》]{2,40}》|“[^”]{2,20}”/;

/**
 * A span that states nothing: a title or label (2026年自治区民生实事, 主要预期目标) —
 * short, with no clause punctuation and no figure. Such text names a topic, it does not answer.
 */
function bare(text: string): number {
  const words = text.replace(/(?:19|20)\d{2}年/g, '');
  return text.length < 20 && !/[，,。；;：:、\d]/.test(words) ? 0.3 : 0;
}

/** The longest run of clauses offered on its own for a plan or problem question (教育、医疗的短板是什么). */
const STATEMENT_CLAUSES = 90;

/** Passages considered for the answer. */
const ANSWER_CANDIDATES = 5;

interface Span {
  text: string;
  coverage: number;
  fit: number;
  /** Share of the question's character bigrams the span contains: phrase and proximity evidence. */
  phrase?: number;
}

const PROBLEM_WORDING = /不足|有待|亟待|问题|承压|不够|不高|偏低|偏弱|偏小|较大|困难|挑战|短板|弱项|不确定|不均衡|不平衡|不充分|仍然|依然|仍有|仍需|尚未|还不|较多|突出|薄弱|滞后|任重道远/;

/** How well a span fits the question type, 0–1. */
function typeFit(kb: KnowledgeBase, type: QuestionType, text: string, query: AnalyzedQuery, heading: string): number {
  switch (type) {
    case 'number':
      if (statesFigure(kb, query, text)) return 1;
      return NUMBER_WITH_UNIT.test(text) ? 0.4 : /\d/.test(text) ? 0.2 : 0;
    case 'date':
      return DATE.test(text) ? 1 : /\d{4}/.test(text) ? 0.5 : 0;
    case 'list':
      return /、|《|；/.test(text) ? 1 : 0.3;
    case 'why':
      return /为了|为推动|为促进|目的|旨在|以便|从而|为[^，。]{2,20}(?:营造|提供|保障)|营造|确保|防范/.test(text) ? 1 : 0.3;
    case 'how':
      // A way of doing: by means (通过, 采取 …) or by a system put in place (实施…票决制, …机制).
      return /通过|采取|利用|依托|运用|建立|实行|坚持|采用|借助|推行|(?:制|机制|制度)(?=[，,。；;]|$)/.test(text) ? 1 : 0.5;
    case 'problem':
      // How reports word a shortcoming: 有待提高, 仍然承压, 不够, 偏低, 面临较大不确定性 ….
      return PROBLEM_HEADING.test(heading) ? 1 : PROBLEM_WORDING.test(text) ? 0.6 : 0;
    case 'commitment':
      return PLAN_HEADING.test(heading) ? 1 : /将|继续|力争|计划/.test(text) ? 0.5 : 0;
    case 'fact':
      return TITLE.test(text) ? 0.8 : 0.6;
  }
}

/** IDF-weighted share of the query's term groups found in a text, 0–1. */
function spanCoverage(kb: KnowledgeBase, query: AnalyzedQuery, normalized: string): number {
  const groups = new Map<string, { hit: boolean; weight: number }>();
  for (const t of query.terms) {
    const g = groups.get(t.group) ?? { hit: false, weight: 0 };
    g.weight = Math.max(g.weight, coverageWeight(kb, t));
    g.hit ||= termInText(kb, t.term, normalized);
    groups.set(t.group, g);
  }
  let total = 0;
  let covered = 0;
  for (const g of groups.values()) {
    total += g.weight;
    if (g.hit) covered += g.weight;
  }
  return total ? covered / total : 0;
}

/** Clauses of a sentence (split at commas, semicolons and colons), keeping their punctuation. */
function clauses(sentence: string): string[] {
  return sentence.match(/[^，,：:；;]+[，,：:；;]?/g) ?? [sentence];
}

/** The best contiguous run of clauses within maxChars, for sentences too long to quote whole. */
function bestClauseWindow(kb: KnowledgeBase, query: AnalyzedQuery, sentence: string, maxChars: number, heading: string, avoid?: Set<string>): Span {
  const parts = clauses(sentence);
  let best: Span = { text: sentence.slice(0, maxChars), coverage: 0, fit: 0 };
  let bestScore = -1;
  for (let i = 0; i < parts.length; i++) {
    let text = '';
    for (let j = i; j < parts.length; j++) {
      if ((text + parts[j]).length > maxChars) break;
      text += parts[j];
      if (avoid?.has(withoutTrailingSeparator(text))) continue;
      const coverage = spanCoverage(kb, query, matchForm(text));
      const fit = typeFit(kb, query.type, text, query, heading);
      // Prefer the shorter window at equal merit.
      const score = 0.6 * coverage + 0.4 * fit - text.length / (maxChars * 20);
      if (score > bestScore) {
        bestScore = score;
        best = { text, coverage, fit };
      }
    }
  }

  return best;
}

function factsIn(query: AnalyzedQuery, text: string): string[] {
  const pattern = query.type === 'date' ? DATE : query.type === 'fact' || query.type === 'list' ? TITLE : NUMBER_WITH_UNIT;
  return [...new Set(text.match(new RegExp(pattern.source, 'g')) ?? [])];
}

// The sentences and clauses of the passages an answer is drawn from, in match form. The same articles answer
// many questions, and OpenCC over their spans was a tenth of an answer's cost; ~20,000 short strings (a few MB).
const matchForms = new LRUCache<string, string>({ max: 20000 });

/** normalizeForMatch, remembered for the spans that recur across questions. */
function matchForm(text: string): string {
  let form = matchForms.get(text);
  if (form === undefined) matchForms.set(text, (form = normalizeNow(text)));
  return form;
}

/** Candidate spans of a passage: the whole passage for plan and problem questions when it fits, else its sentences. */
function spansOf(kb: KnowledgeBase, query: AnalyzedQuery, r: RankedPassage, maxChars: number): Span[] {
  const heading = r.passage.heading.join(' ');
  const sentences = splitSentences(r.passage.text);
  const statement = query.type === 'problem' || query.type === 'commitment';
  // A plan or problem passage may answer whole; or one of its clauses may, when the question names a topic within it.
  const units = statement && r.passage.text.length <= maxChars ? [r.passage.text, ...sentences] : sentences;
  const spans: Span[] = [];
  for (const sentence of units) {
    if (sentence.length > maxChars) {
      const span = bestClauseWindow(kb, query, sentence, maxChars, heading);
      span.coverage = Math.max(span.coverage, spanCoverage(kb, query, matchForm(heading + ' ' + span.text)));
      spans.push(span);
    } else {
      spans.push({
        text: sentence,
        coverage: spanCoverage(kb, query, matchForm(heading + ' ' + sentence)),
        fit: typeFit(kb, query.type, sentence, query, heading),
      });
    }
    if (statement && sentence.length > STATEMENT_CLAUSES) {
      const part = bestClauseWindow(kb, query, sentence, STATEMENT_CLAUSES, heading);
      if (part.text !== sentence) spans.push(part);
    }
  }
  return spans;
}

/** A year list as people write it: 2021—2025年, 2019年、2020年. */
function yearsLabel(years: number[]): string {
  if (years.length > 2 && years[years.length - 1] - years[0] === years.length - 1) return `${years[0]}—${years[years.length - 1]}年`;
  return years.map((y) => `${y}年`).join('、');
}

/** Why a question about regions the library does not cover has no answer, and what it does cover. */
function uncoveredRegionReason(kb: KnowledgeBase, scope: RegionScope): string {
  const asked = scope.uncovered.map((r) => r.name).join('、');
  const regions = coveredRegions(kb.documents());
  const list = regions.length > 8 ? `${regions.slice(0, 8).join('、')}等${regions.length}个地区` : regions.join('、');
  return regions.length ? `知识库中没有${asked}的文件；现有的是${list}的文件。` : `知识库中没有${asked}的文件。`;
}

/** Why a question about years the documents in scope do not speak for has no answer, and which years they do. */
function uncoveredYearReason(kb: KnowledgeBase, query: AnalyzedQuery, scope: RegionScope): string | null {
  const docs = scope.keep && scope.covered.length ? kb.documents().filter((d) => scope.keep!.has(d.ord)) : kb.documents();
  const covered = coveredYears(docs);
  if (covered.length === 0) return null;
  const missing = query.frame.years.filter((y) => !covered.includes(y));
  if (missing.length === 0) return null;
  const where = scope.covered.length ? `${scope.covered.map((r) => r.name).join('、')}的文件` : '知识库的文件';
  const nearest = covered.filter((y) => y <= Math.max(...missing)).pop() ?? covered[0];
  return `${where}中没有${yearsLabel(missing)}的内容；讲到的是${yearsLabel(covered)}，最近的是${nearest}年。`;
}

/** Weight of the share of a question's parts a passage answers, for questions that ask two or more things. */
const PARTS_WEIGHT = 0.3;

/** Share of the parts of a question a passage answers: a figure of the part's kind beside its words, or most of its words. */
function partsAnswered(kb: KnowledgeBase, parts: AnalyzedQuery[], text: string): number {
  let answered = 0;
  for (const part of parts) {
    const ok = part.type === 'number' ? statesFigure(kb, part, text) : spanCoverage(kb, part, matchForm(text)) >= 0.6;
    if (ok) answered++;
  }
  return answered / parts.length;
}

/**
 * The whole paragraph each passage was cut from (its own text when it was not cut), read from
 * the store at most once per passage for one question: a multi-part answer looks at several.
 */
function paragraphTexts(kb: KnowledgeBase): (r: RankedPassage) => string {
  const texts = new Map<number, string>();
  return (r) => {
    let text = texts.get(r.ord);
    if (text === undefined) {
      // The one paragraph where the store can read it alone, not the whole document (a statute's hundreds of articles).
      const whole = kb.store.paragraphText
        ? kb.store.paragraphText(r.passage.docOrd, r.passage.paragraph)
        : kb.store.paragraphs(r.passage.docOrd).find((p) => p.n === r.passage.paragraph)?.text;
      text = whole !== undefined && whole.length > r.passage.text.length && whole.includes(r.passage.text) ? whole : r.passage.text;
      texts.set(r.ord, text);
    }
    return text;
  };
}

/** A clause or sentence cut before its separator ends without it. */
function withoutTrailingSeparator(text: string): string {
  return text.replace(/[，,：:；;、]+$/, '');
}

/**
 * For a question that asks two or more things, the answer covers each: the best
 * clause window for every part within the cited passage, quoted as one verbatim
 * window when they stand close together, else each verbatim, joined by ……
 */
function answerForParts(
  kb: KnowledgeBase,
  parts: AnalyzedQuery[],
  cited: RankedPassage,
  chosen: string,
  maxChars: number,
  wholeParagraph: (r: RankedPassage) => string,
): string {
  if (parts.length < 2) return chosen;
  // A long paragraph is indexed as several passages; the parts of an answer may stand in different ones.
  const passage = wholeParagraph(cited);
  const heading = cited.passage.heading.join(' ');
  const perPart = Math.max(40, Math.floor(maxChars / parts.length) + 10);
  const picks: { start: number; end: number }[] = [];
  // Each part is answered by its own words: a window another part already took is not taken again.
  const taken = new Set<string>();
  for (const part of parts) {
    let best: { span: Span; score: number } | undefined;
    for (const sentence of splitSentences(passage)) {
      const span = bestClauseWindow(kb, part, sentence, perPart, heading, taken);
      const score = 0.6 * span.coverage + 0.4 * span.fit;
      if (!best || score > best.score) best = { span, score };
    }
    if (!best || best.span.fit < 1 && part.type === 'number') continue;
    const text = withoutTrailingSeparator(best.span.text);
    taken.add(text);
    const start = passage.indexOf(text);
    if (start >= 0) picks.push({ start, end: start + text.length });
  }
  const chosenAt = passage.indexOf(chosen);
  if (chosenAt >= 0 && !picks.some((p) => p.start <= chosenAt && p.end >= chosenAt + chosen.length)) {
    // The span chosen for the whole question stays when no part's pick holds it.
    if (picks.length < parts.length) picks.push({ start: chosenAt, end: chosenAt + chosen.length });
  }
  if (picks.length < 2) return chosen;
  picks.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const p of picks) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end + 1) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  const first = merged[0].start;
  const end = merged[merged.length - 1].end;
  if (end - first <= maxChars) return passage.slice(first, end);
  return merged.map((m) => passage.slice(m.start, m.end)).join('……');
}

/**
 * A sentence that only restates what was asked (这一年，新时代重大标志性工程顺利开工。 for
 * …开工建设的新时代重大标志性工程是哪个？) announces the answer the next sentence gives:
 * for a question asking which or what, the next sentence is quoted with it when both fit.
 */
function withNextIfRestating(query: AnalyzedQuery, passage: string, text: string, maxChars: number): string {
  if (query.type !== 'fact' && query.type !== 'list') return text;
  const own = [...new Set(cjkBigrams(matchForm(text)))];
  if (own.length < 4) return text;
  const asked = new Set(cjkBigrams(query.normalized));
  if (own.filter((b) => !asked.has(b)).length / own.length >= RESTATING) return text;
  const at = passage.indexOf(text);
  if (at === -1) return text;
  const next = splitSentences(passage.slice(at + text.length))[0];
  // Quoted only as one verbatim run of the passage.
  return next && text.length + next.length <= maxChars && passage.includes(text + next) ? text + next : text;
}

/** Below this share of character bigrams the question lacks, a sentence restates the question. */
const RESTATING = 0.4;

/**
 * Citations with the passage the answer opens with first: an answer drawn from two pieces of one
 * long paragraph cites first the piece its first words come from, then the other.
 */
function sourceFirst(kb: KnowledgeBase, ranked: RankedPassage[], citations: RankedPassage[], text: string, max: number): RankedPassage[] {
  const head = text.split('……')[0];
  if (citations[0]?.passage.text.includes(head)) return citations;
  const first = citations[0].passage;
  // The document from the index's array first: reading every candidate's passage here would undo headFirst (search.ts).
  const piece = ranked.find(
    (r) => kb.store.passageDoc[r.ord] === first.docOrd && r.passage.paragraph === first.paragraph && r.passage.text.includes(head),
  );
  return piece ? [piece, ...citations.filter((c) => c !== piece)].slice(0, max) : citations;
}

export function answerQuestion(
  kb: KnowledgeBase,
  query: AnalyzedQuery,
  options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
  evidence?: RankingEvidence,
): ExtractedAnswer {
  // A question that names regions is answered from documents that speak for them (national law speaks for all).
  const scope = query.scope ?? regionScope(kb.documents(), query.frame);
  // No asked region is covered: refuse when one of them is what the question is about (香港2025年GDP…);
  // a region only mentioned (承接了湘潭的事项) is checked against the cited passage instead.
  const aboutUncovered = scope.uncovered.some((r) => query.frame.subjects.has(r.code));
  if (scope.keep && scope.covered.length === 0 && aboutUncovered) {
    // Related reading from inside the asked region (阳江市 for 广东省), never a neighbour's figures.
    const related = scope.within.size ? rankPassages(kb, query, { documents: scope.within }, { ...DEFAULT_RANKING, exactHead: options.maxCitations }, evidence) : [];
    return { text: null, facts: [], confidence: 0, type: query.type, citations: related.slice(0, options.maxCitations), reason: uncoveredRegionReason(kb, scope) };
  }
  // Only the first places are read (the candidates for the answer, the citations): the rest need not be reranked.
  const ranking = { ...DEFAULT_RANKING, exactHead: Math.max(ANSWER_CANDIDATES, options.maxCitations) };
  const ranked = rankPassages(kb, query, scope.keep && scope.covered.length ? { documents: scope.keep, preferred: scope.own } : {}, ranking, evidence);
  const none = (reason: string, confidence = 0, citations = ranked.slice(0, options.maxCitations)): ExtractedAnswer => ({
    text: null,
    facts: [],
    confidence,
    type: query.type,
    citations,
    reason,
  });
  if (ranked.length === 0) return none('no passage matches the question');

  const maxChars = MAX_CHARS[query.type];
  const topScore = ranked[0].score;
  const bigrams = [...new Set(cjkBigrams(query.normalized))];
  let best: { span: Span; score: number; at: number } | undefined;
  const parts = subQuestions(query);
  const wholeParagraph = paragraphTexts(kb);
  ranked.slice(0, ANSWER_CANDIDATES).forEach((r, at) => {
    const rel = r.score / topScore;
    // A lead-in ("重点做好以下几方面工作：") announces an answer rather than giving one.
    const leadIn = /[:：]$/.test(r.passage.text.trim()) ? 0.15 : 0;
    // The passage's section speaking for the asked years and intent counts for each of its spans too.
    const frame = frameFit(query, kb.passageFrame(r.ord));
    // A question that asks two things is best answered by a passage that answers both.
    const allParts = parts.length > 1 ? PARTS_WEIGHT * partsAnswered(kb, parts, wholeParagraph(r)) : 0;
    for (const span of spansOf(kb, query, r, maxChars)) {
      const norm = matchForm(span.text);
      span.phrase = bigrams.length ? bigrams.filter((b) => norm.includes(b)).length / bigrams.length : 0;
      // A span that ends in a colon (…的主要预期目标是：) introduces what it does not say.
      const spanLeadIn = /[:：]\s*$/.test(span.text) ? 0.2 : 0;
      // At equal merit the shorter span: an answer, not a paragraph.
      const length = query.type === 'problem' || query.type === 'commitment' ? 0 : 0.05 * (span.text.length / maxChars);
      const score =
        0.4 * span.coverage + 0.25 * span.fit + 0.15 * span.phrase + 0.25 * rel + frame + allParts -
        leadIn - spanLeadIn - length - bare(span.text);
      if (!best || score > best.score) best = { span, score, at };
    }
  });
  if (!best) return none('no sentence fits the question');

  const { span, at } = best;
  const cited = ranked[at];
  const citations = [cited, ...ranked.filter((r) => r !== cited)].slice(0, options.maxCitations);
  const confidence = Math.round((0.55 * cited.coverage + 0.25 * span.coverage + 0.2 * span.fit) * 1000) / 1000;

  const refusal =
    unsupportedPlaces(kb, query, cited.passage) ??
    (unsupportedYears(kb, query, cited.passage) ? uncoveredYearReason(kb, query, scope) ?? unsupportedYears(kb, query, cited.passage) : null) ??
    unsupportedCompounds(kb, query, cited.passage) ??
    unknownTopic(kb, query, cited.passage) ??
    (query.type === 'number' && !statesFigure(kb, query, span.text) ? 'the sources give no such figure' : null) ??
    (confidence < options.minConfidence ? 'confidence below threshold' : null);
  if (refusal) return none(refusal, confidence, citations);

  // A clause or sentence cut before its separator ends without it: the answer stays a verbatim span of the passage.
  const quoted = answerForParts(kb, parts, cited, span.text, maxChars, wholeParagraph);
  const text = withoutTrailingSeparator(withNextIfRestating(query, cited.passage.text, quoted, maxChars));
  return {
    text,
    facts: factsIn(query, text),
    confidence,
    type: query.type,
    citations: sourceFirst(kb, ranked, citations, text, options.maxCitations),
    reason: null,
    sourceRank: at,
  };
}
