// Passage retrieval: BM25 candidates from MiniSearch (heading path weighted
// above body), reranked by how much of the question each passage covers —
// IDF-weighted term coverage and character-bigram overlap, which rewards
// passages where the question's words stand together.
import type { KnowledgeBase } from './knowledge-base.js';
import type { Passage } from './model.js';
import { passageUrl } from './model.js';
import { cjkBigrams } from './tokenize.js';
import type { AnalyzedQuery, QueryTerm } from './query.js';
import { normalizeForMatch } from './normalize.js';
import { snippet } from './highlight.js';
import { isPlanSection, isProblemSection } from './sections.js';

export interface RankedPassage {
  index: number;
  passage: Passage;
  score: number;
  /** Query terms present in the passage (body or heading). */
  matched: string[];
  /** IDF-weighted share of the question's term groups the passage covers, 0–1. */
  coverage: number;
}

export interface RankingOptions {
  /** BM25 candidates considered before reranking. */
  candidates: number;
}

const DEFAULT_RANKING: RankingOptions = { candidates: 60 };

/** Normalised text of passages, computed once per passage on demand. */
const normalizedCache = new WeakMap<Passage, string>();
export function passageMatchText(p: Passage): string {
  let n = normalizedCache.get(p);
  if (n === undefined) {
    n = normalizeForMatch(p.heading.join(' ') + ' ' + p.text);
    normalizedCache.set(p, n);
  }
  return n;
}

/**
 * Whether a term occurs in a passage. A term the corpus never contains as a word
 * (a compound such as 服务平台) still counts when its parts stand close together
 * (服务实体平台) — but 行政诉讼 is not covered by 行政 … 诉讼 far apart.
 */
export function termInText(kb: KnowledgeBase, term: string, text: string, terms?: Set<string>): boolean {
  if (terms?.has(term) || text.includes(term)) return true;
  if (term.length < 3 || kb.documentFrequency(term)) return false;
  for (let cut = 2; cut <= term.length - 1; cut++) {
    const head = term.slice(0, cut);
    const tail = term.slice(cut);
    if (tail.length < 1 || !kb.documentFrequency(head) || !kb.documentFrequency(tail)) continue;
    for (let at = text.indexOf(head); at !== -1; at = text.indexOf(head, at + 1)) {
      const next = text.indexOf(tail, at + head.length);
      if (next !== -1 && next - (at + head.length) <= 3) return true;
    }
  }
  return false;
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

/** Ranks passages for an analysed query. Returns every candidate, best first. */
export function rankPassages(
  kb: KnowledgeBase,
  query: AnalyzedQuery,
  options: RankingOptions = DEFAULT_RANKING,
): RankedPassage[] {
  if (query.terms.length === 0) return [];
  const weights = new Map(query.terms.map((t) => [t.term, t.weight]));
  const hits = kb.miniSearch.search(query.terms.map((t) => t.term).join(' '), {
    combineWith: 'OR',
    boostTerm: (term: string) => weights.get(term) ?? 1,
  });
  if (hits.length === 0) return [];
  const top = hits.slice(0, options.candidates);
  const maxScore = top[0].score;
  const groups = termGroups(query, kb);
  const totalWeight = groups.reduce((s, g) => s + g.weight, 0) || 1;
  const queryBigrams = [...new Set(cjkBigrams(query.normalized))];

  const ranked = top.map((hit): RankedPassage => {
    const index = hit.id as number;
    const passage = kb.passages[index];
    const terms = kb.passageTerms[index];
    const text = passageMatchText(passage);
    const inPassage = (t: string) => termInText(kb, t, text, terms);
    let covered = 0;
    for (const g of groups) if (g.terms.some(inPassage)) covered += g.weight;
    const coverage = covered / totalWeight;
    const bigramShare = queryBigrams.length
      ? queryBigrams.filter((b) => text.includes(b)).length / queryBigrams.length
      : 0;
    // The question type steers ranking toward the section that answers that kind of question.
    const sectionFit =
      (query.type === 'commitment' && isPlanSection(passage.heading)) || (query.type === 'problem' && isProblemSection(passage.heading))
        ? 0.15
        : 0;
    const score = 0.45 * (hit.score / maxScore) + 0.4 * coverage + 0.15 * bigramShare + sectionFit;
    const matched = query.terms.map((t) => t.term).filter(inPassage);
    return { index, passage, score, matched, coverage };
  });
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  return ranked;
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
}

export function toPassageResult(kb: KnowledgeBase, r: RankedPassage, highlightTerms = r.matched): PassageResult {
  const p = r.passage;
  const doc = kb.document(p.docId);
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
    date: doc?.publishedAt ?? null,
    type: doc?.type ?? null,
  };
}
