// Ranking evidence: what is known about a query from outside its text match
// (questions already answered with known passages), in the form ranking reads it.

/**
 * Evidence from outside the text match, e.g. questions already answered with
 * known articles: a multiplier per document ordinal (1 + boost) and a score per
 * passage ordinal added after reranking (such passages join the candidates).
 */
export interface RankingEvidence {
  documents?: Map<number, number>;
  passages?: Map<number, number>;
  /** The passages that join the candidates without a text match (default: all of `passages`); the others only add to a candidate. */
  join?: Set<number>;
  /** Cosine similarity (0–1) of the nearest known question: how closely the question was asked before. */
  nearest?: number;
  /** The score the strongest passage vote is scaled to: a vote ÷ this is its share of the strongest (0–1). */
  passageWeight?: number;
}
