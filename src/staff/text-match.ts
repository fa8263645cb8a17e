// How well a short text (a commitment, a figure and its sentence) matches a
// staff search on /commitments?q= and /figures?q=: the IDF-weighted share of the
// words typed that it contains. Queries are analysed as the portal analyses
// them (Traditional input, question words dropped), but matching is stricter
// than ranking: a word counts only as typed (行政复议, not its part 行政), and
// colloquial synonyms are not added — staff search the documents' own words.
//
// A search filters every item of a list, so its cost is bounded per request
// (issue #16: one typed term of 500 characters took seconds): what each word
// needs from the knowledge base is looked up once per search (staffSearch), not
// once per item; at most MAX_STAFF_SEARCH_WORDS words are read; and each item's
// normalised text is made once per knowledge base (searchableText), not per
// request. A search then costs at most items × MAX_STAFF_SEARCH_WORDS matches.
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { AnalyzedQuery } from '../search/query.js';
import { coverageWeight, termMatcher } from '../search/search.js';

/** Share of coverage a listed item needs to match a staff search (most of what was typed). */
export const STAFF_SEARCH_MIN_COVERAGE = 0.6;

/**
 * Words (ideas) of a staff search that are read; the rest of a longer query is
 * ignored. A search box is for a few words — a pasted sentence has a dozen or
 * two — and every word read is one more match per item of the list.
 */
export const MAX_STAFF_SEARCH_WORDS = 32;

export interface StaffSearch {
  /** Share (0–1) of the typed words present in a text already normalised (normalizeForMatch), weighted by IDF; 1 when nothing searchable was typed. */
  coverage(normalized: string): number;
}

/** A staff search's matcher, built once per query: each word's weight and matcher looked up here, not per item. */
export function staffSearch(kb: KnowledgeBase, query: AnalyzedQuery): StaffSearch {
  // Per idea: the longest word typed for it (jieba's search mode adds its parts too) and its weight.
  const groups = new Map<string, { term: string; weight: number }>();
  for (const t of query.terms) {
    if (t.origin !== 'query') continue;
    const g = groups.get(t.group);
    if (!g && groups.size >= MAX_STAFF_SEARCH_WORDS) continue;
    const weight = coverageWeight(kb, t);
    if (!g) groups.set(t.group, { term: t.term, weight });
    else {
      if (t.term.length > g.term.length) g.term = t.term;
      g.weight = Math.max(g.weight, weight);
    }
  }
  if (groups.size === 0) return { coverage: () => 1 };
  const words = [...groups.values()].map((g) => ({ weight: g.weight, inText: termMatcher(kb, g.term) }));
  return {
    coverage(normalized) {
      let total = 0;
      let covered = 0;
      for (const w of words) {
        total += w.weight;
        if (w.inText(normalized)) covered += w.weight;
      }
      return total > 0 ? covered / total : 1;
    },
  };
}

/** Share (0–1) of the typed words present in one text (normalised here). For many texts, use staffSearch. */
export function queryCoverage(kb: KnowledgeBase, query: AnalyzedQuery, text: string): number {
  return staffSearch(kb, query).coverage(normalizeForMatch(text));
}

/**
 * The normalised searchable text of listed items, made once per item. The lists
 * (commitmentsFor, figuresFor) live as long as their knowledge base and so do
 * these texts; normalising every item again for each search (OpenCC over the
 * whole list) cost more than the search itself.
 */
export function searchableText<T extends object>(describe: (item: T) => string): (item: T) => string {
  const texts = new WeakMap<T, string>();
  return (item) => {
    let text = texts.get(item);
    if (text === undefined) texts.set(item, (text = normalizeForMatch(describe(item))));
    return text;
  };
}
