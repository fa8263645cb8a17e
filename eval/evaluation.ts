// Scoring the system against question sets in the format of
// ../shared/eval/README.md: citation hit@k, answer hit (with the conciseness
// limits), no-answer accuracy and false refusals, overall and per kind.
import { compactForm } from '../src/text/normalize.js';

export interface EvalItem {
  id: string;
  question: string;
  /** Verbatim snippet inside the gold paragraph; "" for no_answer. */
  passage: string;
  /** Strings a correct answer must all contain; [] for no_answer. */
  answer: string[];
  kind: string;
}

export interface SystemOutput {
  answer: string | null;
  /** Cited paragraph texts, best first. */
  citations: string[];
  latencyMs: number;
}

export interface EvalOutcome {
  item: EvalItem;
  output: SystemOutput;
  answerable: boolean;
  hitAt1: boolean;
  hitAt3: boolean;
  answerHit: boolean;
  /** For no_answer items: the system said it has no answer. */
  refused: boolean;
  correct: boolean;
}

/** Kinds whose answers must be at most 120 normalised characters; others 300. */
const SHORT_KINDS = new Set(['number', 'date', 'fact', 'traditional', 'typo']);

export function answerLimit(kind: string): number {
  return SHORT_KINDS.has(kind) ? 120 : 300;
}

export function parseEvalFile(text: string): EvalItem[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line)
    .map(([line, n]) => {
      let item: EvalItem;
      try {
        item = JSON.parse(line) as EvalItem;
      } catch {
        throw new Error(`eval: line ${n} is not valid JSON`);
      }
      if (typeof item.question !== 'string' || !Array.isArray(item.answer) || typeof item.kind !== 'string') {
        throw new Error(`eval: line ${n} lacks question, answer or kind`);
      }
      item.passage ??= '';
      return item;
    });
}

export function scoreItem(item: EvalItem, output: SystemOutput): EvalOutcome {
  const answerable = item.kind !== 'no_answer';
  const gold = compactForm(item.passage);
  const cites = output.citations.map(compactForm);
  const hitAt = (k: number) => answerable && cites.slice(0, k).some((c) => c.includes(gold));
  const answerText = output.answer === null ? null : compactForm(output.answer);
  const answerHit =
    answerable &&
    answerText !== null &&
    item.answer.every((a) => answerText.includes(compactForm(a))) &&
    answerText.length <= answerLimit(item.kind);
  const refused = output.answer === null;
  return {
    item,
    output,
    answerable,
    hitAt1: hitAt(1),
    hitAt3: hitAt(3),
    answerHit,
    refused,
    correct: answerable ? answerHit : refused,
  };
}

export interface Rates {
  items: number;
  answerable: number;
  accuracy: number;
  hitAt1: number | null;
  hitAt3: number | null;
  answerHit: number | null;
  /** no_answer items correctly refused / no_answer items. */
  noAnswerAccuracy: number | null;
  /** Answerable items refused / answerable items. */
  falseRefusals: number | null;
}

export interface EvalSummary {
  overall: Rates;
  byKind: Record<string, Rates>;
  latency: { medianMs: number; p95Ms: number };
  misses: EvalOutcome[];
}

function rate(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 1000) / 1000;
}

function rates(outcomes: EvalOutcome[]): Rates {
  const answerable = outcomes.filter((o) => o.answerable);
  const unanswerable = outcomes.filter((o) => !o.answerable);
  return {
    items: outcomes.length,
    answerable: answerable.length,
    accuracy: rate(outcomes.filter((o) => o.correct).length, outcomes.length) ?? 0,
    hitAt1: rate(answerable.filter((o) => o.hitAt1).length, answerable.length),
    hitAt3: rate(answerable.filter((o) => o.hitAt3).length, answerable.length),
    answerHit: rate(answerable.filter((o) => o.answerHit).length, answerable.length),
    noAnswerAccuracy: rate(unanswerable.filter((o) => o.refused).length, unanswerable.length),
    falseRefusals: rate(answerable.filter((o) => o.refused).length, answerable.length),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export function summarize(outcomes: EvalOutcome[]): EvalSummary {
  const kinds = [...new Set(outcomes.map((o) => o.item.kind))].sort();
  const latencies = outcomes.map((o) => o.output.latencyMs);
  return {
    overall: rates(outcomes),
    byKind: Object.fromEntries(kinds.map((k) => [k, rates(outcomes.filter((o) => o.item.kind === k))])),
    latency: {
      medianMs: Math.round(percentile(latencies, 50) * 100) / 100,
      p95Ms: Math.round(percentile(latencies, 95) * 100) / 100,
    },
    misses: outcomes.filter((o) => !o.correct || (o.answerable && !o.hitAt1)),
  };
}

const fmt = (v: number | null) => (v === null ? '   –  ' : v.toFixed(3).padStart(6));

/** A readable table: overall and per kind, then every miss with what was cited and what was expected. */
export function formatSummary(summary: EvalSummary): string {
  const rows: string[] = [];
  const header = `${'kind'.padEnd(12)} ${'n'.padStart(3)}  ${'acc'.padStart(6)} ${'hit@1'.padStart(6)} ${'hit@3'.padStart(6)} ${'ans'.padStart(6)} ${'no-ans'.padStart(6)} ${'f.ref'.padStart(6)}`;
  rows.push(header, '-'.repeat(header.length));
  const line = (name: string, r: Rates) =>
    `${name.padEnd(12)} ${String(r.items).padStart(3)}  ${fmt(r.accuracy)} ${fmt(r.hitAt1)} ${fmt(r.hitAt3)} ${fmt(r.answerHit)} ${fmt(r.noAnswerAccuracy)} ${fmt(r.falseRefusals)}`;
  for (const [kind, r] of Object.entries(summary.byKind)) rows.push(line(kind, r));
  rows.push('-'.repeat(header.length), line('overall', summary.overall));
  rows.push('', `latency: median ${summary.latency.medianMs} ms, p95 ${summary.latency.p95Ms} ms`);
  if (summary.misses.length) {
    rows.push('', `misses (${summary.misses.length}):`);
    for (const m of summary.misses) {
      const what = m.answerable
        ? [!m.hitAt1 && (m.hitAt3 ? 'cited 2nd/3rd' : 'not cited in top 3'), !m.answerHit && 'answer wrong'].filter(Boolean).join(', ')
        : 'answered a no-answer question';
      rows.push(`- ${m.item.id} [${m.item.kind}] ${m.item.question}`);
      rows.push(`    ${what}`);
      rows.push(`    answer:   ${m.output.answer ?? 'null'}`);
      if (m.answerable) rows.push(`    expected: ${m.item.answer.join(' / ')} in a paragraph containing “${m.item.passage}”`);
      rows.push(`    cited #1: ${(m.output.citations[0] ?? '(none)').slice(0, 80)}`);
    }
  }
  return rows.join('\n');
}
