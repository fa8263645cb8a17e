// Scoring statute retrieval on STARD-format questions: each question has gold
// articles (law title, article number, file); a retrieved passage is a hit for
// a gold item when it is that article of that file. Recall@k is the share of a
// question's gold articles in its top k, averaged over questions; MRR@10 the
// mean reciprocal rank of the first hit in the top 10.
import { articleLookup } from '../src/ingest/build.js';
import { resolveKnownQuestions } from '../src/ingest/known-questions.js';
import type { QaService } from '../src/service.js';
import { answerQuestion, DEFAULT_ANSWER_OPTIONS } from '../src/search/answer.js';
import {
  distinctArticles,
  isStatuteAnswer,
  statuteCertainty,
  statuteSignals,
  type StatuteCalibration,
  type StatuteSignals,
} from '../src/search/provisions.js';

export interface StardGold {
  law: string;
  article: string;
  file: string;
}

export interface StardQuestion {
  id: number | string;
  question: string;
  gold: StardGold[];
}

export interface RetrievedArticle {
  /** The document's path as ingested (ends with the statute's file path under laws/). */
  path: string;
  article: string | null;
}

export function parseStardFile(text: string): StardQuestion[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((line, i) => {
      const q = JSON.parse(line) as StardQuestion;
      if (typeof q.question !== 'string' || !Array.isArray(q.gold)) throw new Error(`stard: line ${i + 1} lacks question or gold`);
      return q;
    });
}

/** Whether a retrieved passage is the gold article (file paths compared by their ending, so any ingest root works). */
export function isGoldArticle(r: RetrievedArticle, g: StardGold): boolean {
  if (r.article !== g.article) return false;
  const path = r.path.replace(/\\/g, '/');
  return path === g.file || path.endsWith(`/${g.file}`);
}

export interface StardScores {
  questions: number;
  recall: Record<number, number>;
  mrr10: number;
}

export function scoreStard(items: { gold: StardGold[]; results: RetrievedArticle[] }[], ks = [1, 5, 10, 100]): StardScores {
  const recall: Record<number, number> = Object.fromEntries(ks.map((k) => [k, 0]));
  let mrr = 0;
  for (const { gold, results } of items) {
    // The rank (1-based) at which each gold article first appears, or Infinity.
    const ranks = gold.map((g) => {
      const i = results.findIndex((r) => isGoldArticle(r, g));
      return i === -1 ? Infinity : i + 1;
    });
    for (const k of ks) recall[k] += ranks.filter((r) => r <= k).length / gold.length;
    const first = Math.min(...ranks);
    if (first <= 10) mrr += 1 / first;
  }
  const n = items.length || 1;
  for (const k of ks) recall[k] = Math.round((recall[k] / n) * 1000) / 1000;
  return { questions: items.length, recall, mrr10: Math.round((mrr / n) * 1000) / 1000 };
}

/** The articles a service's search (the /api/search code path) returns for a question. */
function retrieve(service: QaService, question: string, limit: number): RetrievedArticle[] {
  return service.search(question, limit, 0).results.map((r) => ({ path: service.kb.summary(r.docId)?.path ?? '', article: r.article }));
}

/** Scores a service's search on STARD questions. */
export function evaluateStard(service: QaService, questions: StardQuestion[], limit = 100): StardScores {
  return scoreStard(questions.map((q) => ({ gold: q.gold, results: retrieve(service, q.question, limit) })));
}

/**
 * K-fold cross-validation of learning from known questions: each question is
 * answered by a service that knows only the other folds' questions (fold = index
 * mod k), so every figure is on questions the index has not seen.
 */
export function crossValidateStard(service: QaService, questions: StardQuestion[], folds = 5, limit = 100): StardScores {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`stard: folds must be an integer ≥ 2, got ${folds}`);
  const kb = service.kb;
  const lookup = articleLookup(kb.documents(), kb.passageCount, (ord) => kb.passage(ord));
  const items: { gold: StardGold[]; results: RetrievedArticle[] }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const known = resolveKnownQuestions(
      questions.filter((_, i) => i % folds !== fold),
      lookup,
    ).questions;
    const learner = service.withKnownQuestions(known);
    questions.forEach((q, i) => {
      if (i % folds !== fold) return;
      items[i] = { gold: q.gold, results: retrieve(learner, q.question, limit) };
    });
  }
  return scoreStard(items);
}

/** One STARD question asked through /api/ask's code path, with what calibration and scoring need. */
export interface StardAnswerRow {
  /** The signals of the extracted answer, when there is one and its article is a statute's (calibration rows). */
  signals: StatuteSignals | null;
  /** With signals: the extracted answer's article is a gold one (what calibration predicts). */
  signalRight: boolean;
  /** An answer was extracted from a passage that is not a statute article (no certainty applies to it). */
  otherAnswer: boolean;
  /** The first article shown is a gold one. */
  firstRight: boolean;
  /** A gold article is among the first three articles shown. */
  top3Right: boolean;
  /** /api/ask gave a single answer (with the shipped calibration). */
  answered: boolean;
}

/**
 * Asks each question through QaService.ask (the /api/ask code path) with k-fold
 * known questions, and also records the signals of the extracted answer before
 * the certainty threshold, for calibration.
 */
export function crossValidateStardAnswers(service: QaService, questions: StardQuestion[], folds = 5): StardAnswerRow[] {
  const kb = service.kb;
  const lookup = articleLookup(kb.documents(), kb.passageCount, (ord) => kb.passage(ord));
  const rows: StardAnswerRow[] = [];
  const pathOf = (docId: string) => kb.summary(docId)?.path ?? '';
  for (let fold = 0; fold < folds; fold++) {
    const known = resolveKnownQuestions(
      questions.filter((_, i) => i % folds !== fold),
      lookup,
    ).questions;
    const learner = service.withKnownQuestions(known);
    questions.forEach((q, i) => {
      if (i % folds !== fold) return;
      const gold = (r: RetrievedArticle) => q.gold.some((g) => isGoldArticle(r, g));
      const query = learner.analyze(q.question);
      const evidence = learner.evidenceFor(query);
      const extracted = answerQuestion(kb, query, DEFAULT_ANSWER_OPTIONS, evidence);
      const signals =
        extracted.text !== null && isStatuteAnswer(extracted.citations)
          ? statuteSignals(extracted.confidence, extracted.citations, extracted.sourceRank ?? 0, evidence)
          : null;
      const response = learner.ask(q.question);
      // The articles shown: 相关法律规定 for a legal question, else the citations one per article.
      const shown: RetrievedArticle[] = response.provisions.length
        ? response.provisions.map((p) => ({ path: pathOf(response.citations.find((c) => c.id === p.id)!.docId), article: p.article }))
        : distinctArticleResults(response.citations).map((c) => ({ path: pathOf(c.docId), article: c.article }));
      const first = signals ? distinctArticles(extracted.citations)[0] : undefined;
      rows[i] = {
        signals,
        signalRight: first ? gold({ path: pathOf(first.passage.docId), article: first.passage.article }) : false,
        otherAnswer: extracted.text !== null && !signals,
        firstRight: shown.length > 0 && gold(shown[0]),
        top3Right: shown.slice(0, 3).some(gold),
        answered: response.answer !== null,
      };
    });
  }
  return rows;
}

function distinctArticleResults<T extends { docId: string; article: string | null; paragraph: number }>(citations: T[]): T[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const key = `${c.docId}:${c.article ?? c.paragraph}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Cross-validated calibration: each fold's answers are decided by weights and a
 * threshold fitted on the other folds' rows only. Returns the rows as they would
 * be answered, and each fold's calibration.
 */
export function crossValidateCalibration(
  rows: StardAnswerRow[],
  folds: number,
  fit: (rows: { signals: StatuteSignals; right: boolean }[]) => StatuteCalibration,
): { rows: { answered: boolean; firstRight: boolean; top3Right: boolean }[]; calibrations: StatuteCalibration[] } {
  const calibrations: StatuteCalibration[] = [];
  const out: { answered: boolean; firstRight: boolean; top3Right: boolean }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = rows.filter((r, i) => i % folds !== fold && r.signals).map((r) => ({ signals: r.signals!, right: r.signalRight }));
    const calibration = fit(train);
    calibrations.push(calibration);
    rows.forEach((r, i) => {
      if (i % folds !== fold) return;
      const sure = r.signals !== null && statuteCertainty(r.signals, calibration) >= calibration.threshold;
      out[i] = { answered: sure || r.otherAnswer, firstRight: sure ? r.signalRight : r.firstRight, top3Right: r.top3Right };
    });
  }
  return { rows: out, calibrations };
}

export interface StardAnswerScores {
  questions: number;
  /** Share of questions given a single answer. */
  answered: number;
  /** Of the answers given, the share whose first article is gold. */
  answersRight: number;
  /** Share of all questions with a gold article among the first three shown. */
  top3: number;
}

export function scoreStardAnswers(rows: { answered: boolean; firstRight: boolean; top3Right: boolean }[]): StardAnswerScores {
  const n = rows.length || 1;
  const given = rows.filter((r) => r.answered);
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  return {
    questions: rows.length,
    answered: r3(given.length / n),
    answersRight: r3(given.filter((r) => r.firstRight).length / (given.length || 1)),
    top3: r3(rows.filter((r) => r.top3Right).length / n),
  };
}
