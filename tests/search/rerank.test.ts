// The learned rerank of the head (src/search/rerank.ts): its features, its
// fit on a toy problem, and on real statutes (three labour laws from
// ../shared/stard/laws, with known questions written for this test) that it
// only reorders the head when known questions inform the ranking, and leaves
// a ranking without them exactly as it was.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { DEFAULT_RANKING, rankPassages } from '../../src/search/search.js';
import {
  fitRerank,
  rerankFeatures,
  rerankOrder,
  RERANK_FEATURES,
  STATUTE_RERANK,
  type RerankCandidate,
  type RerankExample,
} from '../../src/search/rerank.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

const LAWS = fileURLToPath(new URL('../../../shared/stard/laws/社会法/', import.meta.url));

const candidate = (over: Partial<RerankCandidate> = {}): RerankCandidate => ({
  score: 1,
  bm25: 1,
  coverage: 0.5,
  bigrams: 0.5,
  vote: 0,
  documentVote: 0,
  doc: 0,
  length: 100,
  citedBy: 0,
  ...over,
});

describe('rerankFeatures', () => {
  it('gives one vector per head candidate, in RERANK_FEATURES order', () => {
    const list = [candidate({ score: 2, doc: 0 }), candidate({ score: 1.5, doc: 1, vote: 0.5 }), candidate({ score: 1, doc: 0, vote: 1 })];
    const f = rerankFeatures(list, 2, 0.8);
    expect(f).toHaveLength(2);
    expect(f[0]).toHaveLength(RERANK_FEATURES.length);
    const at = (name: (typeof RERANK_FEATURES)[number]) => RERANK_FEATURES.indexOf(name);
    expect(f[1][at('gap to first')]).toBeCloseTo(-0.5);
    expect(f[1][at('ln(1 + rank)')]).toBeCloseTo(Math.log(2));
    // The strongest vote is counted within the head only (the third candidate's 1 is outside).
    expect(f[1][at('vote ÷ strongest in head')]).toBeCloseTo(1);
    expect(f[1][at('voted')]).toBe(1);
    expect(f[0][at('voted')]).toBe(0);
    expect(f[1][at('nearest × vote')]).toBeCloseTo(0.4);
    // Law share over the whole list: document 0 holds places 1 and 3 (1 + 1/3), document 1 place 2 (1/2).
    expect(f[0][at('law share of head')]).toBeCloseTo(1);
    expect(f[1][at('law share of head')]).toBeCloseTo(0.5 / (1 + 1 / 3));
  });
});

describe('fitRerank', () => {
  it('learns which feature marks the right candidate, and rerankOrder puts it first', () => {
    // Toy lists: the right candidate has the most bigram overlap but never the best score.
    const examples: RerankExample[] = [];
    for (let q = 0; q < 40; q++) {
      const list = Array.from({ length: 6 }, (_, k) => candidate({ score: 2 - k * 0.1, bigrams: ((k * 7 + q) % 5) / 10 }));
      const right = 1 + (q % 5);
      list[right].bigrams = 0.9;
      examples.push({ features: rerankFeatures(list, 6, 0), gold: list.map((_, k) => k === right) });
    }
    const weights = fitRerank(examples);
    expect(weights).toHaveLength(RERANK_FEATURES.length);
    expect(weights[RERANK_FEATURES.indexOf('bigrams')]).toBeGreaterThan(0);
    const test = [candidate({ score: 2, bigrams: 0.2 }), candidate({ score: 1.9, bigrams: 0.1 }), candidate({ score: 1.8, bigrams: 0.9 })];
    expect(rerankOrder({ top: 3, weights }, test, 0)[0]).toBe(2);
  });

  it('keeps the original order on ties and reorders only the first `top`', () => {
    const list = [candidate(), candidate(), candidate(), candidate()];
    expect(rerankOrder({ top: 3, weights: new Array(RERANK_FEATURES.length).fill(0) }, list, 0)).toEqual([0, 1, 2]);
  });

  it('ships one weight per feature', () => {
    expect(STATUTE_RERANK.weights).toHaveLength(RERANK_FEATURES.length);
    expect(DEFAULT_RANKING.rerank).toBe(STATUTE_RERANK);
  });
});

describe('reranking statutes with known questions', () => {
  let dir: string;
  let service: QaService;
  // Written for this test: how people ask about the Labour Contract Law's articles.
  const known = [
    { question: '公司一直不跟我签劳动合同，我能要求双倍工资吗', article: '第八十二条' },
    { question: '入职半年了老板还没签合同，要赔钱吗', article: '第八十二条' },
    { question: '干了三年被辞退，补偿金怎么算', article: '第四十七条' },
    { question: '被公司裁员了能拿几个月工资的补偿', article: '第四十七条' },
    { question: '签一年合同试用期最长可以定多久', article: '第十九条' },
    { question: '试用期能约定半年吗', article: '第十九条' },
    { question: '老板拖欠工资不发怎么办', article: '第三十条' },
    { question: '公司不交社保我能辞职吗', article: '第三十八条' },
  ];
  const unseen = ['上班两个月了公司还不签合同，可以主张双倍工资吗', '做了五年被辞退了能拿多少补偿', '三年的合同试用期可以多长'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-rerank-'));
    const laws = join(dir, '社会法');
    mkdirSync(laws);
    for (const file of ['劳动合同法(2012-12-28).md', '劳动法(2018-12-29).md', '社会保险法(2018-12-29).md']) copyFileSync(join(LAWS, file), join(laws, file));
    const questions = join(dir, 'known.jsonl');
    writeFileSync(questions, known.map((k) => JSON.stringify({ question: k.question, gold: [{ law: '中华人民共和国劳动合同法', article: k.article }] })).join('\n'));
    await runIngest({ inputs: [laws], kbPath: join(dir, 'kb.sqlite'), questions: [questions] });
    service = loadService(join(dir, 'kb.sqlite'), DEFAULT_SETTINGS);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without known questions ranks exactly as the combined score does', () => {
    const plain = service.withKnownQuestions([]);
    for (const q of unseen) {
      const query = plain.analyze(q);
      expect(plain.evidenceFor(query)).toBeUndefined();
      const shipped = rankPassages(plain.kb, query, {}, DEFAULT_RANKING).map((r) => r.ord);
      const none = rankPassages(plain.kb, query, {}, { ...DEFAULT_RANKING, rerank: null }).map((r) => r.ord);
      expect(shipped).toEqual(none);
    }
  });

  it('with them reorders only the head, shows inspect the signals, and finds the asked article first', () => {
    const kb = service.kb;
    for (const q of unseen) {
      const query = service.analyze(q);
      const evidence = service.evidenceFor(query)!;
      expect(evidence.passages!.size).toBeGreaterThan(0);
      let seen = 0;
      const plain = rankPassages(kb, query, {}, { ...DEFAULT_RANKING, rerank: null }, evidence, (ranked, candidates) => {
        seen = candidates.length;
        expect(candidates.length).toBe(ranked.length);
        for (const c of candidates) expect(c.vote).toBeGreaterThanOrEqual(0), expect(c.vote).toBeLessThanOrEqual(1);
      }).map((r) => r.ord);
      expect(seen).toBeGreaterThan(0);
      const reranked = rankPassages(kb, query, {}, DEFAULT_RANKING, evidence).map((r) => r.ord);
      const top = STATUTE_RERANK.top;
      expect([...reranked.slice(0, top)].sort((a, b) => a - b)).toEqual([...plain.slice(0, top)].sort((a, b) => a - b));
      expect(reranked.slice(top)).toEqual(plain.slice(top));
    }
    const first = (q: string) => service.search(q, 3).results[0];
    expect(first(unseen[0])).toMatchObject({ title: '中华人民共和国劳动合同法', article: '第八十二条' });
    expect(first(unseen[1])).toMatchObject({ title: '中华人民共和国劳动合同法', article: '第四十七条' });
    expect(first(unseen[2])).toMatchObject({ title: '中华人民共和国劳动合同法', article: '第十九条' });
  });
});
