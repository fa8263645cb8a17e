// 猜你想问 and 相关问题 on a real library (issue #17 item 4): the bundled 阳江 report, 广东's 2026 work report and
// statutes copied from ../shared/stard/laws — 民法典 books (with its 附则's 施行 clause), two 社会法 laws, a
// 批复, a 司法解释 and a decision made of amendment instructions (将第X条修改为：). Every suggestion is a
// question or a document to open: never a raw heading, a bare chapter heading or a 施行/修改 clause.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { headingPhrase, headingQuestion, isReportKind } from '../../src/search/question-forms.js';
import { relatedQuestions } from '../../src/search/related.js';
import { SuggestionIndex, type Suggestion } from '../../src/search/suggest.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';

const SHARED = join(import.meta.dirname, '../../../shared');
const LAWS = [
  '民法典/婚姻家庭编.md',
  '民法典/侵权责任编.md',
  '民法典/附则.md',
  '社会法/劳动合同法(2012-12-28).md',
  '社会法/社会保险法(2018-12-29).md',
  '司法解释/最高人民法院关于新民间借贷司法解释适用范围问题的批复.md',
  '司法解释/最高人民法院关于审理城镇房屋租赁合同纠纷案件具体应用法律若干问题的解释(2020-12-29).md',
  '司法解释/最高人民法院关于修改《最高人民法院关于破产企业国有划拨土地使用权应否列入破产财产等问题的批复》等二十九件商事类司法解释的决定.md',
];
const REPORT = '广东省-2026-政府工作报告.txt';
const PREFIXES = ['工伤', '劳动合同', '离婚', '房屋租赁', '营商环境', '行政复议', '施行', '一般规定', '总则', '附则', '批复', '修改', '责任'];

/** What never reads as a question to ask: effective dates, amendments, and headings every statute has. */
const NEVER = /施行|生效|废止|修改为|批复|删去/;
const STRUCTURAL = new Set(['总则', '附则', '一般规定', '法律责任', '基本规定', '其他规定', '监督管理']);

let dir: string;
let service: QaService;
let index: SuggestionIndex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-suggest-library-'));
  for (const f of LAWS) {
    mkdirSync(join(dir, 'laws', f.split('/')[0]), { recursive: true });
    cpSync(join(SHARED, 'stard/laws', f), join(dir, 'laws', f));
  }
  mkdirSync(join(dir, 'reports'));
  cpSync(join(SHARED, 'reports/provincial-2026', REPORT), join(dir, 'reports', REPORT));
  const kbPath = join(dir, 'kb.sqlite');
  await runIngest({ inputs: [CORPUS_DIR, join(dir, 'laws'), join(dir, 'reports')], kbPath, root: dir });
  service = loadService(kbPath, DEFAULT_SETTINGS);
  index = SuggestionIndex.fromKnowledgeBase(service.kb);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A suggestion fit to show: a question (ending in ？, no 施行/修改 clause, not a bare heading), or a title that opens its document. */
function expectQuestionOrDocument(s: Suggestion, headings: Set<string>): void {
  if (s.kind === 'title') {
    expect(s.docId, s.text).toBeTruthy();
    expect(service.kb.document(s.docId!)?.title).toBe(s.text);
    return;
  }
  expect(s.text.endsWith('？'), s.text).toBe(true);
  expect(s.text, s.text).not.toMatch(NEVER);
  expect(headings.has(s.text), s.text).toBe(false);
  expect(STRUCTURAL.has(s.text.replace(/？$/, '')), s.text).toBe(false);
}

describe('猜你想问 on a library of statutes and reports', () => {
  it('offers questions and documents for every prefix, never a raw heading or a 施行 clause', () => {
    const headings = new Set(service.kb.store.headingParagraphs().map((p) => headingPhrase(p.text)));
    for (const prefix of PREFIXES) {
      for (const s of index.suggest(prefix, 8)) expectQuestionOrDocument(s, headings);
    }
  });

  it('turns statute and report headings into questions that read naturally', () => {
    const texts = (prefix: string) => index.suggest(prefix, 8).map((s) => s.text);
    expect(texts('离婚')).toContain('《民法典》对离婚有哪些规定？');
    expect(texts('劳动合同').some((t) => /^《劳动合同法》对.+有哪些规定？$/.test(t))).toBe(true);
    expect(texts('劳动合同')).toContain('中华人民共和国劳动合同法');
    expect(texts('工伤')).toContain('《社会保险法》对工伤保险有哪些规定？');
    // Two regions' reports: a report's question names its region.
    const business = texts('营商环境');
    expect(business.some((t) => t.startsWith('广东省') && t.endsWith('？'))).toBe(true);
    expect(business.some((t) => t.startsWith('阳江市') && t.endsWith('？'))).toBe(true);
    expect(texts('行政复议')).toContain('阳江市如何推进行政复议体制改革？');
  });

  it('makes no question of any heading in the library that is a 施行 clause, an amendment or a bare chapter heading', () => {
    const docs = new Map(service.kb.documents().map((d) => [d.ord, d]));
    let made = 0;
    for (const p of service.kb.store.headingParagraphs()) {
      const d = docs.get(p.docOrd)!;
      const question = headingQuestion(p.text, { title: d.title, kind: d.frame.kind ?? d.type ?? null, region: d.frame.region, qualify: true });
      const phrase = headingPhrase(p.text);
      if (NEVER.test(p.text) || STRUCTURAL.has(phrase) || /[；;]$/.test(p.text.trim())) expect(question, p.text).toBeNull();
      if (d.title.includes('修改') && d.title.endsWith('决定')) expect(question, p.text).toBeNull();
      if (!question) continue;
      made++;
      expect(question.endsWith('？'), question).toBe(true);
      expect([...question].length).toBeLessThanOrEqual(40);
      expect(question).not.toMatch(NEVER);
      // A statute's topic is asked of the statute (or stands alone when specific), a report's of its region.
      if (!isReportKind(d.frame.kind ?? d.type)) expect(question).not.toMatch(/方面有哪些举措/);
    }
    expect(made).toBeGreaterThan(50);
  });
});

describe('相关问题 on the library', () => {
  it('lists questions only, never a raw heading of the cited passages', () => {
    const headings = new Set(service.kb.store.headingParagraphs().map((p) => headingPhrase(p.text)));
    let listed = 0;
    for (const asked of ['夫妻一方婚前的房产离婚时怎么分？', '用人单位不签书面劳动合同要赔偿吗？', '广东省今年怎样优化营商环境？', '饲养的狗咬伤邻居谁来赔？']) {
      const response = service.ask(asked);
      const related = relatedQuestions(asked, response.citations, []);
      listed += related.length;
      for (const r of related) {
        expect(r.endsWith('？'), r).toBe(true);
        expect(r).not.toMatch(NEVER);
        expect(headings.has(r), r).toBe(false);
      }
    }
    expect(listed).toBeGreaterThan(0);
  });
});
