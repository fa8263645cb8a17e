// The question-answering service: the one code path behind the HTML pages, the
// JSON API and the evaluation harness. Validates input, analyses the query,
// ranks, answers, and shapes results into the public JSON contract.
import { PolicyQaError } from './errors.js';
import { answerQuestion, DEFAULT_ANSWER_OPTIONS, type ExtractedAnswer } from './search/answer.js';
import { figuresForFacts } from './staff/figures.js';
import type { KnowledgeBase } from './search/knowledge-base.js';
import { KnownQuestionIndex, knownQuestionFeatures, questionFeatures, type KnownQuestion } from './search/known-questions.js';
import { LRUCache } from 'lru-cache';
import { cleanText } from './text/normalize.js';
import { analyzeQuery, scopeQuery, type AnalyzedQuery } from './search/query.js';
import { presentYear, regionScope } from './search/frame.js';
import {
  DEFAULT_RANKING,
  matchCounts,
  rankPassages,
  type RankedPassage,
  type RankingEvidence,
  toPassageResult,
  type PassageResult,
  type SearchFilters,
} from './search/search.js';
import type { Segmenter } from './text/tokenize.js';
import { addSoundAlikes } from './search/typos.js';
import { isStatuteAnswer, provisionsOf, STATUTE_CALIBRATION, statuteCertainty, statuteSignals } from './search/provisions.js';

/** A client error: bad input, told plainly. Becomes 400 with `{ "error": "query: …" }`. */
export class QueryError extends PolicyQaError {
  constructor(
    readonly code: 'missing' | 'empty' | 'too_long',
    message: string,
  ) {
    super(400, 'query', message);
    this.name = 'QueryError';
  }
}

/** A store kept missing after LOAD_ROUNDS fetches (a knowledge base that changed under the Worker, or a bug): 503, try again. */
export class KnowledgeBaseLoadError extends PolicyQaError {
  constructor(rounds: number) {
    super(503, 'knowledge base', `still missing data after ${rounds} fetches; try again`, { retryAfter: 1 });
    this.name = 'KnowledgeBaseLoadError';
  }
}

/**
 * Fetch rounds QaService.load allows one piece of work: a question needs its terms' postings (one round), then its
 * candidate passages (a second), then a few more for what those lead to (known questions, neighbours, figures).
 */
export const LOAD_ROUNDS = 8;

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResponse {
  query: string;
  /** Every passage that matches (after filters), counted exactly: not the ranking's cap of a few hundred candidates. */
  total: number;
  /** The documents those passages come from. */
  totalDocuments: number;
  /** Whether `total` may be short: only when known questions add passages without a text match, or counting was cut short. */
  totalIsLowerBound: boolean;
  /** How many results can be paged through: the best-ranked passages, at most `perDocument` from each document. */
  listed: number;
  limit: number;
  offset: number;
  /** At most this many passages of one document in the list (0 = no limit; none when searching within one document). */
  perDocument: number;
  /** The filters applied (type=, year=, region=, doc=). */
  filters: { types: string[]; years: number[]; regions: string[]; doc: string | null };
  /** Matching passages per document type, region and year, before filtering: the search page's facets (years newest first). */
  facets: { type: FacetCount[]; year: FacetCount[]; region: FacetCount[] };
  results: PassageResult[];
  /** Documents whose last listed passage is on this page and that have more matches than listed: 更多来自此文档 (search again with doc=). */
  more: { docId: string; title: string; count: number }[];
}

export interface AskResponse {
  question: string;
  answer: string | null;
  /** The key facts inside `answer` (numbers with units, dates, titles). */
  facts: string[];
  confidence: number;
  type: string;
  /** Why there is no answer, when `answer` is null. */
  reason: string | null;
  citations: PassageResult[];
  /** Facts that are reported figures: facts[index] is the /figures record `id` (see /api/figures?id=). */
  figures: { index: number; id: string }[];
  /** How the question was understood: the regions and years it asks about (今年 → its year) and whether it asks for plans or results. */
  understood: {
    regions: string[];
    years: number[];
    relativeYears: { word: string; year: number }[];
    intent: 'planned' | 'reviewed' | null;
  };
  /**
   * 相关法律规定 for a legal question (its first citation a statute article): the articles that most likely
   * apply, one per article, best first, each with the sentence of it that bears most on the question; [] otherwise.
   */
  provisions: ProvisionResult[];
  /**
   * For a legal question, the calibrated probability (0–1) that the first article applies (provisions.ts);
   * a sentence is given as the answer only at or above STATUTE_CALIBRATION.threshold. null for other questions.
   */
  certainty: number | null;
  /** Present only for a curated answer (问答对) staff wrote and reviewed (src/staff/teachings.ts): `answer` is its text, not a quote. */
  curated?: CuratedAnswerInfo;
}

/** Where a curated answer comes from and how long it holds: shown with it as 人工审核. */
export interface CuratedAnswerInfo {
  id: number;
  /** The source page (http or https). */
  sourceUrl: string;
  /** The source's date, YYYY-MM-DD. */
  sourceDate: string;
  reviewedBy: string;
  /** When it was last reviewed (saved), ISO time. */
  reviewedAt: string;
  /** After this (ISO time) it is no longer served. */
  expiresAt: string;
}

/** A curated answer in force for a question: its text and its source. */
export interface CuratedAnswerHit extends CuratedAnswerInfo {
  answer: string;
}

/** One article under 相关法律规定: which citation it is, how to cite it, and its key sentence. */
export interface ProvisionResult {
  /** The citation's passage id (the same passage is in `citations`). */
  id: string;
  /** 《中华人民共和国劳动合同法》第三十条（2012年12月28日修正）. */
  citation: string;
  article: string;
  keySentence: string;
  status: PassageResult['status'];
  url: string;
}

export interface ServiceOptions {
  maxQueryChars: number;
  minConfidence: number;
  pageSize: number;
  /** Answers kept for repeated identical questions (LRU); 0 or absent = no cache. */
  answerCacheSize?: number;
  /** Known questions to learn from instead of the knowledge base's own (evaluation folds). */
  knownQuestions?: KnownQuestion[];
  /** The year 今年 means; 0 or absent = the clock's year at each question. */
  currentYear?: number;
  /** Staff teachings (src/staff/teachings.ts): the answer from the passages staff chose for a question taught exactly so, else undefined. */
  taughtAnswer?: (kb: KnowledgeBase, query: AnalyzedQuery, evidence: RankingEvidence | undefined) => ExtractedAnswer | undefined;
  /** A curated answer (问答对) in force at `now` for a question asked exactly so; consulted on every ask, never cached. */
  curatedAnswer?: (question: string, now: number) => CuratedAnswerHit | undefined;
}

export class QaService {
  constructor(
    readonly kb: KnowledgeBase,
    private readonly segmenter: Segmenter,
    private readonly options: ServiceOptions,
  ) {
    // One cache per service: a reloaded knowledge base comes with a new service, so never a stale answer.
    this.answers = options.answerCacheSize ? new LRUCache({ max: options.answerCacheSize }) : undefined;
  }

  private readonly answers: LRUCache<string, AskResponse> | undefined;
  private knownIndex: KnownQuestionIndex | null | undefined;

  /**
   * Runs `fn` with everything it reads from the knowledge base at hand. Over a store that reads synchronously
   * (SQLite, memory) that is `fn(this)` at once. Over a store that fetches (D1 on Workers) it runs in rounds: a
   * read not fetched yet gets a stand-in and is recorded; the round's misses are fetched in one batch and `fn`
   * runs again, until a round misses nothing — its result (or error) is the answer. Results of a round that
   * missed are never cached (KnowledgeBase's memo, the answer cache and the staff caches compare `kb.misses`).
   */
  async load<T>(fn: (service: QaService) => T): Promise<T> {
    const loader = this.kb.store.loader;
    if (!loader) return fn(this);
    loader.takeMisses(); // misses of work outside load() (a health check, say) are not this work's to fetch
    for (let round = 0; round <= LOAD_ROUNDS; round++) {
      let result: T | undefined;
      let error: unknown;
      let threw = false;
      try {
        result = fn(this);
      } catch (err) {
        threw = true;
        error = err;
      }
      const missed = loader.takeMisses();
      if (!missed) {
        if (threw) throw error;
        return result as T;
      }
      if (round === LOAD_ROUNDS) break;
      await loader.fill(missed);
    }
    throw new KnowledgeBaseLoadError(LOAD_ROUNDS);
  }

  /** The same knowledge base learning from other known questions (cross-validation folds). */
  withKnownQuestions(knownQuestions: KnownQuestion[]): QaService {
    return new QaService(this.kb, this.segmenter, { ...this.options, knownQuestions });
  }

  /** The same knowledge base with staff teachings on top (src/staff/teachings.ts): more known questions, taught and curated answers. */
  withTeachings(teachings: Pick<ServiceOptions, 'knownQuestions' | 'taughtAnswer' | 'curatedAnswer'>): QaService {
    return new QaService(this.kb, this.segmenter, { ...this.options, ...teachings });
  }

  /** The known-question index, built on first use (from features stored at ingest, or segmented now for evaluation folds). */
  knownQuestions(): KnownQuestionIndex | null {
    if (this.knownIndex === undefined) {
      const questions = this.options.knownQuestions ?? this.kb.store.knownQuestions();
      const features = questions.map((q) => new Map(q.features ?? knownQuestionFeatures(q.question, this.segmenter)));
      this.knownIndex = questions.length ? new KnownQuestionIndex(questions, features) : null;
    }
    return this.knownIndex;
  }

  /** What the known questions say about a query (undefined without any): the votes search and answers rank with. */
  evidenceFor(query: AnalyzedQuery): RankingEvidence | undefined {
    const index = this.knownQuestions();
    return index?.evidence(questionFeatures(query, index.options.bigramWeight), this.kb.store.passageDoc);
  }

  /** Validates and analyses raw query text. */
  analyze(raw: unknown): AnalyzedQuery {
    if (typeof raw !== 'string') throw new QueryError('missing', 'missing q parameter');
    const text = cleanText(raw).trim();
    if (!text) throw new QueryError('empty', 'empty question; type a few words');
    if ([...text].length > this.options.maxQueryChars) {
      throw new QueryError('too_long', `too long: at most ${this.options.maxQueryChars} characters`);
    }
    const currentYear = presentYear(this.kb.documents(), this.options.currentYear || new Date().getFullYear());
    const query = analyzeQuery(text, this.segmenter, { currentYear });
    return addSoundAlikes(this.kb, scopeQuery(query, regionScope(this.kb.documents(), query.frame)));
  }

  /**
   * Ranked passages, at most `perDocument` from each document (the rest are
   * counted in `more`, reachable with the doc= filter), with true totals and facets.
   */
  search(raw: unknown, limit = this.options.pageSize, offset = 0, filters: SearchFilters = {}, perDocument = 0): SearchResponse {
    const query = this.analyze(raw);
    let cap = filters.doc ? 0 : Math.max(0, perDocument);
    // The same candidates for every page, so paging runs over one list: no result repeated or skipped between pages.
    const options = { ...DEFAULT_RANKING, candidates: LISTED_CANDIDATES };
    const evidence = this.evidenceFor(query);
    // A query that names a region the library covers searches that region's documents (and national law);
    // searching within one document (doc=) looks only there, whatever the query names.
    const scope = query.scope ?? regionScope(this.kb.documents(), query.frame);
    const documents = !filters.doc && scope.covered.length && scope.keep ? scope.keep : undefined;
    const regional = { documents, preferred: filters.doc ? undefined : scope.own };
    const base: SearchFilters = { includeSuperseded: filters.includeSuperseded, ...regional };
    const applied: SearchFilters = { ...filters, ...regional };
    // Facets count every match before the type/year/region filters (so each offers its true count); the total, after.
    const everyMatch = matchCounts(this.kb, query, base, options);
    const filteredMatch = isFiltered(filters) ? matchCounts(this.kb, query, applied, options) : everyMatch;
    const ranked = rankPassages(this.kb, query, applied, options, evidence);
    let total = 0;
    let totalDocuments = 0;
    for (const n of filteredMatch) if (n) (total += n), totalDocuments++;
    // Matches all in one document have nothing to make room for: no cap, no 更多 link.
    if (totalDocuments <= 1) cap = 0;
    const { list, shown } = perDocumentCap(ranked, cap);
    const page = list.slice(offset, offset + limit);
    const docs = this.kb.documents();
    // 更多来自此文档 goes after a document's last listed passage, on the page that shows it.
    const lastListed = new Map<number, RankedPassage>();
    for (const r of list) lastListed.set(r.passage.docOrd, r);
    const more: SearchResponse['more'] = [];
    for (const r of page) {
      const doc = r.passage.docOrd;
      const hidden = Math.max(filteredMatch[doc], ranked.filter((x) => x.passage.docOrd === doc).length) - (shown.get(doc) ?? 0);
      if (cap && lastListed.get(doc) === r && hidden > 0) more.push({ docId: r.passage.docId, title: docs[doc]?.title ?? '', count: hidden });
    }
    return {
      query: query.raw,
      total: Math.max(total, ranked.length),
      totalDocuments,
      // Known questions can add passages without a text match: the count is then at least what is shown.
      totalIsLowerBound: ranked.length > total,
      listed: list.length,
      limit,
      offset,
      perDocument: cap,
      filters: { types: filters.types ?? [], years: filters.years ?? [], regions: filters.regions ?? [], doc: filters.doc ?? null },
      facets: facetCounts(this.kb, everyMatch),
      results: page.map((r) => toPassageResult(this.kb, r)),
      more,
    };
  }

  ask(raw: unknown): AskResponse {
    // A curated answer staff wrote for this very question comes first while in force (never cached: it expires).
    const curated = this.options.curatedAnswer && typeof raw === 'string' ? this.options.curatedAnswer(raw, Date.now()) : undefined;
    if (curated) return this.curatedResponse(raw, curated);
    // Keyed by the question exactly as analysed (cleaned, trimmed), so a hit is the same answer, echo included.
    if (typeof raw === 'string' && this.answers) {
      // A question already in its cleaned form (the usual case) is its own key: no cleaning needed to find it.
      const asTyped = this.answers.get(raw);
      if (asTyped) return asTyped;
    }
    const key = typeof raw === 'string' ? cleanText(raw).trim() : undefined;
    const cached = key === undefined ? undefined : this.answers?.get(key);
    if (cached) return cached;
    const missesBefore = this.kb.misses;
    const query = this.analyze(raw);
    const evidence = this.evidenceFor(query);
    // A question staff taught (/admin/teach) is answered from the passages they chose.
    const taught = this.options.taughtAnswer?.(this.kb, query, evidence);
    const answer: ExtractedAnswer = taught ?? answerQuestion(this.kb, query, { ...DEFAULT_ANSWER_OPTIONS, minConfidence: this.options.minConfidence }, evidence);
    const highlight = query.terms.map((t) => t.term);
    // A legal question: the articles that most likely apply, and one sentence as the answer only when the
    // calibrated certainty that its article applies is high enough (provisions.ts).
    // Only an answer that passed every check (answer.ts) lists provisions: a refused question (护照 never
    // mentioned) gets related passages, not articles said to apply.
    const statute = !taught && answer.text !== null && isStatuteAnswer(answer.citations);
    const certainty = statute
      ? Math.round(statuteCertainty(statuteSignals(answer.confidence, answer.citations, answer.sourceRank ?? 0, evidence)) * 1000) / 1000
      : null;
    const extracted = answer.text;
    if (certainty !== null && answer.text !== null && certainty < STATUTE_CALIBRATION.threshold) {
      Object.assign(answer, { text: null, facts: [], reason: 'several provisions may apply; see provisions' });
    }
    const citations = answer.citations.map((r) => toPassageResult(this.kb, r, highlight));
    const provisions: ProvisionResult[] = statute
      ? provisionsOf(query, answer.citations, extracted).map(({ passage, keySentence }) => {
          const shown = citations.find((c) => c.id === passage.passage.id)!;
          return { id: shown.id, citation: shown.citation, article: shown.article ?? '', keySentence, status: shown.status, url: shown.url };
        })
      : [];
    const response: AskResponse = {
      question: query.raw,
      answer: answer.text,
      facts: answer.facts,
      confidence: answer.confidence,
      type: answer.type,
      reason: answer.reason,
      citations,
      figures: answer.text === null ? [] : figuresForFacts(this.kb, answer.citations[0]?.passage.id, answer.facts),
      understood: understoodOf(query),
      provisions,
      certainty,
    };
    // Shared by every later asker: frozen, so a caller that changed it would fail loudly instead of corrupting it.
    // Not when the store missed meanwhile (QaService.load): the answer was made from stand-ins and is run again.
    if (key !== undefined && this.answers && this.kb.misses === missesBefore) this.answers.set(key, deepFreeze(response));
    return response;
  }

  /** A curated answer as the response: its own text, no quoted citations, with its source (views/answer-card.tsx shows it as 人工审核). */
  private curatedResponse(raw: unknown, hit: CuratedAnswerHit): AskResponse {
    const query = this.analyze(raw);
    const { answer, ...info } = hit;
    return {
      question: query.raw,
      answer,
      facts: [],
      confidence: 1,
      type: query.type,
      reason: null,
      citations: [],
      figures: [],
      understood: understoodOf(query),
      provisions: [],
      certainty: null,
      curated: info,
    };
  }
}

/** How a question was understood, as /api/ask reports it. */
function understoodOf(query: AnalyzedQuery): AskResponse['understood'] {
  return { regions: query.frame.regions.map((r) => r.name), years: query.frame.years, relativeYears: query.frame.relativeYears, intent: query.frame.intent };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Passages ranked for a search, whatever the page: the list paging runs over
 * (`listed`). Deeper than this, filters (type, region, year, doc) narrow the
 * matches; the total still counts them all.
 */
const LISTED_CANDIDATES = 1000;

function isFiltered(f: SearchFilters): boolean {
  return Boolean(f.types?.length || f.years?.length || f.regions?.length || f.doc);
}

/**
 * The ranked list with at most `cap` passages of each document (0 = all), in
 * rank order, and how many of each document it keeps. Paging runs over this
 * list, so a page never repeats or skips a result.
 */
export function perDocumentCap(ranked: RankedPassage[], cap: number): { list: RankedPassage[]; shown: Map<number, number> } {
  const shown = new Map<number, number>();
  const list: RankedPassage[] = [];
  for (const r of ranked) {
    const n = shown.get(r.passage.docOrd) ?? 0;
    if (cap && n >= cap) continue;
    shown.set(r.passage.docOrd, n + 1);
    list.push(r);
  }
  return { list, shown };
}

/** Matching passages per document type, region (most first) and year (newest first), from per-document match counts. */
function facetCounts(kb: KnowledgeBase, perDocument: Uint32Array): SearchResponse['facets'] {
  const types = new Map<string, number>();
  const years = new Map<string, number>();
  const regions = new Map<string, number>();
  const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
  for (const d of kb.documents()) {
    const n = perDocument[d.ord];
    if (!n) continue;
    if (d.type) add(types, d.type, n);
    if (d.year) add(years, String(d.year), n);
    if (d.frame.region) add(regions, d.frame.region, n);
  }
  const byCount = (m: Map<string, number>) =>
    [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const byYear = [...years].map(([value, count]) => ({ value, count })).sort((a, b) => Number(b.value) - Number(a.value));
  return { type: byCount(types), year: byYear, region: byCount(regions) };
}

/** Parses repeated or comma-separated filter values (type=法律&type=行政法规, year=2021,2022). */
export function listParam(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(/[,，]/))
    .map((v) => v.trim())
    .filter((v) => v && v.length <= 40)
    .slice(0, 20);
}

/** Search filters from query parameters; unknown years are ignored. */
export function filtersFromParams(
  types: string[] | undefined,
  years: string[] | undefined,
  regions?: string[] | undefined,
  doc?: string | undefined,
): SearchFilters {
  const docId = doc?.trim();
  return {
    types: listParam(types),
    years: listParam(years)
      .filter((y) => /^(?:19|20)\d{2}$/.test(y))
      .map(Number),
    regions: listParam(regions),
    ...(docId && docId.length <= 200 ? { doc: docId } : {}),
  };
}

/** Parses a non-negative integer query parameter, clamped to [min, max]; bad values take the fallback. */
export function intParam(raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw.trim())) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}
