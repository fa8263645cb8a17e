// 后续进展: for a commitment made for year Y, the passages of later reports
// (documents of year Y or after, other than its own) that say most of what it
// said — found with the portal's own ranking, scored by the share of the
// commitment's ideas they cover. Below the threshold a commitment has no
// follow-up yet ("no later report mentions this yet"). Plan sections of later
// reports are left out: a plan repeated is not progress made.
import type { Commitment } from './commitments.js';
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { passageUrl } from '../model/document.js';
import type { AnalyzedQuery } from '../search/query.js';
import { isReportLike } from './report-passages.js';
import { DEFAULT_RANKING, rankPassages } from '../search/search.js';
import { isPlanSection } from '../search/sections.js';

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
  /** Reports of the target year or later, other than the commitment's own: 0 means none to look in yet. */
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

  const target = commitment.targetYear ?? commitment.year;
  const later = kb.documents().filter((d) => d.id !== commitment.docId && isReportLike(d) && d.year !== null && target !== null && d.year >= target);
  const result: FollowUp = { commitmentId: commitment.id, laterDocuments: later.length, candidates: [] };
  if (later.length > 0) {
    const laterOrds = new Set(later.map((d) => d.ord));
    const query = { ...analyze([...commitment.text].slice(0, MAX_QUERY_CHARS).join('')), type: 'fact' as const };
    const ranked = rankPassages(kb, query, { years: [...new Set(later.map((d) => d.year as number))] }, { ...DEFAULT_RANKING, candidates: 50 });
    for (const r of ranked) {
      if (!laterOrds.has(r.passage.docOrd) || isPlanSection(r.passage.heading) || r.coverage < options.minScore) continue;
      const doc = kb.documents()[r.passage.docOrd];
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
  cache.set(key, result);
  return result;
}
