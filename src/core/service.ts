// The question-answering service: the one code path behind the HTML pages, the
// JSON API and the evaluation harness. Validates input, analyses the query,
// ranks, answers, and shapes results into the public JSON contract.
import { answerQuestion, DEFAULT_ANSWER_OPTIONS, type ExtractedAnswer } from './answer.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { cleanText } from './normalize.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import { DEFAULT_RANKING, rankPassages, toPassageResult, type PassageResult, type SearchFilters } from './search.js';
import type { Segmenter } from './tokenize.js';
import { addSoundAlikes } from './typos.js';

/** A client error: bad input, told plainly. Becomes 400 with `{ "error": message }`. */
export class QueryError extends Error {
  constructor(
    readonly code: 'missing' | 'empty' | 'too_long',
    message: string,
  ) {
    super(`query: ${message}`);
    this.name = 'QueryError';
  }
}

export interface SearchResponse {
  query: string;
  total: number;
  limit: number;
  offset: number;
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
}

export interface ServiceOptions {
  maxQueryChars: number;
  minConfidence: number;
  pageSize: number;
}

export class QaService {
  constructor(
    readonly kb: KnowledgeBase,
    private readonly segmenter: Segmenter,
    private readonly options: ServiceOptions,
  ) {}

  /** Validates and analyses raw query text. */
  analyze(raw: unknown): AnalyzedQuery {
    if (typeof raw !== 'string') throw new QueryError('missing', 'missing q parameter');
    const text = cleanText(raw).trim();
    if (!text) throw new QueryError('empty', 'empty question; type a few words');
    if ([...text].length > this.options.maxQueryChars) {
      throw new QueryError('too_long', `too long: at most ${this.options.maxQueryChars} characters`);
    }
    return addSoundAlikes(this.kb, analyzeQuery(text, this.segmenter));
  }

  search(raw: unknown, limit = this.options.pageSize, offset = 0, filters: SearchFilters = {}): SearchResponse {
    const query = this.analyze(raw);
    const ranked = rankPassages(this.kb, query, filters, {
      ...DEFAULT_RANKING,
      candidates: Math.min(1000, Math.max(DEFAULT_RANKING.candidates, offset + limit)),
    });
    const results = ranked.slice(offset, offset + limit).map((r) => toPassageResult(this.kb, r));
    return { query: query.raw, total: ranked.length, limit, offset, results };
  }

  ask(raw: unknown): AskResponse {
    const query = this.analyze(raw);
    const answer: ExtractedAnswer = answerQuestion(this.kb, query, {
      ...DEFAULT_ANSWER_OPTIONS,
      minConfidence: this.options.minConfidence,
    });
    const highlight = query.terms.map((t) => t.term);
    return {
      question: query.raw,
      answer: answer.text,
      facts: answer.facts,
      confidence: answer.confidence,
      type: answer.type,
      reason: answer.reason,
      citations: answer.citations.map((r) => toPassageResult(this.kb, r, highlight)),
    };
  }
}

/** Parses a non-negative integer query parameter, clamped to [min, max]; bad values take the fallback. */
export function intParam(raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw.trim())) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}
