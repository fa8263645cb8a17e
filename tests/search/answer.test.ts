// Answering on the bundled report: question types, typo and Traditional
// tolerance, colloquial vocabulary, and each no-answer rule with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focusClause, questionType } from '../../src/search/query.js';
import { soundKey } from '../../src/search/typos.js';
import { unitAnswers, unitOf } from '../../src/text/units.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
beforeAll(async () => {
  ctx = await setupCorpusApp();
});
afterAll(() => ctx.cleanup());

describe('question understanding', () => {
  it('recognises the question type from the clause that asks', () => {
    expect(questionType('2021年办结了多少件行政复议申请')).toBe('number');
    expect(questionType('为什么要成立知识产权调解委员会')).toBe('why');
    expect(questionType('还存在哪些问题')).toBe('problem');
    expect(questionType('下一步有什么要求')).toBe('commitment');
    expect(questionType('部门联合抽查计划有多少项')).toBe('number');
    expect(focusClause('前阵子出了个小车祸,跟对方为赔多少钱一直谈不拢,阳江有没有专门处理这种事的地方?')).toBe(
      '阳江有没有专门处理这种事的地方',
    );
    expect(ctx.service.analyze('前阵子出了个小车祸，跟对方为赔多少钱一直谈不拢，阳江有没有专门处理这种事的地方？').type).toBe('fact');
  });

  it('drops question words and colloquial filler, keeps content words', () => {
    const terms = ctx.service.analyze('请问我想知道2021年全市一共查处了多少宗食品安全违法案件呢？').terms.map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['食品安全', '违法', '案件', '查处']));
    for (const w of ['请问', '我想知道', '多少', '呢', '一共', '宗']) expect(terms).not.toContain(w);
  });

  it('brings in the documents’ vocabulary for colloquial phrases, grouped with the words they replace', () => {
    const q = ctx.service.analyze('退伍以后遇到纠纷，哪里能免费咨询？');
    const expansion = q.terms.find((t) => t.term === '退役军人');
    expect(expansion?.origin).toBe('synonym');
    expect(q.terms.find((t) => t.term === '退伍')?.group).toBe(expansion?.group);
  });

  it('matches homophone typos to corpus words by pinyin', () => {
    expect(soundKey('复义')).toBe(soundKey('复议'));
    const typo = ctx.service.analyze('行政复义意见书发出了几份？').terms.find((t) => t.origin === 'typo');
    expect(typo?.term).toBe('复议');
  });

  it('classifies units so a count of cases is not answered by a count of organisations', () => {
    expect(unitOf('6万余名')).toBe('名');
    expect(unitOf('29.6%')).toBe('%');
    expect(unitAnswers('cases', '件')).toBe(true);
    expect(unitAnswers('cases', '宗')).toBe(true);
    expect(unitAnswers('cases', '家')).toBe(false);
    expect(unitAnswers('items', '个')).toBe(true);
    expect(unitAnswers(null, '')).toBe(false);
  });
});

describe('answers', () => {
  it.each([
    ['2021年市政府办结了多少件行政复议申请？', '108件'],
    ['行政復議申請的糾錯率達到多少？', '29.6%'],
    ['全市６万余名国家工作人员参加了什么考试？', '学法考试'],
    ['行政复义意见书发出了几份？', '3份'],
    ['一件事一次办改革后，审合效率提速了多少？', '60%'],
    ['工程建设项目审批时限压缩到多少个工作日？', '45个工作日'],
  ])('%s → %s', (question, fact) => {
    const r = ctx.service.ask(question);
    expect(r.answer).toContain(fact);
    // The answer is a verbatim span of the first citation, without a dangling separator.
    expect(r.citations[0].text).toContain(r.answer!);
    expect(r.answer).not.toMatch(/[，,；;：:、]$/);
    expect(r.answer!.length).toBeLessThanOrEqual(120);
  });

  it('answers plan questions from the 下一步工作措施 section, not its lead-in', () => {
    const r = ctx.service.ask('阳江下一步在行政执法上有什么打算？');
    expect(r.type).toBe('commitment');
    expect(r.citations[0].heading[0]).toBe('三、下一步工作措施');
    expect(r.answer).toContain('两平台');
  });
});

describe('no answer, with the reason', () => {
  it('a question about a region the library has no document for says which regions it has, and cites no other region', () => {
    const r = ctx.service.ask('茂名市2021年办结了多少件行政复议申请？');
    expect(r.answer).toBeNull();
    expect(r.reason).toMatch(/没有茂名市的文件.*阳江市/);
    expect(r.citations).toEqual([]);
    expect(r.understood.regions).toEqual(['茂名市']);
  });

  it.each([
    ['2021年阳江的GDP总量有多少亿元？', /never mention/],
    ['2021年阳江全市行政诉讼案件一共有多少件？', /never mention 行政诉讼/],
    ['2023年阳江市办理了多少件两会建议提案？', /2023/],
    ['2020年阳江全市查处的食品安全违法案件有多少宗？', /2020/],
    ['2021年阳江各级人民调解委员会共调解成功多少宗矛盾纠纷？', /no such figure/],
    ['截至2021年底，阳江全市共有多少名执业律师？', /.+/],
  ])('%s', (question, reason) => {
    const r = ctx.service.ask(question);
    expect(r.answer).toBeNull();
    expect(r.reason).toMatch(reason);
    // Related passages are still offered.
    expect(r.citations.length).toBeGreaterThan(0);
  });
});
