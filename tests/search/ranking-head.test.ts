// What makes an uncached answer cheap (issue #19) must not change it: the match form stored at ingest is the one
// serving used to compute, a single paragraph read is the paragraph, and a ranking whose head alone must be exact
// (exactHead, as answers ask for it) has the same head as reranking every candidate. On the bundled report plus
// real statutes (labour laws from ../shared/stard/laws), with questions written for this test.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { DEFAULT_RANKING, rankPassages } from '../../src/search/search.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';

const LAWS = fileURLToPath(new URL('../../../shared/stard/laws/社会法/', import.meta.url));
const QUESTIONS = [
  '公司一直拖着不发工资，我该找哪个部门？',
  '晚上加班的钱按什么标准给？',
  '试用期最长可以约定多久',
  '单位没签书面合同要赔偿吗',
  '阳江市去年办了多少行政复议案件',
  '法治政府建设下一步有什么打算？',
  '存在哪些不足',
  '工伤认定需要哪些材料',
];

describe('ranking from stored match forms, with only the head reranked', () => {
  let dir: string;
  let service: QaService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pq-head-'));
    const laws = join(dir, 'laws');
    mkdirSync(laws);
    for (const f of ['劳动合同法(2012-12-28).md', '劳动法(2018-12-29).md', '安全生产法(2021-06-10).md']) copyFileSync(join(LAWS, f), join(laws, f));
    const kbPath = join(dir, 'kb.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, laws], kbPath });
    service = loadService(kbPath, { ...DEFAULT_SETTINGS, ANSWER_CACHE_SIZE: 0 });
  }, 120_000);

  afterAll(() => {
    (service?.kb.store as { close?: () => void } | undefined)?.close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores each passage’s match form as serving would compute it, readable alone', () => {
    const { kb } = service;
    expect(kb.passageCount).toBeGreaterThan(200);
    for (let ord = 0; ord < kb.passageCount; ord++) {
      const p = kb.store.passage(ord);
      const expected = normalizeForMatch(p.heading.join(' ') + ' ' + p.text);
      expect(p.match).toBe(expected);
      expect(kb.store.passageMatch?.(ord)).toBe(expected);
      expect(kb.matchText(ord)).toBe(expected);
    }
  });

  it('reads one paragraph as the whole document has it', () => {
    const { store } = service.kb;
    for (const doc of store.documents) {
      const paragraphs = store.paragraphs(doc.ord);
      for (const p of paragraphs.filter((_, i) => i % 7 === 0)) expect(store.paragraphText?.(doc.ord, p.n)).toBe(p.text);
    }
    expect(store.paragraphText?.(0, 999_999)).toBeUndefined();
  });

  it('gives the same head as reranking every candidate, and keeps every candidate', () => {
    let pruned = 0;
    for (const question of QUESTIONS) {
      const query = service.analyze(question);
      const full = rankPassages(service.kb, query, {}, DEFAULT_RANKING);
      const fast = rankPassages(service.kb, query, {}, { ...DEFAULT_RANKING, exactHead: 5 });
      expect(full.length, question).toBeGreaterThan(5);
      const head = (list: typeof full) => list.slice(0, 5).map((r) => ({ ord: r.ord, score: r.score, matched: r.matched, coverage: r.coverage, id: r.passage.id }));
      expect(head(fast), question).toEqual(head(full));
      // The rest are there too (in BM25 order), each scored as the full ranking scores it when read.
      expect(new Set(fast.map((r) => r.ord)), question).toEqual(new Set(full.map((r) => r.ord)));
      const byOrd = new Map(full.map((r) => [r.ord, r]));
      for (const r of fast.slice(-3)) expect(r.score, question).toBe(byOrd.get(r.ord)!.score);
      // Candidates left out of the rerank follow in BM25 order, not the full ranking's.
      if (fast.some((r, i) => r.ord !== full[i].ord)) pruned++;
    }
    expect(pruned).toBeGreaterThan(0);
  });

  it('answers as before: the answer path asks for the exact head only', () => {
    for (const question of QUESTIONS) {
      const answer = service.ask(question);
      expect(answer.citations.length, question).toBeGreaterThan(0);
      const query = service.analyze(question);
      const full = rankPassages(service.kb, query, query.scope?.keep && query.scope.covered.length ? { documents: query.scope.keep, preferred: query.scope.own } : {}, DEFAULT_RANKING);
      // The cited passages are among the best five of the full ranking (the answer's own may be any of them).
      const top = new Set(full.slice(0, 5).map((r) => r.passage.id));
      expect(top.has(answer.citations[0].id), question).toBe(true);
    }
  });
});
