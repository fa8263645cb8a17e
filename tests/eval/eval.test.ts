// Answer quality gates: the evaluation harness on ../shared/eval (seed-dev, provincial-dev)
// and on the team's own fixtures, on the bundled report alone and on the whole library.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { evaluate } from '../../eval/run-eval.js';
import { formatSummary, parseEvalFile, scoreItem } from '../../eval/evaluation.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

const SEED_DEV = new URL('../../../shared/eval/seed-dev.jsonl', import.meta.url);
const PROVINCIAL_DEV = new URL('../../../shared/eval/provincial-dev.jsonl', import.meta.url);
const PROVINCIAL_REPORTS = new URL('../../../shared/reports/provincial-2026', import.meta.url);
const HOLDOUT = new URL('../../eval/fixtures/eval-holdout.jsonl', import.meta.url);
const BLIND = new URL('../../eval/fixtures/eval-blind.jsonl', import.meta.url);
const PROVINCIAL_BLIND = new URL('../../eval/fixtures/provincial-blind.jsonl', import.meta.url);

let dir: string;
let bundled: QaService;
let library: QaService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-eval-'));
  const corpus = new URL('../../corpus', import.meta.url).pathname;
  await runIngest({ inputs: [corpus], kbPath: join(dir, 'bundled.sqlite') });
  await runIngest({ inputs: [corpus, PROVINCIAL_REPORTS.pathname], kbPath: join(dir, 'library.sqlite') });
  bundled = loadService(join(dir, 'bundled.sqlite'), DEFAULT_SETTINGS);
  library = loadService(join(dir, 'library.sqlite'), DEFAULT_SETTINGS);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Floors on aggregates, each a margin below what was measured (in the comment), so that a
 * change that generalises better but loses one question can still land; never a demand on one
 * question. The margins are about two questions of the set.
 */
interface Floors {
  hitAt1?: number;
  hitAt3?: number;
  answerHit?: number;
  noAnswer?: number;
  maxFalseRefusals?: number;
}

function expectFloors(service: QaService, file: URL, floors: Floors) {
  const summary = evaluate(service, parseEvalFile(readFileSync(file, 'utf8')));
  const report = formatSummary(summary);
  const o = summary.overall;
  if (floors.hitAt1 !== undefined) expect(o.hitAt1, report).toBeGreaterThanOrEqual(floors.hitAt1);
  if (floors.hitAt3 !== undefined) expect(o.hitAt3, report).toBeGreaterThanOrEqual(floors.hitAt3);
  if (floors.answerHit !== undefined) expect(o.answerHit, report).toBeGreaterThanOrEqual(floors.answerHit);
  if (floors.noAnswer !== undefined) expect(o.noAnswerAccuracy, report).toBeGreaterThanOrEqual(floors.noAnswer);
  if (floors.maxFalseRefusals !== undefined) expect(o.falseRefusals, report).toBeLessThanOrEqual(floors.maxFalseRefusals);
}

describe('answer quality floors (issue #15)', () => {
  // Measured 2026-12-06: hit@1 1.000, hit@3 1.000, answer 0.964, no-answer 1.000.
  it('seed-dev on the bundled report', () => expectFloors(bundled, SEED_DEV, { hitAt3: 0.93, answerHit: 0.9, noAnswer: 0.5 }));
  // Measured: answer 0.964, hit@1 0.964.
  it('seed-dev on the whole library (bundled report + 31 provincial reports)', () =>
    expectFloors(library, SEED_DEV, { hitAt3: 0.9, answerHit: 0.9 }));
  // Measured: hit@1 1.000, answer 1.000, no-answer 1.000.
  it('the team’s held-out questions on the bundled report', () =>
    expectFloors(bundled, HOLDOUT, { hitAt3: 0.93, answerHit: 0.9, noAnswer: 0.8 }));
  // Measured: hit@1 0.976, answer 0.905, no-answer 1.000, false refusals 0.048.
  it('the blind questions on the bundled report', () =>
    expectFloors(bundled, BLIND, { hitAt3: 0.93, answerHit: 0.85, noAnswer: 0.8, maxFalseRefusals: 0.1 }));
  // Measured: hit@1 0.974, hit@3 0.974, answer 0.895, no-answer 1.000, false refusals 0.053.
  it('provincial-dev on the whole library', () =>
    expectFloors(library, PROVINCIAL_DEV, { hitAt1: 0.9, answerHit: 0.83, noAnswer: 0.75, maxFalseRefusals: 0.1 }));
  // Measured: hit@1 0.907, hit@3 0.977, answer 0.884, no-answer 1.000, false refusals 0.023.
  it('the blind provincial questions on the whole library', () =>
    expectFloors(library, PROVINCIAL_BLIND, { hitAt1: 0.85, answerHit: 0.82, noAnswer: 0.8, maxFalseRefusals: 0.08 }));
});

describe('scoring rules (shared README)', () => {
  const item = { id: 'x', question: 'q', passage: '纠错率达29.6%', answer: ['108件', '29.6%'], kind: 'number' };
  it('hits when the normalised gold passage is inside a cited paragraph, full-width or Traditional', () => {
    const o = scoreItem(item, { answer: '辦結１０８件，糾錯率達２９．６％', citations: ['其他', '市政府办结行政复议申请108件,纠错率达29.6%'], latencyMs: 1 });
    expect(o.hitAt1).toBe(false);
    expect(o.hitAt3).toBe(true);
    expect(o.answerHit).toBe(true);
  });
  it('an answer over the length limit is not a hit, nor is a null answer', () => {
    expect(scoreItem(item, { answer: '108件 29.6%' + '很长'.repeat(60), citations: [], latencyMs: 1 }).answerHit).toBe(false);
    expect(scoreItem(item, { answer: null, citations: [], latencyMs: 1 }).answerHit).toBe(false);
  });
  it('a no_answer item is correct only when refused', () => {
    const na = { id: 'n', question: 'q', passage: '', answer: [], kind: 'no_answer' };
    expect(scoreItem(na, { answer: null, citations: ['x'], latencyMs: 1 }).correct).toBe(true);
    expect(scoreItem(na, { answer: '108件', citations: ['x'], latencyMs: 1 }).correct).toBe(false);
  });
});
