// Known questions: citizens' questions already answered with known passages
// (curated by staff, or a benchmark's training split). A new question's nearest
// known questions vote for their passages, the articles beside them and their
// documents. People ask in their own words (老公出轨能离婚吗) and laws are
// written in others (夫妻感情确已破裂); those who asked before bridge that gap
// better than any rule written by hand — measured by cross-validation, so the
// gain is on questions the index has not seen.
import { cleanText } from '../text/normalize.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import type { RankingEvidence } from '../model/evidence.js';
import { cjkBigrams, type Segmenter } from '../text/tokenize.js';
import type { ArticleReference, KnownQuestion, KnownQuestionInput } from '../model/store.js';

export type { ArticleReference, KnownQuestion, KnownQuestionInput };




export interface KnownQuestionOptions {
  /** Nearest known questions that vote. */
  neighbours: number;
  /** Score added to a voted passage, at the strongest vote. */
  passageWeight: number;
  /** Document multiplier added (1 + weight) for the most voted document. */
  documentWeight: number;
  /** Share of a vote given to the articles near a voted one (divided by the distance). */
  adjacentShare: number;
  /** How many passages either side of a voted one count as near. */
  adjacentReach: number;
  /** Weight of a character bigram of the question relative to a word. */
  bigramWeight: number;
  /** Voted passages that join the candidates even without a text match, strongest first (the rest only add to candidates). */
  maxJoining: number;
}

// Chosen by 5-fold cross-validation on STARD (README, "Statute retrieval").
export const DEFAULT_KNOWN_QUESTION_OPTIONS: KnownQuestionOptions = {
  neighbours: 30,
  passageWeight: 0.25,
  documentWeight: 1,
  adjacentShare: 0.3,
  adjacentReach: 4,
  bigramWeight: 0.5,
  maxJoining: 50,
};

/** The features a question is compared by: its own words (not expansions) and its character bigrams. */
export function questionFeatures(query: AnalyzedQuery, bigramWeight: number): Map<string, number> {
  const features = new Map<string, number>();
  for (const t of query.terms) if (t.origin === 'query') features.set(t.term, t.weight);
  // '#' keeps a bigram apart from a two-character word of the same spelling.
  if (bigramWeight > 0) for (const b of cjkBigrams(query.normalized)) if (!features.has(`#${b}`)) features.set(`#${b}`, bigramWeight);
  return features;
}

/** The features of a known question's text, analysed as a question typed by a user would be. */
export function knownQuestionFeatures(question: string, segmenter: Segmenter, bigramWeight = DEFAULT_KNOWN_QUESTION_OPTIONS.bigramWeight): [string, number][] {
  return [...questionFeatures(analyzeQuery(cleanText(question).trim(), segmenter), bigramWeight)];
}

/**
 * Nearest-neighbour index over known questions: TF-IDF cosine over their
 * features, with an inverted list per feature so a lookup touches only the
 * known questions that share something with the new one.
 */
export class KnownQuestionIndex {
  private readonly lists = new Map<string, { question: number; weight: number }[]>();
  private readonly norms: Float64Array;
  private readonly idf = new Map<string, number>();

  constructor(
    readonly questions: KnownQuestion[],
    features: Map<string, number>[],
    readonly options: KnownQuestionOptions = DEFAULT_KNOWN_QUESTION_OPTIONS,
  ) {
    if (features.length !== questions.length) throw new Error('known questions: one feature map per question');
    const df = new Map<string, number>();
    for (const f of features) for (const term of f.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const n = questions.length;
    for (const [term, count] of df) this.idf.set(term, Math.log(1 + n / count));
    this.norms = new Float64Array(n);
    features.forEach((f, q) => {
      let sum = 0;
      for (const [term, w] of f) {
        const weight = w * this.idf.get(term)!;
        sum += weight * weight;
        let list = this.lists.get(term);
        if (!list) this.lists.set(term, (list = []));
        list.push({ question: q, weight });
      }
      this.norms[q] = Math.sqrt(sum) || 1;
    });
  }

  get size(): number {
    return this.questions.length;
  }

  /** The most similar known questions, most similar first, with cosine similarity in (0, 1]. */
  nearest(features: Map<string, number>, k = this.options.neighbours): { question: number; similarity: number }[] {
    const dot = new Map<number, number>();
    let norm = 0;
    for (const [term, w] of features) {
      // A feature no known question has adds to the query's norm with the rarest IDF.
      const weight = w * (this.idf.get(term) ?? Math.log(1 + this.questions.length / 0.5));
      norm += weight * weight;
      for (const entry of this.lists.get(term) ?? []) dot.set(entry.question, (dot.get(entry.question) ?? 0) + weight * entry.weight);
    }
    norm = Math.sqrt(norm) || 1;
    return [...dot]
      .map(([question, d]) => ({ question, similarity: d / norm / this.norms[question] }))
      .sort((a, b) => b.similarity - a.similarity || a.question - b.question)
      .slice(0, k);
  }

  /**
   * Ranking evidence for a question: each neighbour votes with its similarity
   * for its passages (and, with a share divided by the distance, the articles
   * near them in the same document — answers cluster: 第一千零七十九条 sits among the divorce articles)
   * and for their documents. Votes are scaled so the strongest gets the full weight.
   */
  evidence(features: Map<string, number>, passageDoc: Uint32Array): RankingEvidence | undefined {
    const neighbours = this.nearest(features);
    if (neighbours.length === 0) return undefined;
    const { adjacentShare, adjacentReach } = this.options;
    const passages = new Map<number, number>();
    const documents = new Map<number, number>();
    const vote = (ord: number, v: number) => passages.set(ord, (passages.get(ord) ?? 0) + v);
    for (const { question, similarity } of neighbours) {
      for (const ord of this.questions[question].passages) {
        if (ord >= passageDoc.length) continue;
        const doc = passageDoc[ord];
        vote(ord, similarity);
        documents.set(doc, (documents.get(doc) ?? 0) + similarity);
        if (adjacentShare > 0) {
          for (let d = -adjacentReach; d <= adjacentReach; d++) {
            if (d === 0) continue;
            const near = ord + d;
            if (near >= 0 && near < passageDoc.length && passageDoc[near] === doc) vote(near, (similarity * adjacentShare) / Math.abs(d));
          }
        }
      }
    }
    const scale = (m: Map<number, number>, weight: number) => {
      let max = 0;
      for (const v of m.values()) max = Math.max(max, v);
      for (const [k, v] of m) m.set(k, max > 0 ? (weight * v) / max : 0);
      return m;
    };
    const join = new Set(
      [...passages]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, this.options.maxJoining)
        .map(([ord]) => ord),
    );
    return {
      passages: scale(passages, this.options.passageWeight),
      documents: scale(documents, this.options.documentWeight),
      join,
      nearest: neighbours[0].similarity,
      passageWeight: this.options.passageWeight,
    };
  }
}
