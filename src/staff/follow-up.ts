// 后续进展: for a commitment, the passages of later documents of the SAME
// region (the document frame's region: 阳江市's commitments are followed up in
// 阳江市's later reports, never in 天津市's) dated after its own document, that
// say most of what it said — found with the portal's own ranking, kept to those
// documents, scored by the share of the commitment's ideas they cover. Below the
// threshold a commitment has no follow-up yet ("no later report mentions this
// yet"). Plan sections of later reports (by their frame or heading) are left
// out: a plan repeated is not progress made.
import type { Commitment } from './commitments.js';
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { passageUrl } from '../model/document.js';
import type { AnalyzedQuery } from '../search/query.js';
import { isReportLike } from './report-passages.js';
import { DEFAULT_RANKING, rankPassages } from '../search/search.js';
import { isPlanSection } from '../search/sections.js';
import { sectionPeriod } from '../search/frame.js';
import type { DocumentSummary } from '../model/store.js';

export interface FollowUpCandidate {
  passageId: string;
  docId: string;
  title: string;
  year: number | null;
  heading: string[];
  paragraph: number;
  text: string;
  url: string;
  /** Share (0–1) of the commitment's ideas the passage covers (IDF-weighted). */
  score: number;
}

export interface FollowUp {
  commitmentId: string;
  /** Later reports of the commitment's region (dated after its own): 0 means none to look in yet. */
  laterDocuments: number;
  /** Best first; empty when no later report mentions the commitment. */
  candidates: FollowUpCandidate[];
}

export interface FollowUpOptions {
  /** A passage must cover at least this share of the commitment's ideas. */
  minScore: number;
  /** Most candidates shown. */
  limit: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpOptions = { minScore: 0.45, limit: 3 };

/** Commitments are sentences; a question-sized prefix carries what they are about. */
const MAX_QUERY_CHARS = 200;

/** The date a document speaks from: its publish date, else its year. */
function dateOf(doc: Pick<DocumentSummary, 'publishedAt' | 'year'>): string | null {
  return doc.publishedAt ?? (doc.year !== null ? String(doc.year) : null);
}

/**
 * Whether \`later\` is dated after \`earlier\`: by publish dates when both have one
 * (2023-01-20 after 2022-01-26), else by their years.
 */
export function isDatedAfter(later: Pick<DocumentSummary, 'publishedAt' | 'year'>, earlier: Pick<DocumentSummary, 'publishedAt' | 'year'>): boolean {
  if (later.publishedAt && earlier.publishedAt) return later.publishedAt > earlier.publishedAt;
  return later.year !== null && earlier.year !== null && later.year > earlier.year;
}

/**
 * The documents a commitment may be followed up in: reports (not statutes) of the
 * same region as its own document, dated after it. A document without a region
 * follows up nothing, and is followed up by nothing.
 */
export function laterDocumentsOf(kb: KnowledgeBase, commitment: Pick<Commitment, 'docId'>): DocumentSummary[] {
  const docs = kb.documents();
  const own = docs.find((d) => d.id === commitment.docId);
  if (!own || !own.frame.regionCode || dateOf(own) === null) return [];
  return docs.filter((d) => d.id !== own.id && d.frame.regionCode === own.frame.regionCode && isReportLike(d) && isDatedAfter(d, own));
}

const caches = new WeakMap<KnowledgeBase, Map<string, FollowUp>>();

/**
 * Follow-up candidates for one commitment. `analyze` turns text into a query the
 * way the service does (QaService.analyze), so later reports are searched exactly
 * as the portal searches them. Cached per knowledge base.
 */
export function followUp(
  kb: KnowledgeBase,
  analyze: (text: string) => AnalyzedQuery,
  commitment: Commitment,
  options: FollowUpOptions = DEFAULT_FOLLOW_UP,
): FollowUp {
  let cache = caches.get(kb);
  if (!cache) caches.set(kb, (cache = new Map()));
  const key = `${commitment.id}\u0000${options.minScore}\u0000${options.limit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const missesBefore = kb.misses;

  const later = laterDocumentsOf(kb, commitment);
  const result: FollowUp = { commitmentId: commitment.id, laterDocuments: later.length, candidates: [] };
  if (later.length > 0) {
    const laterOrds = new Set(later.map((d) => d.ord));
    const query = { ...analyze([...commitment.text].slice(0, MAX_QUERY_CHARS).join('')), type: 'fact' as const };
    const ranked = rankPassages(kb, query, { documents: laterOrds }, { ...DEFAULT_RANKING, candidates: 50 });
    for (const r of ranked) {
      if (!laterOrds.has(r.passage.docOrd) || r.coverage < options.minScore) continue;
      const doc = kb.documents()[r.passage.docOrd];
      if (isPlanSection(r.passage.heading) || sectionPeriod(doc, r.passage.paragraph)?.stance === 'planned') continue;
      result.candidates.push({
        passageId: r.passage.id,
        docId: doc.id,
        title: doc.title,
        year: doc.year,
        heading: r.passage.heading,
        paragraph: r.passage.paragraph,
        text: r.passage.text,
        url: passageUrl(r.passage),
        score: Math.round(r.coverage * 1000) / 1000,
      });
    }
    result.candidates.sort((a, b) => b.score - a.score);
    result.candidates.splice(options.limit);
  }
  // Ranked over a fetching store's stand-ins (QaService.load runs it again once fetched): not kept.
  if (kb.misses === missesBefore) cache.set(key, result);
  return result;
}
