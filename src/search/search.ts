// Passage retrieval: BM25F candidates from the inverted index (heading path and
// document title weighted above body text), reranked by how much of the
// question each passage covers — IDF-weighted coverage of its ideas and
// character-bigram overlap, which rewards passages where the question's words
// stand together — and, for plan or problem questions, by section kind. When
// known questions inform the ranking, a learned model reorders its head (rerank.ts).
import { snippet } from '../text/highlight.js';
import { scorePassages, DEFAULT_SCORE_OPTIONS, type ScoreOptions } from './scorer.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { passageUrl } from '../model/document.js';
import type { AnalyzedQuery, QueryTerm } from './query.js';
import { isPlanSection, isProblemSection } from './sections.js';
import { citationLabel } from '../text/citation.js';
import type { RankingEvidence } from '../model/evidence.js';
import type { StoredPassage } from '../model/store.js';
import { sectionPeriod, type PassageFrame } from './frame.js';
import type { LawStatus, Period } from '../model/document.js';

export type { RankingEvidence };
import { cjkBigrams } from '../text/tokenize.js';
import { rerankOrder, STATUTE_RERANK, type RerankCandidate, type RerankModel } from './rerank.js';

export interface RankedPassage {
  ord: number;
  passage: StoredPassage;
  score: number;
  /** Query terms present in the passage (body or heading). */
  matched: string[];
  /** IDF-weighted share of the question's term groups the passage covers, 0–1. */
  coverage: number;
}

export interface SearchFilters {
  /** Document types to keep (法律, 行政法规, 报告 …); empty keeps all. */
  types?: string[];
  /** Years to keep; empty keeps all. */
  years?: number[];
  /** Regions to keep, by their frame's name (广东省, 阳江市, 全国); empty keeps all. */
  regions?: string[];
  /** Only this document (its id): 更多来自此文档 on the search page. */
  doc?: string;
  /** Include superseded versions at full weight (otherwise they rank lower). */
  includeSuperseded?: boolean;
  /** Document ordinals to keep (the regions a question names, see frame.ts); absent keeps all. */
  documents?: Set<number>;
  /** Of those, the asked regions' own documents; the rest (national law) rank lower. */
  preferred?: Set<number>;
}

export interface RankingOptions {
  /** BM25 candidates reranked. */
  candidates: number;
  score: ScoreOptions;
  /** Weights of the rerank features: BM25 (normalised), coverage, bigram overlap. */
  weights: { bm25: number; coverage: number; bigrams: number };
  /** Score multiplier for superseded versions. */
  supersededFactor: number;
  /** Prior for central documents: score × (1 + centrality × ln(1 + documents citing it)). */
  centrality: number;
  /**
   * Ranks after `after` where the evidence's own ranking gets `count` places: its most voted passages
   * not already in the first `after` go there, ahead of the rest of the text ranking.
   */
  evidenceSlots: { after: number; count: number };
  /** Learned reordering of the head when known questions inform the ranking (rerank.ts); null keeps the combined score's order. */
  rerank?: RerankModel | null;
  /**
   * Only this many first places need the exact order (an answer reads 5): candidates that cannot reach them are
   * not reranked (headFirst). Unset or 0: every candidate is reranked. Ignored when known questions inform the ranking.
   */
  exactHead?: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  candidates: 300,
  score: { ...DEFAULT_SCORE_OPTIONS, documentWeight: 0.4 },
  weights: { bm25: 0.5, coverage: 0.25, bigrams: 0.25 },
  supersededFactor: 0.6,
  centrality: 0.3,
  // Chosen by 5-fold cross-validation on STARD (README, "Statute retrieval").
  evidenceSlots: { after: 80, count: 20 },
  rerank: STATUTE_RERANK,
};

/**
 * Whether a term occurs in a passage's match text. A term the corpus never uses
 * as a word (a compound such as 服务平台) still counts when its parts stand close
 * together (服务实体平台) — but 行政诉讼 is not covered by 行政 … 诉讼 far apart.
 * For one term over many texts, build its termMatcher once instead.
 */
export function termInText(kb: KnowledgeBase, term: string, text: string): boolean {
  return termMatcher(kb, term)(text);
}

/** Characters at most between the two parts of a split term (服务实体平台 for 服务平台). */
const SPLIT_GAP = 3;
/** Terms up to this long try every cut; a longer one only the cuts the corpus's longest word allows. */
const SHORT_TERM = 16;

const longestWords = new WeakMap<KnowledgeBase, number>();

/** Length of the corpus's longest indexed word (read once per knowledge base, and only for long terms). */
function longestWord(kb: KnowledgeBase): number {
  let longest = longestWords.get(kb);
  if (longest === undefined) {
    longest = 0;
    for (const word of kb.vocabulary()) longest = Math.max(longest, word.length);
    longestWords.set(kb, longest);
  }
  return longest;
}

/**
 * The splits of a term into two words the corpus uses (服务 + 平台). Both parts
 * are words, so neither is longer than the corpus's longest word: only the cuts
 * that leave both parts that short are looked up. Without that bound a typed
 * term of 500 characters cost a thousand lookups, for every text it was tested
 * against (issue #16); with it, at most twice the longest word's length.
 */
function knownSplits(kb: KnowledgeBase, term: string): [string, string][] {
  const longest = term.length > SHORT_TERM ? longestWord(kb) : term.length;
  const splits: [string, string][] = [];
  for (let cut = Math.max(2, term.length - longest); cut <= Math.min(term.length - 1, longest); cut++) {
    const head = term.slice(0, cut);
    const tail = term.slice(cut);
    if (kb.documentFrequency(head) && kb.documentFrequency(tail)) splits.push([head, tail]);
  }
  return splits;
}

/** Whether `tail` starts at most SPLIT_GAP characters after some occurrence of `head`. */
function standClose(text: string, head: string, tail: string): boolean {
  for (let at = text.indexOf(head); at !== -1; at = text.indexOf(head, at + 1)) {
    const end = at + head.length;
    // Four positions to try, not a search to the end of the text from every occurrence of head.
    for (let gap = 0; gap <= SPLIT_GAP; gap++) if (text.startsWith(tail, end + gap)) return true;
  }
  return false;
}

/**
 * termInText for one term over many texts: the corpus lookups (is the term a
 * word; which splits into two known words it has) are made once, here, and the
 * matcher returned only searches each text.
 */
export function termMatcher(kb: KnowledgeBase, term: string): (text: string) => boolean {
  const splits = splitsOfNonWord(kb, term);
  if (splits.length === 0) return (text) => text.includes(term);
  return (text) => text.includes(term) || splits.some(([head, tail]) => standClose(text, head, tail));
}

/** The splits termMatcher also accepts (none for a word the corpus uses or a short term: matched only as written). */
function splitsOfNonWord(kb: KnowledgeBase, term: string): [string, string][] {
  return term.length < 3 || kb.documentFrequency(term) ? [] : knownSplits(kb, term);
}

/**
 * The weight of a query term in coverage: its own weight times IDF. Words jieba
 * does not know (tag x) that the corpus never uses are mostly fragments of
 * colloquial phrases (墙吵, 调都调), so they count for less.
 */
export function coverageWeight(kb: KnowledgeBase, t: QueryTerm): number {
  const unknownFragment = t.pos === 'x' && t.origin === 'query' && !kb.documentFrequency(t.term);
  return t.weight * kb.idf(t.term) * (unknownFragment ? 0.3 : 1);
}

/** Term groups of a query: a user's word, or all expansions of one colloquial phrase. */
function termGroups(query: AnalyzedQuery, kb: KnowledgeBase) {
  const groups = new Map<string, { terms: string[]; weight: number }>();
  for (const t of query.terms) {
    const g = groups.get(t.group) ?? { terms: [], weight: 0 };
    g.terms.push(t.term);
    // A group weighs as much as its most informative term.
    g.weight = Math.max(g.weight, coverageWeight(kb, t));
    groups.set(t.group, g);
  }
  return [...groups.values()];
}


/** Score factor of national law beside a region's own documents, for a question that names the region. */
const NATIONAL_IN_REGION = 0.7;

/** Per-document score factors for filters, superseded versions and evidence (0 excludes). */
function documentFactors(kb: KnowledgeBase, filters: SearchFilters, options: RankingOptions, evidence?: RankingEvidence): Float32Array | undefined {
  const types = filters.types?.length ? new Set(filters.types) : null;
  const years = filters.years?.length ? new Set(filters.years) : null;
  const regions = filters.regions?.length ? new Set(filters.regions) : null;
  const docId = filters.doc || null;
  const docs = kb.documents();
  const anyCited = options.centrality > 0 && docs.some((d) => d.citedBy > 0);
  const boosts = evidence?.documents;
  const only = filters.documents;
  const preferred = filters.preferred?.size ? filters.preferred : null;
  if (!types && !years && !regions && !docId && !only && !anyCited && !boosts?.size && (filters.includeSuperseded || !docs.some((d) => d.superseded))) return undefined;
  const factor = new Float32Array(docs.length);
  for (const d of docs) {
    const keep =
      (!types || (d.type !== null && types.has(d.type))) &&
      (!years || (d.year !== null && years.has(d.year))) &&
      (!regions || (d.frame.region !== null && regions.has(d.frame.region))) &&
      (!docId || d.id === docId) &&
      (!only || only.has(d.ord));
    const version = d.superseded && !filters.includeSuperseded ? options.supersededFactor : 1;
    const general = preferred && !preferred.has(d.ord) ? NATIONAL_IN_REGION : 1;
    factor[d.ord] = keep ? general * version * (1 + options.centrality * Math.log1p(d.citedBy)) * (1 + (boosts?.get(d.ord) ?? 0)) : 0;
  }
  return factor;
}

/**
 * How many passages of each document match the query at all (by document
 * ordinal; filtered-out documents count 0). Ranking reranks only the best few
 * hundred candidates; this counts every match, so the search page's total and
 * facets are true counts, not that cap. It runs BM25 alone over every match
 * (no rerank), a fraction of the ranking's cost.
 */
export function matchCounts(kb: KnowledgeBase, query: AnalyzedQuery, filters: SearchFilters = {}, options: RankingOptions = DEFAULT_RANKING): Uint32Array {
  const counts = new Uint32Array(kb.documents().length);
  if (query.terms.length === 0) return counts;
  const documentFactor = documentFactors(kb, filters, options);
  const hits = scorePassages(kb.store, query.terms, { ...options.score, limit: Number.MAX_SAFE_INTEGER, documentFactor });
  for (const hit of hits) counts[kb.store.passageDoc[hit.ord]]++;
  return counts;
}

/** Weight of a passage speaking for every year the question asks about, and of its stance matching the question's intent. */
const YEAR_FIT = 0.08;
const INTENT_FIT = 0.08;

/**
 * How well a passage's frame fits the question's: the years asked (2025 → the
 * review of 2025; 今年 → this year's plans) and the intent (目标 → plans,
 * 完成 → what was done). Passages without a frame (statutes) are neither helped
 * nor hurt, so statute ranking is unchanged.
 */
export function frameFit(query: AnalyzedQuery, frame: PassageFrame): number {
  let fit = 0;
  if (query.frame.years.length && frame.stance) {
    // Exactly the asked years (the 2025 review for 2025, 去年) beat a span that contains them (十四五 for 2025).
    // For a rate (增长多少, 增速) the span falls as short as another year does: a five-year section's rates are
    // cumulative or yearly averages (十四五 年均增长5.5%), never the year's. A level or a count may stand at the
    // span's end (地区生产总值从11.37万亿元提高到14.58万亿元 is 2025's level), so there the span stays neutral.
    // Measured on questions of the form X去年…增长多少 over the 31 provincial reports: 8 of 62 were answered from
    // the 十四五 review when spans were neutral for rates too, 6 now (the rest have no rate for the year itself).
    const asked = query.frame.years;
    const spanFit = query.unitClass === 'rates' ? -YEAR_FIT / 2 : 0;
    fit += asked.every((y) => frame.exact.has(y)) ? YEAR_FIT : asked.every((y) => frame.years.has(y)) ? spanFit : -YEAR_FIT / 2;
  }
  if (query.frame.intent && frame.stance) fit += frame.stance === query.frame.intent ? INTENT_FIT : -INTENT_FIT / 2;
  return fit;
}

/**
 * Ranks passages for an analysed query, best first (at most `candidates`).
 * `inspect` (fitting the rerank model: scripts/fit-rerank.ts) receives the
 * combined score's order and each candidate's rerank signals before any reordering.
 */
export function rankPassages(
  kb: KnowledgeBase,
  query: AnalyzedQuery,
  filters: SearchFilters = {},
  options: RankingOptions = DEFAULT_RANKING,
  evidence?: RankingEvidence,
  inspect?: (ranked: RankedPassage[], candidates: RerankCandidate[]) => void,
): RankedPassage[] {
  if (query.terms.length === 0) return [];
  const documentFactor = documentFactors(kb, filters, options, evidence);
  const scoreOptions = { ...options.score, limit: options.candidates, documentFactor };
  const hits = scorePassages(kb.store, query.terms, scoreOptions);
  const extra = evidence?.passages;
  if (extra?.size) {
    // Passages the evidence names join the candidates even without a text match (unless filtered out).
    const present = new Set(hits.map((h) => h.ord));
    for (const ord of evidence?.join ?? extra.keys()) {
      if (!present.has(ord) && (!documentFactor || documentFactor[kb.store.passageDoc[ord]] > 0)) hits.push({ ord, score: 0 });
    }
  }
  if (hits.length === 0) return [];
  const maxScore = hits[0].score || 1;
  const groups = termGroups(query, kb);
  const totalWeight = groups.reduce((s, g) => s + g.weight, 0) || 1;
  const queryBigrams = [...new Set(cjkBigrams(query.normalized))];
  const w = options.weights;
  const matchers = new Map(query.terms.map((t) => [t.term, termMatcher(kb, t.term)]));
  const usesFrame = query.frame.years.length > 0 || query.frame.intent !== null || query.type === 'commitment' || query.type === 'problem';
  // The rerank model's view of each candidate, kept only when it will be used.
  const reranking = extra?.size && options.rerank?.weights.length ? options.rerank : null;
  const keepSignals = Boolean(reranking || (inspect && extra?.size));
  const signals = new Map<number, RerankCandidate>();
  // Terms by index (a query can repeat one): each candidate fills `present` once, without a map per passage.
  const termIndex = new Map<string, number>();
  const distinct: ((text: string) => boolean)[] = [];
  for (const t of query.terms) {
    if (!termIndex.has(t.term)) {
      termIndex.set(t.term, distinct.length);
      distinct.push(matchers.get(t.term)!);
    }
  }
  const termAt = query.terms.map((t) => termIndex.get(t.term)!);
  const groupAt = groups.map((g) => ({ at: g.terms.map((t) => termIndex.get(t)!), weight: g.weight }));
  const present = new Uint8Array(distinct.length);
  const bigramsIn = bigramCounter(queryBigrams);
  // Per distinct term, its bigrams' places among the query's, where its absence can be read from them (a term
  // matched as written, of CJK characters only, every bigram one of the query's); else null (may be present).
  const bigramAt = new Map(queryBigrams.map((b, i) => [b, i]));
  const termBigrams = [...termIndex.keys()].map((term): number[] | null => {
    if (term.length < 2 || !/^[\u3400-\u9fff]+$/.test(term) || splitsOfNonWord(kb, term).length > 0) return null;
    const at: number[] = [];
    for (let k = 0; k + 1 < term.length; k++) {
      const j = bigramAt.get(term.slice(k, k + 2));
      if (j === undefined) return null;
      at.push(j);
    }
    return at;
  });

  const scoreHit = (hit: { ord: number; score: number }): RankedPassage => {
    // Only the match form is read for every candidate; the passage itself when a caller asks for it (rankedPassage).
    const docOrd = kb.store.passageDoc[hit.ord];
    const text = kb.matchText(hit.ord);
    // Each distinct term tested once per passage; coverage and `matched` read the same answers.
    for (let i = 0; i < distinct.length; i++) present[i] = distinct[i](text) ? 1 : 0;
    let covered = 0;
    for (const g of groupAt) if (g.at.some((i) => present[i] === 1)) covered += g.weight;
    const coverage = covered / totalWeight;
    const bigramShare = queryBigrams.length ? bigramsIn(text) / queryBigrams.length : 0;
    // The question type steers ranking toward the section that answers that kind of question,
    // and its years and intent toward the section that speaks for them (frame.ts).
    // The passage's frame is read only when the question can use it (most statute questions cannot).
    const frame = usesFrame ? kb.passageFrame(hit.ord) : null;
    const sectionFit =
      (query.type === 'commitment' && (isPlanSection(kb.passage(hit.ord).heading) || frame?.stance === 'planned')) ||
      (query.type === 'problem' && (isProblemSection(kb.passage(hit.ord).heading) || frame?.problem))
        ? 0.15
        : 0;
    const score =
      w.bm25 * (hit.score / maxScore) +
      w.coverage * coverage +
      w.bigrams * bigramShare +
      sectionFit +
      (frame ? frameFit(query, frame) : 0) +
      (extra?.get(hit.ord) ?? 0);
    const matched: string[] = [];
    for (let i = 0; i < termAt.length; i++) if (present[termAt[i]] === 1) matched.push(query.terms[i].term);
    if (keepSignals) {
      const vote = extra?.get(hit.ord) ?? 0;
      signals.set(hit.ord, {
        score,
        bm25: hit.score / maxScore,
        coverage,
        bigrams: bigramShare,
        vote: vote / (evidence?.passageWeight || 1),
        documentVote: evidence?.documents?.get(docOrd) ?? 0,
        doc: docOrd,
        length: text.length,
        citedBy: kb.documents()[docOrd]?.citedBy ?? 0,
      });
    }
    return rankedPassage(kb, hit.ord, score, matched, coverage);
  };
  const exactHead = options.exactHead ?? 0;
  if (exactHead > 0 && !keepSignals && !extra?.size) {
    // What rerank can add to a candidate's BM25 share at most: full coverage and bigram overlap, the section and
    // frame bonuses when the question can earn them (a hair more, against rounding).
    const fits = (query.type === 'commitment' || query.type === 'problem' ? 0.15 : 0) + (usesFrame ? YEAR_FIT + INTENT_FIT : 0) + 1e-9;
    const slack = w.coverage + w.bigrams + fits;
    // Closer, from the candidate's text at the cost of one pass over it: its bigram share itself, and coverage by
    // the groups whose terms are not ruled out by a missing bigram. The terms themselves are searched only for
    // candidates that pass.
    const closer = (hit: { ord: number; score: number }) => {
      const text = kb.matchText(hit.ord);
      const shared = queryBigrams.length ? bigramsIn(text) / queryBigrams.length : 0;
      let possible = 0;
      for (const g of groupAt) if (g.at.some((i) => termBigrams[i] === null || termBigrams[i]!.every(bigramsIn.seen))) possible += g.weight;
      return w.bm25 * (hit.score / maxScore) + w.coverage * (possible / totalWeight) + w.bigrams * shared + fits;
    };
    return headFirst(hits, scoreHit, exactHead, (hit) => w.bm25 * (hit.score / maxScore) + slack, closer);
  }
  const ranked = hits.map(scoreHit);
  ranked.sort((a, b) => b.score - a.score || a.ord - b.ord);
  if (inspect && keepSignals) inspect(ranked, ranked.map((r) => signals.get(r.ord)!));
  if (reranking) {
    const order = rerankOrder(reranking, ranked.map((r) => signals.get(r.ord)!), evidence?.nearest ?? 0);
    // Each passage keeps its own score, as with the evidence slots below.
    ranked.splice(0, order.length, ...order.map((i) => ranked[i]));
  }
  return extra?.size ? withEvidenceSlots(ranked, extra, options.evidenceSlots) : ranked;
}

/** First code unit of the CJK block cjkBigrams draws from, and its size. */
const CJK_FIRST = 0x3400;
const CJK_SPAN = 0x9fff - 0x3400 + 1;

/**
 * How many of a query's character bigrams (cjkBigrams: two characters of U+3400–U+9FFF) a text contains: one pass
 * over the text instead of a search of it per bigram. A position whose character starts no query bigram is passed
 * after one array read.
 */
function bigramCounter(bigrams: string[]): ((text: string) => number) & { seen: (at: number) => boolean } {
  const starts = new Uint8Array(CJK_SPAN);
  const next = new Map<number, { second: number; at: number }[]>();
  bigrams.forEach((b, at) => {
    const first = b.charCodeAt(0);
    starts[first - CJK_FIRST] = 1;
    let list = next.get(first);
    if (!list) next.set(first, (list = []));
    list.push({ second: b.charCodeAt(1), at });
  });
  const seen = new Uint32Array(bigrams.length);
  let stamp = 0;
  const counter = (text: string) => {
    if (bigrams.length === 0) return 0;
    stamp++;
    let count = 0;
    for (let i = 0; i + 1 < text.length; i++) {
      const c = text.charCodeAt(i) - CJK_FIRST;
      if (c < 0 || c >= CJK_SPAN || starts[c] === 0) continue;
      const second = text.charCodeAt(i + 1);
      for (const e of next.get(c + CJK_FIRST)!) {
        if (e.second === second && seen[e.at] !== stamp) {
          seen[e.at] = stamp;
          count++;
        }
      }
    }
    return count;
  };
  // Whether the text last counted has the query's bigram `at`.
  return Object.assign(counter, { seen: (at: number) => seen[at] === stamp });
}

/**
 * The ranking when only its first `head` places must be exact (an answer reads five passages of the 300): the
 * candidates come in BM25 order, so each one's best possible rerank score from BM25 alone (`bound`) only falls;
 * once it is below the head's last score, no candidate left can enter the head. Before that, a candidate whose
 * bound from its own text (`closer`) is below it is passed over too. Those not reranked follow the head in BM25
 * order, each scored on first read (a caller that looks further down, such as sourceFirst in answer.ts, still
 * finds them), instead of in rerank order.
 */
function headFirst<H extends { ord: number; score: number }>(
  hits: H[],
  scoreHit: (hit: H) => RankedPassage,
  head: number,
  bound: (hit: H) => number,
  closer: (hit: H) => number,
): RankedPassage[] {
  const scored: RankedPassage[] = [];
  const skipped: RankedPassage[] = [];
  const best: number[] = []; // the `head` highest scores so far, descending
  let at = 0;
  for (; at < hits.length; at++) {
    if (best.length === head && bound(hits[at]) < best[head - 1]) break;
    // The head's last score only rises, so a candidate that cannot reach it now never will.
    if (best.length === head && closer(hits[at]) < best[head - 1]) {
      skipped.push(deferred(hits[at], scoreHit));
      continue;
    }
    const r = scoreHit(hits[at]);
    scored.push(r);
    if (best.length < head || r.score > best[head - 1]) {
      let i = best.length < head ? best.length : head - 1;
      while (i > 0 && best[i - 1] < r.score) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = r.score;
    }
  }
  scored.sort((a, b) => b.score - a.score || a.ord - b.ord);
  scored.push(...skipped);
  for (; at < hits.length; at++) scored.push(deferred(hits[at], scoreHit));
  return scored;
}

/** A candidate left out of the rerank: scored when first read. */
class DeferredPassage<H extends { ord: number }> implements RankedPassage {
  private ranked: RankedPassage | undefined;
  readonly ord: number;

  constructor(
    private readonly hit: H,
    private readonly scoreHit: (hit: H) => RankedPassage,
  ) {
    this.ord = hit.ord;
  }

  private get full(): RankedPassage {
    return (this.ranked ??= this.scoreHit(this.hit));
  }

  get passage() {
    return this.full.passage;
  }

  get score() {
    return this.full.score;
  }

  get matched() {
    return this.full.matched;
  }

  get coverage() {
    return this.full.coverage;
  }
}

function deferred<H extends { ord: number }>(hit: H, scoreHit: (hit: H) => RankedPassage): RankedPassage {
  return new DeferredPassage(hit, scoreHit);
}

/**
 * A ranked passage whose stored passage is read on first use: ranking scores a few hundred candidates from their
 * match form alone, and answers, pages and citations read the whole passage of the few they show. (A class, so the
 * getter lives on the prototype: an accessor in each object literal made every one a slow dictionary object.)
 */
class LazyRankedPassage implements RankedPassage {
  private stored: StoredPassage | undefined;

  constructor(
    private readonly kb: KnowledgeBase,
    readonly ord: number,
    public score: number,
    public matched: string[],
    public coverage: number,
  ) {}

  get passage(): StoredPassage {
    return (this.stored ??= this.kb.passage(this.ord));
  }
}

function rankedPassage(kb: KnowledgeBase, ord: number, score: number, matched: string[], coverage: number): RankedPassage {
  return new LazyRankedPassage(kb, ord, score, matched, coverage);
}

/**
 * A fusion of two rankings: the combined score orders the head of the list, and
 * then the evidence's strongest passages that the text match ranked lower get
 * places of their own. Questions asked in other words than the law's often match
 * the right article weakly, while the questions like them point straight at it;
 * adding the votes to the score cannot lift such an article far without letting
 * votes overrule a clear text match at the top. Each passage keeps its own score.
 */
function withEvidenceSlots(ranked: RankedPassage[], votes: Map<number, number>, slots: RankingOptions['evidenceSlots']): RankedPassage[] {
  if (slots.count <= 0 || ranked.length <= slots.after) return ranked;
  const lifted = ranked
    .slice(slots.after)
    .filter((r) => votes.has(r.ord))
    .sort((a, b) => votes.get(b.ord)! - votes.get(a.ord)! || a.ord - b.ord)
    .slice(0, slots.count);
  if (lifted.length === 0) return ranked;
  const moved = new Set(lifted);
  return [...ranked.slice(0, slots.after), ...lifted, ...ranked.slice(slots.after).filter((r) => !moved.has(r))];
}

/** The public shape of a passage in search results and citations (the JSON contract). */
export interface PassageResult {
  id: string;
  docId: string;
  title: string;
  heading: string[];
  text: string;
  snippet: string;
  score: number;
  url: string;
  article: string | null;
  paragraph: number;
  date: string | null;
  type: string | null;
  /** How to cite it: 《中华人民共和国行政复议法》第二十条（2023年9月1日修订）. */
  citation: string;
  /** A newer version of this law is in the knowledge base (历史版本). */
  superseded: boolean;
  /** current; superseded (an older version); repealed (named in a later law's 同时废止 clause, or a 试行 text the final law replaced). */
  status: 'current' | 'superseded' | 'repealed';
  /** The document in force in its place, when the knowledge base has it. */
  replacedBy: { docId: string; title: string; url: string } | null;
  /** The region its document speaks for (广东省, 阳江市, 全国), when known. */
  region: string | null;
  /** The years its section speaks for and whether it reviews or plans them (2026 planned), when known. */
  period: Period | null;
  /** Its document's page on the publisher's portal (absolute http(s), shown as 查看原文网页), when known. */
  sourceUrl: string | null;
}

/** Where the text in force is, for a citation of a superseded or repealed law. */
function replacementOf(status: LawStatus | undefined): PassageResult['replacedBy'] {
  const to = status?.replacedBy;
  return to ? { docId: to.id, title: to.title, url: `/doc/${encodeURIComponent(to.id)}` } : null;
}

export function toPassageResult(kb: KnowledgeBase, r: RankedPassage, highlightTerms = r.matched): PassageResult {
  const p = r.passage;
  const doc = kb.documents()[p.docOrd];
  return {
    id: p.id,
    docId: p.docId,
    title: doc?.title ?? '',
    heading: p.heading,
    text: p.text,
    snippet: snippet(p.text, highlightTerms),
    score: Math.round(r.score * 1000) / 1000,
    url: passageUrl(p),
    article: p.article,
    paragraph: p.paragraph,
    date: doc?.versionDate ?? doc?.publishedAt ?? null,
    type: doc?.type ?? null,
    citation: citationLabel({ title: doc?.title ?? '', versionNote: doc?.versionNote ?? null }, p.article),
    superseded: doc?.superseded ?? false,
    status: doc?.frame.status?.state ?? (doc?.superseded ? 'superseded' : 'current'),
    replacedBy: replacementOf(doc?.frame.status),
    region: doc?.frame.region ?? null,
    period: doc ? sectionPeriod(doc, p.paragraph) : null,
    sourceUrl: doc?.frame.sourceUrl ?? null,
  };
}
