// Running an evaluation on Node: the same QaService.ask as /api/ask, timed per question.
import type { QaService } from '../src/service.js';
import { scoreItem, summarize, type EvalItem, type EvalSummary } from './evaluation.js';

export function evaluate(service: QaService, items: EvalItem[]): EvalSummary {
  const outcomes = items.map((item) => {
    const t0 = performance.now();
    const response = service.ask(item.question);
    const latencyMs = performance.now() - t0;
    return scoreItem(item, { answer: response.answer, citations: response.citations.map((c) => c.text), latencyMs });
  });
  return summarize(outcomes);
}
