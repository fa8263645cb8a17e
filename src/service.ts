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
  rankPassages,
  type RankedPassage,
  type RankingEvidence,
  toPassageResult,
  type PassageResult,
  type SearchFilters,
} from './search/search.js';
import type { Segmenter } from './text/tokenize.js';
import { addSoundAlikes } from './search/typos.js';

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

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResponse {
  query: string;
  total: number;
  limit: number;
  offset: number;
  /** The filters applied (type=, year=). */
  filters: { types: string[]; years: number[] };
  /** Matching passages per document type and year, before filtering: the search page's facets. */
  facets: { type: FacetCount[]; year: FacetCount[] };
  results: PassageResult[];
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

  /** The same knowledge base learning from other known questions (cross-validation folds). */
  withKnownQuestions(knownQuestions: KnownQuestion[]): QaService {
    return new QaService(this.kb, this.segmenter, { ...this.options, knownQuestions });
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

  search(raw: unknown, limit = this.options.pageSize, offset = 0, filters: SearchFilters = {}): SearchResponse {
    const query = this.analyze(raw);
    const options = { ...DEFAULT_RANKING, candidates: Math.min(1000, Math.max(DEFAULT_RANKING.candidates, offset + limit)) };
    const filtered = Boolean(filters.types?.length || filters.years?.length);
    const evidence = this.evidenceFor(query);
    // A query that names a region the library covers searches that region's documents (and national law).
    const scope = query.scope ?? regionScope(this.kb.documents(), query.frame);
    const documents = scope.covered.length && scope.keep ? scope.keep : undefined;
    const regional = { documents, preferred: scope.own };
    const unfiltered = rankPassages(this.kb, query, { includeSuperseded: filters.includeSuperseded, ...regional }, options, evidence);
    const ranked = filtered ? rankPassages(this.kb, query, { ...filters, ...regional }, options, evidence) : unfiltered;
    const results = ranked.slice(offset, offset + limit).map((r) => toPassageResult(this.kb, r));
    return {
      query: query.raw,
      total: ranked.length,
      limit,
      offset,
      filters: { types: filters.types ?? [], years: filters.years ?? [] },
      facets: facetCounts(this.kb, unfiltered),
      results,
    };
  }

  ask(raw: unknown): AskResponse {
    // Keyed by the question exactly as analysed (cleaned, trimmed), so a hit is the same answer, echo included.
    if (typeof raw === 'string' && this.answers) {
      // A question already in its cleaned form (the usual case) is its own key: no cleaning needed to find it.
      const asTyped = this.answers.get(raw);
      if (asTyped) return asTyped;
    }
    const key = typeof raw === 'string' ? cleanText(raw).trim() : undefined;
    const cached = key === undefined ? undefined : this.answers?.get(key);
    if (cached) return cached;
    const query = this.analyze(raw);
    const answer: ExtractedAnswer = answerQuestion(
      this.kb,
      query,
      { ...DEFAULT_ANSWER_OPTIONS, minConfidence: this.options.minConfidence },
      this.evidenceFor(query),
    );
    const highlight = query.terms.map((t) => t.term);
    const response: AskResponse = {
      question: query.raw,
      answer: answer.text,
      facts: answer.facts,
      confidence: answer.confidence,
      type: answer.type,
      reason: answer.reason,
      citations: answer.citations.map((r) => toPassageResult(this.kb, r, highlight)),
      figures: answer.text === null ? [] : figuresForFacts(this.kb, answer.citations[0]?.passage.id, answer.facts),
      understood: {
        regions: query.frame.regions.map((r) => r.name),
        years: query.frame.years,
        relativeYears: query.frame.relativeYears,
        intent: query.frame.intent,
      },
    };
    // Shared by every later asker: frozen, so a caller that changed it would fail loudly instead of corrupting it.
    if (key !== undefined && this.answers) this.answers.set(key, deepFreeze(response));
    return response;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Passages per document type and per year among ranked results, most frequent first. */
function facetCounts(kb: KnowledgeBase, ranked: RankedPassage[]): SearchResponse['facets'] {
  const types = new Map<string, number>();
  const years = new Map<string, number>();
  const docs = kb.documents();
  for (const r of ranked) {
    const d = docs[r.passage.docOrd];
    if (d?.type) types.set(d.type, (types.get(d.type) ?? 0) + 1);
    if (d?.year) years.set(String(d.year), (years.get(String(d.year)) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return { type: sorted(types), year: sorted(years) };
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
export function filtersFromParams(types: string[] | undefined, years: string[] | undefined): SearchFilters {
  return {
    types: listParam(types),
    years: listParam(years)
      .filter((y) => /^(?:19|20)\d{2}$/.test(y))
      .map(Number),
  };
}

/** Parses a non-negative integer query parameter, clamped to [min, max]; bad values take the fallback. */
export function intParam(raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw.trim())) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}
