// Training examples for the rerank model (src/search/rerank.ts): each question
// ranked as search ranks it, with known questions from the other folds only (a
// question never votes for itself), and its first candidates' features
// labelled by whether their article is a gold one.
import type { QaService } from '../src/service.js';
import { DEFAULT_RANKING, rankPassages } from '../src/search/search.js';
import { rerankFeatures, type RerankExample } from '../src/search/rerank.js';
import { articleLookup } from '../src/ingest/build.js';
import { resolveKnownQuestions } from '../src/ingest/known-questions.js';
import { isGoldArticle, type StardQuestion } from '../eval/stard.js';

export function rerankExamples(service: QaService, questions: StardQuestion[], folds: number, top: number): RerankExample[] {
  const kb = service.kb;
  const lookup = articleLookup(kb.documents(), kb.passageCount, (ord) => kb.passage(ord));
  const examples: RerankExample[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const known = resolveKnownQuestions(
      questions.filter((_, i) => i % folds !== fold),
      lookup,
    ).questions;
    const learner = service.withKnownQuestions(known);
    questions.forEach((q, i) => {
      if (i % folds !== fold) return;
      const query = learner.analyze(q.question);
      const evidence = learner.evidenceFor(query);
      rankPassages(kb, query, {}, { ...DEFAULT_RANKING, rerank: null }, evidence, (ranked, candidates) => {
        const gold = ranked.slice(0, top).map((r) => {
          const path = kb.summary(r.passage.docId)?.path ?? '';
          return q.gold.some((g) => isGoldArticle({ path, article: r.passage.article }, g));
        });
        examples.push({ features: rerankFeatures(candidates, top, evidence?.nearest ?? 0), gold });
      });
    });
  }
  return examples;
}
