// Issue #7 on the real bundled report (no mocks of our own code): commitments
// recognised under 三、下一步工作措施 and nowhere else, reported figures checked
// by hand against the report's text, and the /commitments, /figures pages and
// their JSON APIs, with the answer card's figure links.
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import type { AskResponse } from '../../src/service.js';
import { commitmentsFor, isPastTense, isPledge, yearsIn, type Commitment } from '../../src/staff/commitments.js';
import { figuresFor, sentenceFigures, type Figure } from '../../src/staff/figures.js';
import type { FollowUp } from '../../src/staff/follow-up.js';
import { STAFF_CATALOGUES } from '../../src/i18n/staff.js';
import { isReportLike } from '../../src/staff/report-passages.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { registerStaffRoutes } from '../../src/app/routes/staff.js';
import { REPORT_FILE, REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
let app: Hono;
const REPORT_TEXT = readFileSync(REPORT_FILE, 'utf8');
/** The report as ingest keeps it: runs of white space (a no-break space included) as one space. */
const REPORT_FLAT = REPORT_TEXT.replace(/\s+/g, ' ');
const q = (text: string) => encodeURIComponent(text);

beforeAll(async () => {
  ctx = await setupCorpusApp();
  const deps = { service: () => ctx.service, settings: DEFAULT_SETTINGS };
  app = createApp(deps);
  registerStaffRoutes(app, deps);
});

afterAll(() => ctx?.cleanup());

describe('commitments (承诺与部署) in the bundled report', () => {
  it('finds the plans under 三、下一步工作措施 and the 2022年 statement, and nothing from the achievements', () => {
    const commitments = commitmentsFor(ctx.service.kb);
    expect(commitments.length).toBe(14);
    for (const c of commitments) {
      expect(c.heading[0]).toBe('三、下一步工作措施');
      expect(c.kind).toBe('plan');
      expect(c.year).toBe(2021);
      expect(c.targetYear).toBe(2022);
      expect(c.targetYearStated).toBe(true); // 2022年 opens the section
      expect(REPORT_TEXT).toContain(c.text);
      expect(c.url).toBe(`/doc/${REPORT_ID}?hl=${c.paragraph}#p-${c.paragraph}`);
    }
    const texts = commitments.map((c) => c.text);
    expect(texts[0]).toMatch(/^2022年,阳江市政府将持续深入学习贯彻习近平法治思想/);
    expect(texts).toContain('继续推行党政主要负责人履行推进法治建设第一责任人职责述职评议工作。');
    expect(texts).toContain('加快推进镇街综合行政执法改革,推广应用行政执法“两平台”,加大对重点领域的执法监督力度;');
    expect(texts.some((t) => t.startsWith('更好地坚持和发展新时代“枫桥经验”'))).toBe(true);
    // Every subsection (一)–(四) contributes; its own heading line is not repeated as a commitment.
    expect(new Set(commitments.map((c) => c.heading[1] ?? '')).size).toBe(5);
    expect(texts.some((t) => t.startsWith('(一)') || t.startsWith('(四)'))).toBe(false);
    // The lead-in to the list commits to nothing by itself.
    expect(texts).not.toContain('重点做好以下几方面工作:');
    // Past achievements of 2021 and the problems section are not commitments.
    expect(texts.some((t) => t.includes('完成了省行政执法“两平台”市级平台的部署工作'))).toBe(false);
    expect(texts.some((t) => t.includes('对这些问题,我市将采取有力措施认真加以解决'))).toBe(false);
    expect(commitments.some((c) => c.heading[0].startsWith('一、') || c.heading[0].startsWith('二、'))).toBe(false);
  });

  it('tells commitments from achievements sentence by sentence', () => {
    // From the report: 2021 achievements, with or without 了.
    expect(isPledge('组织全市6万余名国家工作人员开展2021年度学法考试。', 2021)).toBe(false);
    expect(isPledge('截止2021年底,全市142家执法单位开通了行政执法“两平台”账户,上线3310人,组织培训72场。', 2021)).toBe(false);
    expect(isPastTense('完成了省行政执法“两平台”市级平台的部署工作。')).toBe(true);
    expect(isPastTense('市级、各县(市、区)印发了行政复议体制改革实施方案。')).toBe(true);
    // A commitment for a later year, and the same year as an achievement.
    expect(isPledge('力争2022年底前完成镇街综合行政执法改革。', 2021)).toBe(true);
    expect(isPledge('2022年将全面推行行政执法“两平台”。', 2021)).toBe(true);
    expect(isPledge('2022年已全面推行行政执法“两平台”。', 2021)).toBe(false);
    // 为了 is purpose, not the past; a range in a title is not a target year.
    expect(isPastTense('为了推进法治政府建设,将继续开展督察。')).toBe(false);
    expect(yearsIn('严格对照《法治政府建设实施纲要(2021—2025年)》的要求')).toEqual([]);
    expect(isPledge('贯彻落实《广东省法治政府建设实施纲要(2021—2025年)》。', 2021)).toBe(false);
  });
});

/**
 * Figures read by hand from the report (value, 余/以内, unit, what it counts). The
 * first twenty, in text order, are the closing note's hand check; the rest
 * complete the report.
 */
const HAND_CHECKED: [string, string, string, string, string][] = [
  // expr, value, qualifier, unit, subject
  ['6万余名', '6万', '余', '名', '国家工作人员'],
  ['2067项', '2067', '', '项', '取消和调整市级权责清单事项'],
  ['34%', '34', '', '%', '压减率'],
  ['55个', '55', '以内', '个工作日', '政府和社会投资类工程建设项目审批时限'],
  ['45个工作日', '45', '以内', '个工作日', '政府和社会投资类工程建设项目审批时限'],
  ['142项', '142', '', '项', '涉企经营许可事项'],
  ['47项', '47', '', '项', '制定实施部门联合抽查计划'],
  ['808项', '808', '', '项', '市级部门认领监管事项'],
  ['3792条', '3792', '', '条', '监管数据汇聚'],
  ['81.06%', '81.06', '', '%', '监管事项覆盖率'],
  ['20项', '20', '', '项', '守信激励措施'],
  ['100项', '100', '', '项', '主题服务'],
  ['40%', '40', '', '%', '主题服务整体办理时间平均压缩'],
  ['60%', '60', '', '%', '审核效率提速'],
  ['329个', '329', '', '个', '承接湖南湘潭、郴州事项'],
  ['767个', '767', '', '个', '广州、茂名等地事项'],
  ['42项', '42', '', '项', '事项实现秒批服务'],
  ['51个', '51', '', '个', '公共法律服务中心退役军人工作站'],
  ['24207宗', '24207', '', '宗', '全市各级公共法律服务实体平台咨询'],
  ['9452宗', '9452', '', '宗', '业务受理量'],
  // ---- end of the twenty
  ['8689宗', '8689', '', '宗', '业务办结量'],
  ['195份次', '195', '', '份次', '审核(审查)市级规范性文件'],
  ['19份', '19', '', '份', '印发市政府规范性文件'],
  ['38份', '38', '', '份', '部门规范性文件'],
  ['366件', '366', '', '件', '审查政府法律事务'],
  ['834项', '834', '', '项', '行政执法职权'],
  ['4个', '4', '', '个', '县(市、区)'],
  ['498宗', '498', '', '宗', '全市查处食品安全违法案件'],
  ['142家', '142', '', '家', '执法单位'],
  ['3310人', '3310', '', '人', '上线'],
  ['72场', '72', '', '场', '组织培训'],
  ['1719个', '1719', '', '个', '为全市行政执法部门办理行政执法证'],
  ['282件', '282', '', '件', '办理全国、省、市两会建议提案'],
  ['100%', '100', '', '%', '办复率'],
  ['112个', '112', '', '个', '全市共完成审计和专项审计调查项目'],
  ['195篇', '195', '', '篇', '出具审计报告和专项审计调查报告'],
  ['110条', '110', '', '条', '向被审计单位提出审计建议'],
  ['4家', '4', '', '家', '知识产权调解委员会'],
  ['4家', '4', '', '家', '商事调解委员会'],
  ['8个', '8', '', '个', '个人调解工作室'],
  ['108件', '108', '', '件', '市政府办结行政复议申请'],
  ['1件', '1', '', '件', '责令履行'],
  ['30件', '30', '', '件', '撤销'],
  ['1件', '1', '', '件', '确认违法'],
  ['29.6%', '29.6', '', '%', '纠错率'],
  ['3份', '3', '', '份', '发出行政复议意见书'],
  ['2份', '2', '', '份', '行政复议建议书'],
  ['9件', '9', '', '件', '通过和解调解结案'],
];

describe('reported figures (数据) in the bundled report', () => {
  let figures: Figure[];
  beforeAll(() => {
    figures = figuresFor(ctx.service.kb);
  });

  it('extracts every figure with its value, unit and what it counts, as checked by hand against the text', () => {
    const got = figures.map((f) => [f.expr, f.value, f.qualifier, f.unit, f.subject]);
    expect(got).toEqual(HAND_CHECKED);
    expect(HAND_CHECKED.length).toBeGreaterThanOrEqual(20);
    for (const f of figures) {
      // Each figure stands in its sentence, and the sentence in the report as published.
      expect(f.sentence).toContain(f.expr);
      expect(REPORT_FLAT).toContain(f.sentence);
      expect(f.year).toBe(2021);
      expect(f.url).toBe(`/doc/${REPORT_ID}?hl=${f.paragraph}#p-${f.paragraph}`);
    }
    expect(figures.find((f) => f.expr === '6万余名')?.number).toBe(60000);
    expect(figures.find((f) => f.expr === '29.6%')?.sentence).toBe(
      '市政府办结行政复议申请108件,其中责令履行1件,撤销30件,确认违法1件,纠错率达29.6%;',
    );
  });

  it('leaves out dates, years, ordinals, anniversaries, titles and bare numbers', () => {
    const exprs = figures.map((f) => f.expr);
    for (const notFigure of ['2021年', '2020年', '2025年', '2022年', '100周年', '12345', '5', '1']) expect(exprs).not.toContain(notFigure);
    expect(sentenceFigures('截止2021年底,全市142家执法单位开通了账户。').map((f) => f.expr)).toEqual(['142家']);
    expect(sentenceFigures('发布《阳江市部门联合抽查事项清单(第一版)》,第3批事项共12项。').map((f) => [f.expr, f.subject])).toEqual([['12项', '第3批事项']]);
    expect(sentenceFigures('2022年1月5日召开会议。')).toEqual([]);
  });

  it('reads only reports and the like, not statutes or technical standards', () => {
    expect(isReportLike({ type: '报告', title: '阳江市人民政府2021年法治政府建设年度报告' })).toBe(true);
    expect(isReportLike({ type: '法律', title: '中华人民共和国行政复议法' })).toBe(false);
    expect(isReportLike({ type: null, title: '人体损伤程度鉴定标准' })).toBe(false);
  });
});

describe('staff messages', () => {
  it('has every message in every language, with the same placeholders', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const reference = STAFF_CATALOGUES['zh-CN'];
    for (const catalogue of [STAFF_CATALOGUES['zh-TW'], STAFF_CATALOGUES.en]) {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(reference).sort());
      for (const [key, text] of Object.entries(reference)) expect(names(catalogue[key as keyof typeof reference]), key).toEqual(names(text));
    }
  });
});

describe('/commitments and /api/commitments', () => {
  interface CommitmentsJson {
    total: number;
    commitments: (Commitment & { followUp: Omit<FollowUp, 'commitmentId'> })[];
  }

  it('lists the commitments with their follow-up status, and filters them by words, year and document', async () => {
    const all = (await (await app.request('/api/commitments')).json()) as CommitmentsJson;
    expect(all.total).toBe(14);
    expect(all.commitments[0].followUp).toEqual({ laterDocuments: 0, candidates: [] });
    const found = (await (await app.request(`/api/commitments?q=${q('两平台')}`)).json()) as CommitmentsJson;
    expect(found.commitments.map((c) => c.text)).toEqual(['加快推进镇街综合行政执法改革,推广应用行政执法“两平台”,加大对重点领域的执法监督力度;']);
    const traditional = (await (await app.request(`/api/commitments?q=${q('兩平臺')}&lang=zh-TW`)).json()) as CommitmentsJson;
    expect(traditional.commitments[0].text).toContain('兩平臺');
    expect(((await (await app.request('/api/commitments?year=2020')).json()) as CommitmentsJson).total).toBe(0);
    // year= is the planned year (the bundled 2021 report plans 2022), not the report's.
    expect(((await (await app.request(`/api/commitments?doc=${REPORT_ID}&year=2022`)).json()) as CommitmentsJson).total).toBe(14);
    expect(((await (await app.request(`/api/commitments?doc=${REPORT_ID}&year=2021`)).json()) as CommitmentsJson).total).toBe(0);
    const tooLong = await app.request(`/api/commitments?q=${'法'.repeat(600)}`);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: string }).error).toMatch(/^query: /);
  });

  it('renders them grouped by document and section, with the paragraph link and "no later report" (full page and htmx fragment)', async () => {
    const res = await app.request('/commitments');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 id="staff-title">承诺与部署</h1>');
    expect(html).toContain('<h2 id="doc-yangjiang-2021-law-based-government-report">阳江市人民政府2021年法治政府建设年度报告');
    expect(html).toContain('<span>(三)对标对表工作要求,全面提升依法行政能力水平</span>');
    expect(html).toContain(`href="/doc/${REPORT_ID}?hl=39#p-39">原文第39段</a>`);
    expect(html).toContain('还没有阳江市更晚的报告。');
    expect(html).toContain('<form class="staff-filter" role="search"');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const fragment = await (await app.request(`/commitments?q=${q('普法')}`, { headers: { 'HX-Request': 'true' } })).text();
    expect(fragment.startsWith('<section id="results" class="staff"')).toBe(true);
    expect(fragment).toContain('全面推进“八五”普法');
    expect(fragment).toContain('共 1 条');
    const english = await (await app.request('/commitments?lang=en')).text();
    expect(english).toContain('Commitments and plans');
    expect(english).toContain('There is no later report from 阳江市 yet.');
  });
});

describe('/figures, /api/figures and figure links in answers', () => {
  interface FiguresJson {
    total: number;
    figures: (Figure & { recordUrl: string })[];
    figure: (Figure & { sameMeasure: Figure[] }) | null;
    series: unknown[];
  }

  it('searches figures, what they count first', async () => {
    const body = (await (await app.request(`/api/figures?q=${q('纠错率')}`)).json()) as FiguresJson;
    expect(body.figures[0]).toMatchObject({ expr: '29.6%', subject: '纠错率', unit: '%', year: 2021 });
    expect(body.figures[0].recordUrl).toBe(`/figures?id=${q(`${REPORT_ID}:31/5`)}#f-${REPORT_ID}:31/5`);
    const all = (await (await app.request('/api/figures?limit=1000')).json()) as FiguresJson;
    expect(all.total).toBe(48);
    expect(all.series).toEqual([]); // one year only
    const tw = (await (await app.request(`/api/figures?q=${q('國家工作人員')}&lang=zh-TW`)).json()) as FiguresJson;
    expect(tw.figures[0]).toMatchObject({ expr: '6萬餘名', subject: '國家工作人員', number: 60000 });
  });

  it('links the facts of an answer to their figure records, and each record is on /figures', async () => {
    const asked = (await (await app.request(`/api/ask?q=${q('2021年市政府办结了多少件行政复议申请？')}`)).json()) as AskResponse;
    expect(asked.facts).toEqual(['108件', '1件', '30件', '29.6%']);
    // 1件 stands twice in the sentence (责令履行, 确认违法): not linked rather than linked wrongly.
    expect(asked.figures).toEqual([
      { index: 0, id: `${REPORT_ID}:31/1` },
      { index: 2, id: `${REPORT_ID}:31/3` },
      { index: 3, id: `${REPORT_ID}:31/5` },
    ]);
    const card = await (await app.request(`/ask?q=${q('2021年市政府办结了多少件行政复议申请？')}`)).text();
    const href = `/figures?id=${q(`${REPORT_ID}:31/1`)}#f-${REPORT_ID}:31/1`;
    // The answer stays one quote; its figures are linked after it, in a 相关数据 line (issue #17 item 8).
    expect(card).toContain('<mark class="fact">108件</mark></span>,');
    expect(card).toContain(`相关数据：<a href="${href}" aria-label="108件：查看数据记录" class="nowrap">108件</a>`);
    expect(card).toContain('责令履行<span class="nowrap"><mark class="fact">1件</mark></span>,');
    const record = (await (await app.request(`/api/figures?id=${q(`${REPORT_ID}:31/1`)}`)).json()) as FiguresJson;
    expect(record.figure).toMatchObject({ expr: '108件', subject: '市政府办结行政复议申请' });
    const page = await (await app.request(href.split('#')[0])).text();
    expect(page).toContain(`<tr id="f-${REPORT_ID}:31/1" class="selected">`);
    expect(page).toContain('<h2 id="selected-title">所选数据</h2>');
    expect(page).toContain('市政府办结行政复议申请<mark>108件</mark>');
    const unknown = await app.request('/api/figures?id=nope');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^figures: /);
    // Inside the embed panel the answer stays a plain highlighted fact.
    const embedded = await (await app.request(`/ask?q=${q('2021年市政府办结了多少件行政复议申请？')}&embed=1`)).text();
    expect(embedded).toContain('<mark class="fact">108件</mark>');
    expect(embedded).not.toContain('figure-ref');
  });
});
