// Known questions on real text: STARD questions (../shared/stard/train.jsonl)
// with their gold articles, ingested beside the Civil Code and the social-law
// statutes. Covers parsing with bad lines, resolution to passages (the Civil
// Code's books share one title), persistence in the knowledge-base file, and
// the ranking effect on a question the index has not seen.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest, type IngestReport } from '../../src/adapters/node/ingest.js';
import { openKnowledgeBaseFile } from '../../src/adapters/node/kb-file.js';
import { loadService } from '../../src/adapters/node/load.js';
import { KnownQuestionIndex } from '../../src/search/known-questions.js';
import { parseKnownQuestions } from '../../src/ingest/known-questions.js';
import { DEFAULT_RANKING, rankPassages } from '../../src/search/search.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { isGoldArticle, parseStardFile, type StardQuestion } from '../../eval/stard.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const stard = parseStardFile(readFileSync(join(SHARED, 'stard/train.jsonl'), 'utf8'));
const byId = (id: number) => stard.find((q) => q.id === id)!;
// Four questions about who is an employee (劳动合同法 第七条); 370 stays unseen.
const SAME_ARTICLE = [368, 369, 371, 372].map(byId);
const UNSEEN = byId(370);
// A Civil Code question: the reference names only the shared title 中华人民共和国民法典.
const CIVIL = stard.find((q) => q.gold.length === 1 && q.gold[0].file === '民法典/婚姻家庭编.md')!;
const inLaws = (q: StardQuestion) => q.gold.every((g) => g.file.startsWith('民法典/') || g.file.startsWith('社会法/'));

describe('parseKnownQuestions', () => {
  it('keeps good lines and reports bad ones by line number', () => {
    const text = [
      JSON.stringify({ question: '外卖骑手是劳动关系吗', gold: [{ law: '中华人民共和国劳动合同法', article: '第七条' }] }),
      '{not json',
      JSON.stringify({ question: '没有出处' }),
      '',
      JSON.stringify({ question: '出处缺条号', gold: [{ law: '中华人民共和国劳动合同法' }] }),
    ].join('\n');
    const { questions, problems } = parseKnownQuestions(text, 'q.jsonl');
    expect(questions).toEqual([{ question: '外卖骑手是劳动关系吗', gold: [{ law: '中华人民共和国劳动合同法', article: '第七条', file: undefined }] }]);
    expect(problems).toEqual([
      'known questions: q.jsonl line 2 is not JSON',
      'known questions: q.jsonl line 3 needs "question" and a non-empty "gold" list',
      'known questions: q.jsonl line 5 has a gold item without "law" and "article"',
    ]);
  });
});

describe('KnownQuestionIndex', () => {
  const features = [new Map([['离婚', 1], ['财产', 1]]), new Map([['劳动', 1], ['关系', 1]]), new Map([['离婚', 1], ['孩子', 1]])];
  const index = new KnownQuestionIndex(
    [
      { question: 'a', passages: [10] },
      { question: 'b', passages: [20] },
      { question: 'c', passages: [11] },
    ],
    features,
  );
  it('finds the identical question first with similarity 1, and nothing for unrelated words', () => {
    const near = index.nearest(new Map([['劳动', 1], ['关系', 1]]));
    expect(near[0]).toEqual({ question: 1, similarity: expect.closeTo(1, 6) });
    expect(near).toHaveLength(1);
    expect(index.nearest(new Map([['税款', 1]]))).toEqual([]);
  });
  it('votes for the neighbours’ passages, the articles beside them, and their documents', () => {
    // Passages 8–13 belong to document 0, 20 to document 1.
    const passageDoc = Uint32Array.from({ length: 25 }, (_, i) => (i < 14 ? 0 : 1));
    const evidence = index.evidence(new Map([['离婚', 1]]), passageDoc)!;
    expect(evidence.passages!.get(10)).toBeCloseTo(index.options.passageWeight);
    expect(evidence.passages!.get(11)).toBeCloseTo(index.options.passageWeight);
    // 12 is one article after 11 and two after 10: a share of a vote, less than a direct one.
    expect(evidence.passages!.get(12)).toBeGreaterThan(0);
    expect(evidence.passages!.get(12)).toBeLessThan(index.options.passageWeight);
    expect(evidence.passages!.has(14)).toBe(false); // another document
    expect(evidence.documents!.get(0)).toBeCloseTo(index.options.documentWeight);
    expect(evidence.documents!.has(1)).toBe(false);
  });
});

describe('known questions ingested with statutes', () => {
  let dir: string;
  let kbPath: string;
  let report: IngestReport;
  let service: QaService;
  let knownLines: StardQuestion[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-known-'));
    kbPath = join(dir, 'kb.sqlite');
    knownLines = [
      ...SAME_ARTICLE,
      { ...CIVIL, gold: CIVIL.gold.map(({ law, article }) => ({ law, article, file: '' })) },
      ...stard.filter((q) => q.id !== UNSEEN.id && inLaws(q)).slice(0, 200),
    ];
    const lines = knownLines.map((q) => JSON.stringify(q.id === CIVIL.id ? { ...q, gold: CIVIL.gold.map(({ law, article }) => ({ law, article })) } : q));
    lines.push(JSON.stringify({ question: '不存在的条文', gold: [{ law: '中华人民共和国民法典', article: '第九千条' }] }));
    lines.push('{broken');
    const questions = join(dir, 'known.jsonl');
    writeFileSync(questions, lines.join('\n'));
    report = await runIngest({ inputs: [CORPUS_DIR, join(SHARED, 'stard/laws/民法典'), join(SHARED, 'stard/laws/社会法')], kbPath, questions: [questions] });
    service = loadService(kbPath, DEFAULT_SETTINGS);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves references to passages and reports what it cannot', () => {
    expect(report.knownQuestions).toBeGreaterThanOrEqual(200);
    expect(report.questionProblems).toContain('known questions: no passage for 《中华人民共和国民法典》第九千条 (question "不存在的条文")');
    expect(report.questionProblems.some((p) => p.includes('is not JSON'))).toBe(true);
  });

  it('stores them in the knowledge-base file, pointing at the cited article — across the Civil Code’s books', () => {
    const store = openKnowledgeBaseFile(kbPath);
    try {
      const known = store.knownQuestions();
      expect(known.length).toBe(report.knownQuestions);
      const employee = known.find((k) => k.question === SAME_ARTICLE[0].question)!;
      const p = store.passage(employee.passages[0]);
      expect(p.article).toBe('第七条');
      expect(store.documents[p.docOrd].title).toBe('中华人民共和国劳动合同法');
      // Segmented at ingest, so loading the index segments nothing: the question's words and bigrams.
      const features = new Map(employee.features);
      expect(features.get('农民工')).toBe(1);
      expect(features.get('劳动')).toBe(1);
      expect(features.get('#施工')).toBe(0.5);
      // A Civil Code reference names only the title; the article is found in whichever book holds it.
      const civilKnown = known.find((k) => k.question === CIVIL.question)!;
      const cp = store.passage(civilKnown.passages[0]);
      expect(cp.article).toBe(CIVIL.gold[0].article);
      expect(store.documents[cp.docOrd].path).toMatch(/民法典\/婚姻家庭编\.md$/);
    } finally {
      store.close();
    }
  });

  it('ranks the article that answered similar questions higher for a question it has not seen', () => {
    const rankOf = (s: QaService) =>
      s.search(UNSEEN.question, 100).results.findIndex((r) => r.article === '第七条' && r.title === '中华人民共和国劳动合同法');
    const without = rankOf(service.withKnownQuestions([]));
    const withKnown = rankOf(service);
    expect(withKnown).toBeGreaterThanOrEqual(0);
    expect(withKnown).toBeLessThan(3);
    expect(without === -1 || withKnown < without).toBe(true);
  });

  it('gives the strongest voted passages ranked below 80 the next places, in vote order; the head and the set stay the same', () => {
    const seen = new Set(knownLines.map((q) => q.id));
    const unseen = stard.filter((q) => inLaws(q) && !seen.has(q.id)).slice(0, 60);
    const kb = service.kb;
    const { after, count } = DEFAULT_RANKING.evidenceSlots;
    let moved = 0;
    for (const q of unseen) {
      const query = service.analyze(q.question);
      const evidence = service.evidenceFor(query)!;
      const votes = evidence.passages!;
      const fused = rankPassages(kb, query, {}, DEFAULT_RANKING, evidence).map((r) => r.ord);
      const plain = rankPassages(kb, query, {}, { ...DEFAULT_RANKING, evidenceSlots: { after, count: 0 } }, evidence).map((r) => r.ord);
      expect(fused.slice(0, after)).toEqual(plain.slice(0, after));
      expect([...fused].sort((x, y) => x - y)).toEqual([...plain].sort((x, y) => x - y));
      // The slots: voted passages the text ranking placed lower, strongest vote first; then the text ranking resumes.
      const slots = fused.slice(after).filter((ord, i) => i < count && votes.has(ord) && plain.indexOf(ord) > after + i);
      const lifted = plain.slice(after).filter((ord) => votes.has(ord)).sort((x, y) => votes.get(y)! - votes.get(x)! || x - y).slice(0, count);
      expect(fused.slice(after, after + lifted.length)).toEqual(lifted);
      moved += slots.length;
    }
    expect(moved).toBeGreaterThan(0); // on the whole statute corpus this lifts R@100 by 0.03 (tests/stard.test.ts)
  });

  it('leaves the report’s answers alone: a report question still cites the report', () => {
    const answer = service.ask('2021年市政府办结了多少件行政复议申请？');
    expect(answer.answer).toContain('108件');
  });
});
