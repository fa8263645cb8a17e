// Answer quality gate: the evaluation harness on ../shared/eval/seed-dev.jsonl
// and on the team's own held-out questions must meet issue #3's targets.
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
const HOLDOUT = new URL('../../eval/fixtures/eval-holdout.jsonl', import.meta.url);
const BLIND = new URL('../../eval/fixtures/eval-blind.jsonl', import.meta.url);

let dir: string;
let service: QaService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-eval-'));
  const kbPath = join(dir, 'kb.sqlite');
  await runIngest({ inputs: [new URL('../../corpus', import.meta.url).pathname], kbPath });
  service = loadService(kbPath, DEFAULT_SETTINGS);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectTargets(file: URL) {
  const summary = evaluate(service, parseEvalFile(readFileSync(file, 'utf8')));
  const report = formatSummary(summary);
  const o = summary.overall;
  expect(o.hitAt1, report).toBeGreaterThanOrEqual(0.95);
  expect(o.hitAt3, report).toBe(1);
  expect(o.answerHit, report).toBeGreaterThanOrEqual(0.9);
  expect(o.noAnswerAccuracy, report).toBe(1);
  expect(o.falseRefusals, report).toBeLessThanOrEqual(0.05);
}

describe('evaluation targets (issue #3)', () => {
  it('seed-dev meets hit@1 ≥ 0.95, hit@3 = 1, answer hit ≥ 0.9, every no-answer refused', () => expectTargets(SEED_DEV));
  it('the held-out questions meet the same targets', () => expectTargets(HOLDOUT));
  it('the blind questions (written without seeing the code) meet the same targets', () => expectTargets(BLIND));
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
