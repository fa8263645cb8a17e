// Learned reranking of the head of a ranking that known questions inform.
//
// The combined score (search.ts) adds BM25, coverage, bigram overlap and the
// known questions' votes with weights set by hand. Of the statute questions
// whose first article is wrong, most are in the right law but at the wrong
// article: the signals are there, their balance is not. This module weighs the
// same signals — and a few the combined score does not use (the rank itself,
// the gap to the first, how much of the head its law holds, the article's
// length, how often its law is cited) — with a linear model fitted by pairwise
// logistic regression: for each training question, every (gold, other) pair
// among its first candidates should score gold higher.
//
// The model is fitted on known questions (STARD train), so it only applies
// when the ranking has known-question evidence: a knowledge base without known
// questions (the reports) ranks exactly as before. Cross-validated on STARD
// (5 folds, weights fitted on the other folds' questions, their features from
// indexes that never saw them; docs/statutes.md "Learned reranking"): search
// hit@1 0.402 → 0.435, hit@3 0.575 → 0.629, hit@10 0.730 → 0.761; /api/ask's
// "gold ≤ 3" 0.585 → 0.630. The shipped weights are fitted on all of train by
// `npx tsx scripts/fit-rerank.ts ../shared/stard/train.jsonl`, which prints
// the model below. Options chosen by that cross-validation: the first 20
// candidates (30: hit@3 0.625, 10 cut hit@10), L2 1e-3 on standardised
// features; the two vote interactions raised hit@1 by 0.01, other tried
// features (article position, heading match, superseded, a question-word →
// article-bigram association learned from the known questions) by nothing
// beyond noise.

/** What the reranker knows of one candidate; all but the rank-relative ones are the ranking's own signals. */
export interface RerankCandidate {
  /** Combined score (search.ts). */
  score: number;
  /** BM25F score ÷ the best candidate's. */
  bm25: number;
  coverage: number;
  bigrams: number;
  /** Known-question vote ÷ the strongest possible vote (0–1). */
  vote: number;
  /** Known-question document boost of its document (0 – documentWeight). */
  documentVote: number;
  /** Its document's ordinal. */
  doc: number;
  /** Characters of its match text. */
  length: number;
  /** Documents citing its document by title. */
  citedBy: number;
}

/** Names of the features, in the order of a model's weights. */
export const RERANK_FEATURES = [
  'score',
  'gap to first',
  'bm25',
  'coverage',
  'bigrams',
  'vote',
  'vote ÷ strongest in head',
  'document vote',
  'ln(1 + rank)',
  'law share of head',
  'ln length',
  'ln(1 + cited by)',
  'voted',
  'nearest × vote',
  'vote × bigrams',
  'vote × coverage',
] as const;

export interface RerankModel {
  /** Candidates reordered (the rest keep their places). */
  top: number;
  /** One weight per RERANK_FEATURES entry. */
  weights: number[];
}

/** Places of the combined ranking over which a law's share of the head is counted (1/(rank+1) each). */
const SHARE_DEPTH = 100;

/** Feature vectors of the first `top` candidates (in ranking order); `nearest` is the nearest known question's similarity. */
export function rerankFeatures(candidates: RerankCandidate[], top: number, nearest: number): number[][] {
  const head = candidates.slice(0, top);
  if (head.length === 0) return [];
  const first = head[0].score;
  const strongest = Math.max(1e-9, ...head.map((c) => c.vote));
  const share = new Map<number, number>();
  candidates.slice(0, SHARE_DEPTH).forEach((c, k) => share.set(c.doc, (share.get(c.doc) ?? 0) + 1 / (k + 1)));
  let most = 1e-9;
  for (const v of share.values()) most = Math.max(most, v);
  return head.map((c, k) => [
    c.score,
    c.score - first,
    c.bm25,
    c.coverage,
    c.bigrams,
    c.vote,
    c.vote / strongest,
    c.documentVote,
    Math.log1p(k),
    (share.get(c.doc) ?? 0) / most,
    Math.log(Math.max(1, c.length)),
    Math.log1p(c.citedBy),
    c.vote > 0 ? 1 : 0,
    nearest * c.vote,
    // How much a vote adds depends on how well the text already matches (fitted: it adds less there).
    c.vote * c.bigrams,
    c.vote * c.coverage,
  ]);
}

/** The order of the first `model.top` candidates by the model (indexes into `candidates`), ties by the original order. */
export function rerankOrder(model: RerankModel, candidates: RerankCandidate[], nearest: number): number[] {
  const features = rerankFeatures(candidates, model.top, nearest);
  const scores = features.map((f) => f.reduce((s, v, j) => s + v * (model.weights[j] ?? 0), 0));
  return scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

/** One training question: its candidates' feature vectors and which of them are right. */
export interface RerankExample {
  features: number[][];
  gold: boolean[];
}

export interface FitOptions {
  /** L2 penalty on the standardised weights. */
  l2: number;
  iterations: number;
  learningRate: number;
}

export const DEFAULT_FIT_OPTIONS: FitOptions = { l2: 1e-3, iterations: 300, learningRate: 0.5 };

/**
 * Pairwise logistic regression (full-batch gradient ascent on standardised
 * features): for each question every (right, wrong) pair of its candidates, the
 * pairs of one question weighing 1 in all, so a question with many candidates
 * counts no more than one with few. Returns weights on the raw features.
 */
export function fitRerank(examples: RerankExample[], options: FitOptions = DEFAULT_FIT_OPTIONS): number[] {
  const dim = examples.find((e) => e.features.length)?.features[0].length ?? 0;
  if (dim === 0) return [];
  const mean = new Array<number>(dim).fill(0);
  const sd = new Array<number>(dim).fill(0);
  let rows = 0;
  for (const e of examples) for (const f of e.features) rows++, f.forEach((v, j) => (mean[j] += v));
  for (let j = 0; j < dim; j++) mean[j] /= rows || 1;
  for (const e of examples) for (const f of e.features) f.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2));
  for (let j = 0; j < dim; j++) sd[j] = Math.sqrt(sd[j] / (rows || 1)) || 1;
  const pairs: { diff: Float64Array; weight: number }[] = [];
  for (const e of examples) {
    const right = e.gold.flatMap((g, i) => (g ? [i] : []));
    const wrong = e.gold.flatMap((g, i) => (g ? [] : [i]));
    if (right.length === 0 || wrong.length === 0) continue;
    const weight = 1 / (right.length * wrong.length);
    for (const a of right) {
      for (const b of wrong) {
        const diff = new Float64Array(dim);
        for (let j = 0; j < dim; j++) diff[j] = (e.features[a][j] - e.features[b][j]) / sd[j];
        pairs.push({ diff, weight });
      }
    }
  }
  const total = pairs.reduce((s, p) => s + p.weight, 0) || 1;
  const w = new Float64Array(dim);
  const grad = new Float64Array(dim);
  for (let it = 0; it < options.iterations; it++) {
    grad.fill(0);
    for (const { diff, weight } of pairs) {
      let z = 0;
      for (let j = 0; j < dim; j++) z += w[j] * diff[j];
      const miss = weight / (1 + Math.exp(z));
      for (let j = 0; j < dim; j++) grad[j] += miss * diff[j];
    }
    for (let j = 0; j < dim; j++) w[j] += options.learningRate * (grad[j] / total - options.l2 * w[j]);
  }
  return [...w].map((v, j) => v / sd[j]);
}

/**
 * Shipped model: fitted on all 1,232 STARD training questions, each ranked with
 * the known questions of the other folds
 * (`npx tsx scripts/fit-rerank.ts ../shared/stard/train.jsonl`), in the order
 * of RERANK_FEATURES. Refit whenever a feature or the ranking under it changes.
 */
export const STATUTE_RERANK: RerankModel = {
  top: 20,
  weights: [2.8347, 2.3762, -0.7834, 2.7072, 7.0597, 0.8671, 1.006, 0.3122, -0.3397, -0.9054, -0.2937, 0.0853, 0.8495, 3.3917, -4.7113, -2.9136],
};
