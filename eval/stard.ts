// Scoring statute retrieval on STARD-format questions: each question has gold
// articles (law title, article number, file); a retrieved passage is a hit for
// a gold item when it is that article of that file. Recall@k is the share of a
// question's gold articles in its top k, averaged over questions; MRR@10 the
// mean reciprocal rank of the first hit in the top 10.
import { articleLookup } from '../src/ingest/build.js';
import { resolveKnownQuestions } from '../src/ingest/known-questions.js';
import type { QaService } from '../src/service.js';

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
