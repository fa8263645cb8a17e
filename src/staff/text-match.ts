// How well a short text (a commitment, a figure and its sentence) matches a
// staff search on /commitments?q= and /figures?q=: the IDF-weighted share of the
// words typed that it contains. Queries are analysed as the portal analyses
// them (Traditional input, question words dropped), but matching is stricter
// than ranking: a word counts only as typed (行政复议, not its part 行政), and
// colloquial synonyms are not added — staff search the documents' own words.
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { AnalyzedQuery } from '../search/query.js';
import { coverageWeight, termInText } from '../search/search.js';

/** Share of coverage a listed item needs to match a staff search (most of what was typed). */
export const STAFF_SEARCH_MIN_COVERAGE = 0.6;

/** Share (0–1) of the typed words present in the text, weighted by IDF; 1 when nothing searchable was typed. */
export function queryCoverage(kb: KnowledgeBase, query: AnalyzedQuery, text: string): number {
  // Per idea: the longest word typed for it (jieba's search mode adds its parts too) and its weight.
  const groups = new Map<string, { term: string; weight: number }>();
  for (const t of query.terms) {
    if (t.origin !== 'query') continue;
    const g = groups.get(t.group);
    const weight = coverageWeight(kb, t);
    if (!g) groups.set(t.group, { term: t.term, weight });
    else {
      if (t.term.length > g.term.length) g.term = t.term;
      g.weight = Math.max(g.weight, weight);
    }
  }
  if (groups.size === 0) return 1;
  const normalized = normalizeForMatch(text);
  let total = 0;
  let covered = 0;
  for (const g of groups.values()) {
    total += g.weight;
    if (termInText(kb, g.term, normalized)) covered += g.weight;
  }
  return total > 0 ? covered / total : 1;
}
