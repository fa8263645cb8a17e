// Questions made from headings (src/search/question-forms.ts), on hand-written headings of the kinds statutes
// and reports have: a heading becomes a suggestion only through a question that reads naturally, never as it
// stands, and effective-date clauses, amendments and bare structural headings never at all (issue #17 item 4).
import { describe, expect, it } from 'vitest';
import { headingPhrase, headingQuestion, isReportKind, shortLawName, type HeadingContext } from '../../src/search/question-forms.js';

const LAW: HeadingContext = { title: '中华人民共和国示例保护法', kind: '法律', region: '全国' };
const CODE: HeadingContext = { title: '中华人民共和国民法典', kind: '法律', region: '全国' };
const INTERPRETATION: HeadingContext = { title: '最高人民法院关于审理示例纠纷案件适用法律若干问题的解释', kind: '司法解释', region: '全国' };
const AMENDING: HeadingContext = { title: '最高人民法院关于修改《关于示例问题的规定》等五件司法解释的决定', kind: '司法解释', region: '全国' };
const REPORT: HeadingContext = { title: '2026年示例省政府工作报告', kind: '政府工作报告', region: '示例省' };
const LAW_REPORT: HeadingContext = { title: '示例市人民政府2025年法治政府建设年度报告', kind: '法治政府建设年度报告', region: '示例市' };

describe('headingQuestion', () => {
  it('never makes a question of an effective-date, amendment or repeal clause', () => {
    for (const heading of [
      '本规定自2020年5月1日起施行',
      '第九十条 本法自公布之日起施行。',
      '本批复自发布之日起生效',
      '1.将第三条修改为：',
      '二、删去第十条',
      '三、增加一条作为第八条：',
      '五、原第四条作为第五条。',
      '本解释由最高人民法院负责解释',
      '同时废止的规章',
    ]) {
      expect(headingQuestion(heading, LAW), heading).toBeNull();
      expect(headingQuestion(heading, REPORT), heading).toBeNull();
    }
  });

  it('never makes a question of a bare structural heading', () => {
    for (const heading of ['第一章 总则', '第八章 附则', '第一节 一般规定', '第七章 法律责任', '第五章 监督管理', '第二章 基本原则', '一、主要工作', '附件']) {
      expect(headingQuestion(heading, LAW), heading).toBeNull();
      expect(headingQuestion(heading, REPORT), heading).toBeNull();
    }
  });

  it('leaves out list items, sentences and the headings of an amending decision', () => {
    expect(headingQuestion('（二）未按期缴纳费用的；', INTERPRETATION)).toBeNull();
    expect(headingQuestion('3.申请先予执行案件；', INTERPRETATION)).toBeNull();
    expect(headingQuestion('四、当事人对裁定不服的，可以在十日内申请复议', INTERPRETATION)).toBeNull();
    expect(headingQuestion('根据示例工作的特殊需要', LAW)).toBeNull();
    expect(headingQuestion('二、示例合同的效力', AMENDING)).toBeNull();
  });

  it('asks a statute topic of the statute, naming it briefly', () => {
    expect(shortLawName('中华人民共和国民法典')).toBe('民法典');
    expect(shortLawName('示例条例（试行）')).toBe('示例条例');
    expect(shortLawName(INTERPRETATION.title)).toBeNull();
    expect(headingQuestion('第四章 离婚', CODE)).toBe('《民法典》对离婚有哪些规定？');
    expect(headingQuestion('第十四章 租赁合同', CODE)).toBe('《民法典》对租赁合同有哪些规定？');
    expect(headingQuestion('第三章 野生植物采集', LAW)).toBe('《示例保护法》对野生植物采集有哪些规定？');
    // Without a short name, only a specific topic stands alone.
    expect(headingQuestion('五、第三人参加诉讼的方式', INTERPRETATION)).toBe('第三人参加诉讼的方式有哪些规定？');
    expect(headingQuestion('二、审理和判决', INTERPRETATION)).toBeNull();
  });

  it('uses the forms that read naturally for concepts, procedures, duties, liabilities and problems', () => {
    expect(headingQuestion('第二节 居住权制度', CODE)).toBe('居住权制度是什么？');
    expect(headingQuestion('一、示例许可的条件', INTERPRETATION)).toBe('示例许可的条件是什么？');
    expect(headingQuestion('第三节 行政调解程序', LAW)).toBe('行政调解程序是怎样的？');
    expect(headingQuestion('十、关于样品封存程序', INTERPRETATION)).toBe('样品封存程序是怎样的？');
    expect(headingQuestion('第四章 数据处理者的义务', LAW)).toBe('数据处理者有哪些义务？');
    expect(headingQuestion('第二章 会员的权利和义务', LAW)).toBe('会员有哪些权利和义务？');
    expect(headingQuestion('第六章 宠物致害责任', CODE)).toBe('宠物致害责任怎么承担？');
    expect(headingQuestion('（三）小微企业融资难', REPORT)).toBe('小微企业融资难怎么办？');
  });

  it('keeps a heading that is already a question', () => {
    expect(headingQuestion('三、问：示例纠纷由哪个法院管辖？', INTERPRETATION)).toBe('示例纠纷由哪个法院管辖？');
  });

  it('asks how of a report’s action headings, without the adverbs in front', () => {
    expect(headingQuestion('（三）深入推进农村公路建设。全年新改建农村公路500公里', REPORT)).toBe('如何推进农村公路建设？');
    expect(headingQuestion('2. 大力发展海洋渔业', REPORT)).toBe('如何发展海洋渔业？');
    expect(headingQuestion('一是加快建设区域物流枢纽', REPORT)).toBe('如何加快建设区域物流枢纽？');
    // Two parts: the first that has a natural question.
    expect(headingQuestion('（五）城乡面貌持续改善,全面提升人居环境质量', REPORT)).toBe('如何提升人居环境质量？');
    // With several regions in the library, the region is named.
    expect(headingQuestion('（三）深入推进农村公路建设', { ...REPORT, qualify: true })).toBe('示例省如何推进农村公路建设？');
  });

  it('drops a report’s claims of success and verb headings with no natural form', () => {
    expect(headingQuestion('（一）经济运行取得显著成效', REPORT)).toBeNull();
    expect(headingQuestion('（二）掀起全民健身热潮', REPORT)).toBeNull();
    expect(headingQuestion('一、一年干出新气象', REPORT)).toBeNull();
  });

  it('asks a report’s own problems and next steps of its subject and region, and a field of work of its region', () => {
    expect(headingQuestion('二、存在的问题', LAW_REPORT)).toBe('示例市法治政府建设存在哪些问题？');
    // In the heading's own words, whatever they are.
    expect(headingQuestion('二、存在的不足', LAW_REPORT)).toBe('示例市法治政府建设存在哪些不足？');
    expect(headingQuestion('二、面临的困难', LAW_REPORT)).toBe('示例市法治政府建设面临哪些困难？');
    expect(headingQuestion('二、主要问题', LAW_REPORT)).toBe('示例市法治政府建设有哪些主要问题？');
    expect(headingQuestion('二、当前困难', LAW_REPORT)).toBe('示例市法治政府建设当前有哪些困难？');
    expect(headingQuestion('三、下一步工作措施', LAW_REPORT)).toBe('示例市法治政府建设下一步有哪些安排？');
    expect(headingQuestion('二、存在的问题', { ...LAW_REPORT, region: null })).toBeNull();
    expect(headingQuestion('（四）营商环境', REPORT)).toBe('示例省在营商环境方面有哪些举措？');
    expect(headingQuestion('（四）营商环境', { ...REPORT, region: null })).toBeNull();
  });

  it('strips numbering and reads the kinds of documents', () => {
    expect(headingPhrase('第二分编 典型合同')).toBe('典型合同');
    expect(headingPhrase('（三）三是全面加强能力建设。具体如下')).toBe('全面加强能力建设');
    expect(isReportKind('政府工作报告')).toBe(true);
    expect(isReportKind('报告')).toBe(true);
    expect(isReportKind(null)).toBe(true);
    expect(isReportKind('司法解释')).toBe(false);
    expect(isReportKind('法律')).toBe(false);
  });

  it('makes every question end with a question mark and stay short', () => {
    const headings = ['第四章 离婚', '第二节 居住权制度', '（三）深入推进农村公路建设', '（四）营商环境', '二、存在的问题'];
    for (const h of headings) {
      const q = headingQuestion(h, { ...CODE, ...(h.startsWith('（') || h.startsWith('二') ? LAW_REPORT : {}) });
      if (q) {
        expect(q.endsWith('？')).toBe(true);
        expect([...q].length).toBeLessThanOrEqual(40);
      }
    }
  });
});
