// 相关法律规定: a legal question answered as a lawyer's first look would be —
// the few articles that most likely apply, each with its law, article number,
// version and status and the sentence that bears on the question marked — and
// one sentence offered as *the* answer only when the evidence is strong.
//
// "Strong" is a calibrated probability that the first article is one that
// applies, from five signals of the ranking and the answer. The weights are a
// logistic regression fitted on STARD's training questions by 5-fold
// cross-validation (each question's signals measured by an index that never saw
// it; `npm run eval:stard -- --calibrate` refits and prints them, and
// docs/statutes.md tells how). Nothing here names a law or a question.
import type { RankedPassage, RankingEvidence } from './search.js';
import type { AnalyzedQuery } from './query.js';
import { splitSentences } from '../text/sentences.js';
import { normalizeForMatch } from '../text/normalize.js';
import { cjkBigrams } from '../text/tokenize.js';

/** One article offered: the passage that starts it and the sentence of it that bears most on the question. */
export interface Provision {
  passage: RankedPassage;
  keySentence: string;
}

/** The signals the certainty is computed from, each 0–1. */
export interface StatuteSignals {
  /** The extractive answer's confidence (answer.ts): how well the article and the sentence cover the question. */
  confidence: number;
  /** How far the first article's score stands above the second's: (s1 − s2) / s1. */
  margin: number;
  /** The share of the known questions' strongest vote that the first article gets (0 without known questions). */
  vote: number;
  /** How close the nearest known question is (cosine similarity; 0 without known questions). */
  nearest: number;
  /** Whether the answer's article is also the text ranking's first (1) or was chosen from further down (0). */
  agreement: number;
}

export const SIGNAL_NAMES = ['confidence', 'margin', 'vote', 'nearest', 'agreement'] as const satisfies readonly (keyof StatuteSignals)[];

/** Logistic-regression weights (intercept first, then SIGNAL_NAMES in order) and the certainty a single answer needs. */
export interface StatuteCalibration {
  weights: number[];
  /** Below this the article list stands alone: no sentence is presented as the answer. */
  threshold: number;
}

// Fitted on all 1,232 STARD train questions by `npm run eval:stard -- ../shared/stard/train.jsonl --calibrate`
// (signals measured with 5-fold known questions; the threshold is the lowest whose answers were right ≥ 70 %
// of the time, a margin over the 65 % the issue asks; refitted after the learned reranker (rerank.ts) changed the
// ranking underneath — the cross-validated run reports 0.680 right).
export const STATUTE_CALIBRATION: StatuteCalibration = { weights: [-2.438, 1.711, 2.414, -0.035, 0.428, 1.168], threshold: 0.566 };

/** Articles listed under 相关法律规定. */
export const MAX_PROVISIONS = 5;

/** The probability (0–1) that the first article applies, from the signals. */
export function statuteCertainty(signals: StatuteSignals, calibration: StatuteCalibration = STATUTE_CALIBRATION): number {
  const [bias, ...w] = calibration.weights;
  const z = SIGNAL_NAMES.reduce((sum, name, i) => sum + (w[i] ?? 0) * signals[name], bias);
  return 1 / (1 + Math.exp(-z));
}

/** Whether a question is answered as a legal one: its best-ranked passage is a statute article. */
export function isStatuteAnswer(citations: RankedPassage[]): boolean {
  return Boolean(citations[0]?.passage.article);
}

/**
 * The signals for an answer: `citations` with the answer's article first, `sourceRank` where that
 * article stood in the text ranking (0 = first, as for a refusal, whose citations are the ranking).
 */
export function statuteSignals(confidence: number, citations: RankedPassage[], sourceRank: number, evidence?: RankingEvidence): StatuteSignals {
  const articles = distinctArticles(citations);
  const first = articles[0];
  const s1 = first?.score ?? 0;
  const s2 = articles[1]?.score ?? 0;
  const strongest = evidence?.passageWeight ?? 0;
  return {
    confidence,
    margin: s1 > 0 ? Math.max(0, Math.min(1, (s1 - s2) / s1)) : 0,
    vote: first && strongest > 0 ? Math.min(1, (evidence?.passages?.get(first.ord) ?? 0) / strongest) : 0,
    nearest: evidence?.nearest ?? 0,
    agreement: sourceRank === 0 ? 1 : 0,
  };
}

function articleKey(r: RankedPassage): string {
  return `${r.passage.docOrd}:${r.passage.article ?? `¶${r.passage.paragraph}`}`;
}

/** Passages in order, one per article (an article split into pieces counts once, at its best piece). */
export function distinctArticles(ranked: RankedPassage[]): RankedPassage[] {
  const seen = new Set<string>();
  const out: RankedPassage[] = [];
  for (const r of ranked) {
    const key = articleKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

/** The sentence of a passage sharing most of the question's character bigrams (the whole text when it is one sentence). */
export function keySentence(query: AnalyzedQuery, text: string): string {
  const sentences = splitSentences(text).filter((s) => s.trim());
  if (sentences.length <= 1) return text.trim();
  const bigrams = [...new Set(cjkBigrams(query.normalized))];
  let best = sentences[0];
  let bestShare = -1;
  for (const s of sentences) {
    const norm = normalizeForMatch(s);
    const share = bigrams.length ? bigrams.filter((b) => norm.includes(b)).length / bigrams.length : 0;
    if (share > bestShare) (best = s), (bestShare = share);
  }
  return best.trim();
}

/**
 * The articles listed under 相关法律规定: statute articles only, one per article, at most `max`. The first
 * article's key sentence is the extracted answer (`answerText`, withheld or not) where it stands in that article.
 */
export function provisionsOf(query: AnalyzedQuery, citations: RankedPassage[], answerText: string | null = null, max = MAX_PROVISIONS): Provision[] {
  return distinctArticles(citations.filter((r) => r.passage.article))
    .slice(0, max)
    .map((passage, i) => {
      const own = i === 0 && answerText && passage.passage.text.includes(answerText) ? answerText : null;
      return { passage, keySentence: withoutArticleNumber(own ?? keySentence(query, passage.passage.text)) };
    });
}

/** 第十一条 用人单位… → 用人单位…: the number is shown beside the law's title already (still a verbatim span). */
function withoutArticleNumber(sentence: string): string {
  return sentence.replace(/^第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十]+)?\s+/u, '');
}
