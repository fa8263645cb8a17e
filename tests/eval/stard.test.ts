// Statute retrieval on STARD: the scoring rules on hand-made cases, and a
// regression gate on the real questions (../shared/stard/train.jsonl) over the
// bundled report plus all statutes. The gate guards what has been reached
// (see README, "Statute retrieval"); issue #4's targets are above it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { evaluate } from '../../eval/run-eval.js';
import { parseEvalFile } from '../../eval/evaluation.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { crossValidateStard, evaluateStard, isGoldArticle, parseStardFile, scoreStard } from '../../eval/stard.js';
import type { QaService } from '../../src/service.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

describe('STARD scoring rules', () => {
  const gold = { law: '中华人民共和国民法典', article: '第五十四条', file: '民法典/总则.md' };
  it('matches an article by its file path ending and article number', () => {
    expect(isGoldArticle({ path: '../shared/stard/laws/民法典/总则.md', article: '第五十四条' }, gold)).toBe(true);
    expect(isGoldArticle({ path: 'laws/民法典/总则.md', article: '第五十五条' }, gold)).toBe(false);
    expect(isGoldArticle({ path: 'x/民法典/物权编.md', article: '第五十四条' }, gold)).toBe(false);
    expect(isGoldArticle({ path: 'x/other民法典/总则.md', article: '第五十四条' }, gold)).toBe(false);
  });
  it('averages per-question recall and the reciprocal rank of the first hit', () => {
    const other = { law: 'x', article: '第一条', file: 'a.md' };
    const s = scoreStard([
      { gold: [gold, other], results: [{ path: 'z.md', article: '第一条' }, { path: 'l/民法典/总则.md', article: '第五十四条' }] },
      { gold: [other], results: [] },
    ]);
    expect(s.recall[1]).toBe(0);
    expect(s.recall[5]).toBe(0.25); // (1/2 + 0) / 2
    expect(s.mrr10).toBe(0.25); // (1/2 + 0) / 2
  });
});

describe('statutes at scale (regression gate)', () => {
  let dir: string;
  let service: QaService;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-stard-'));
    const kbPath = join(dir, 'kb.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, join(SHARED, 'stard/laws')], kbPath });
    service = loadService(kbPath, DEFAULT_SETTINGS);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const questions = parseStardFile(readFileSync(join(SHARED, 'stard/train.jsonl'), 'utf8'));

  it('retrieves the gold articles of the STARD questions from the text alone at least as well as measured', () => {
    const s = evaluateStard(service, questions);
    expect(s.recall[10]).toBeGreaterThanOrEqual(0.52);
    expect(s.recall[100]).toBeGreaterThanOrEqual(0.75);
    expect(s.mrr10).toBeGreaterThanOrEqual(0.43);
  }, 120_000);

  it('learning from known questions, 5-fold cross-validated: issue #4’s R@10, R@100 and MRR@10 on unseen questions', () => {
    const s = crossValidateStard(service, questions, 5);
    expect(s.questions).toBe(questions.length);
    expect(s.recall[10]).toBeGreaterThanOrEqual(0.6);
    expect(s.mrr10).toBeGreaterThanOrEqual(0.48);
    // Measured 0.867 (0.837 without the evidence slots after rank 80; README, "Statute retrieval").
    expect(s.recall[100]).toBeGreaterThanOrEqual(0.85);
  }, 240_000);

  it('rejects a fold count that cannot cross-validate', () => {
    expect(() => crossValidateStard(service, questions, 1)).toThrow('stard: folds must be an integer ≥ 2, got 1');
  });

  it('keeps the report findable: seed questions hit@1 ≥ 0.9 with every statute in the knowledge base', () => {
    const summary = evaluate(service, parseEvalFile(readFileSync(join(SHARED, 'eval/seed-dev.jsonl'), 'utf8')));
    // A floor with tolerance, not the last measurement: 0.893 (2026-12-06), after the vocabulary fitted to
    // seed-dev was removed (three colloquial questions now find a statute first).
    expect(summary.overall.hitAt1).toBeGreaterThanOrEqual(0.85);
  });
});
