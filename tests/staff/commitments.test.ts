// 承诺与部署 on a library (issue #18 item 2): the bundled 阳江 2021 report, five
// real provincial 2026 government work reports (../shared/reports/provincial-2026)
// and one invented later 阳江 report. Commitments come from plan sections only,
// one per actionable statement (no fragments), with the planned years of their
// section as their period (2026 for a 2026 report's plan, 2026–2030 for its
// “十五五” part — never the report's year + 1), filterable by region and planned
// year with counts per region; 后续进展 only from later documents of the same region.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import { registerStaffRoutes } from '../../src/app/routes/staff.js';
import type { DocumentSummary } from '../../src/model/store.js';
import { sectionPeriod } from '../../src/search/frame.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { commitmentsFor, isActionable, plannedYears, statementsOf, type Commitment, type CommitmentFacets } from '../../src/staff/commitments.js';
import { followUp, isDatedAfter, laterDocumentsOf } from '../../src/staff/follow-up.js';
import { compactForm } from '../../src/text/normalize.js';
import { CORPUS_DIR, REPORT_ID, REPO_ROOT } from '../helpers/corpus-app.js';

const REPORTS = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const PROVINCES = ['广东省', '天津市', '北京市', '四川省', '内蒙古自治区'];
const FIXTURE_ID = 'fixture-yangjiang-2022-report';

/** TEST FIXTURE — invented text, not published by anyone: a later 阳江 report that follows up one 2021 commitment. */
const FIXTURE_2022 = `阳江市人民政府2022年法治政府建设年度报告
来源:测试夹具(为测试编写,并非真实文件) 时间:2023-01-20 10:00

  本文件是为自动化测试编写的虚构夹具,不是阳江市人民政府发布的真实报告。

  一、2022年法治政府建设情况

  (一)加强执法规范化建设。

  1. 推进镇街综合行政执法改革。镇街综合行政执法改革全面完成,全市推广应用行政执法“两平台”,加大了对重点领域的执法监督力度。

  二、下一步工作措施

  2023年,我市将继续推进法治政府建设,深入开展法治建设督察。
`;

let dir: string;
let service: QaService;
let app: Hono;
let all: Commitment[];
let documents: DocumentSummary[];

interface CommitmentsJson {
  total: number;
  filters: { year: number | null; region: string | null };
  facets: CommitmentFacets;
  commitments: (Commitment & { followUp: { laterDocuments: number; candidates: { docId: string }[] } })[];
}
const api = async (query: string) => (await (await app.request(`/api/commitments?${query}`)).json()) as CommitmentsJson;
const enc = encodeURIComponent;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-commitments-'));
  const fixtures = join(dir, 'fixtures');
  mkdirSync(fixtures);
  writeFileSync(join(fixtures, `${FIXTURE_ID}.txt`), FIXTURE_2022);
  const inputs = [CORPUS_DIR, ...PROVINCES.map((p) => join(REPORTS, `${p}-2026-政府工作报告.txt`)), fixtures];
  const report = await runIngest({ inputs, kbPath: join(dir, 'library.sqlite'), root: REPO_ROOT });
  expect(report.documents).toBe(7);
  service = loadService(report.kbPath, { ...DEFAULT_SETTINGS, CURRENT_YEAR: 2026 });
  const deps = { service: () => service, settings: DEFAULT_SETTINGS };
  app = createApp(deps);
  registerStaffRoutes(app, deps);
  documents = service.kb.documents();
  all = commitmentsFor(service.kb);
}, 120_000);

afterAll(() => {
  if (service) closeService(service);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const docOf = (region: string, year = 2026) => {
  const doc = documents.find((d) => d.frame.region === region && d.year === year);
  if (!doc) throw new Error(`no ${year} document for ${region}`);
  return doc;
};
const of = (region: string) => all.filter((c) => c.region === region && c.year === 2026);

describe('commitments come from plan sections, with the planned years of their section', () => {
  it('every province has tens to a few hundred commitments, none 0 or 1', () => {
    const counts = Object.fromEntries(PROVINCES.map((p) => [p, of(p).length]));
    console.log('commitments per province:', counts);
    for (const p of PROVINCES) {
      expect(counts[p], p).toBeGreaterThanOrEqual(20);
      expect(counts[p], p).toBeLessThan(600);
    }
  });

  it('takes nothing from a section the frame does not mark as planned', () => {
    for (const c of all) {
      const doc = documents.find((d) => d.id === c.docId)!;
      expect(sectionPeriod(doc, c.paragraph)?.stance, `${c.region} #${c.paragraph}`).toBe('planned');
    }
    // 广东's review of 2025 (一、2025年和“十四五”时期工作回顾) gives none.
    expect(of('广东省').some((c) => c.heading[0] === '一、2025年和“十四五”时期工作回顾')).toBe(false);
    // Its 2026年省十件民生实事 after the plan are plans too.
    expect(of('广东省').some((c) => c.text.startsWith('支持更多地区提高罕见病门诊报销水平'))).toBe(true);
  });

  it('a 2026 report’s 2026年工作安排 is for 2026, its “十五五” section for 2026–2030, never 2027 by default', () => {
    const plan = of('广东省').filter((c) => c.heading[0] === '三、2026年工作安排');
    expect(plan.length).toBeGreaterThan(100);
    for (const c of plan) {
      expect(c.period, c.text).toEqual({ from: 2026, to: 2026 });
      if (!/2027|二〇二七/.test(c.text)) expect(c.targetYear, c.text).toBe(2026);
    }
    expect(plan.find((c) => c.text.startsWith('深入推进重大合作平台建设'))).toMatchObject({ period: { from: 2026, to: 2026 }, targetYear: 2026, targetYearStated: true });
    const fifteenth = of('广东省').filter((c) => c.heading[0] === '二、“十五五”时期的主要目标和重点任务');
    expect(fifteenth.length).toBeGreaterThan(3);
    for (const c of fifteenth) expect(c.period).toEqual({ from: 2026, to: 2030 });
    // A 2026 report's commitment is for 2027 only where its text says 2027.
    for (const c of all.filter((m) => m.year === 2026 && m.targetYear === 2027)) expect(c.text).toMatch(/2027|二〇二七/);
    // The 阳江 2021 report's 下一步工作措施: 2022.
    const yangjiang = all.filter((c) => c.docId === REPORT_ID);
    expect(yangjiang.length).toBe(14);
    for (const c of yangjiang) expect({ period: c.period, targetYear: c.targetYear }).toEqual({ period: { from: 2022, to: 2022 }, targetYear: 2022 });
  });

  it('carries the region of its report', () => {
    for (const p of PROVINCES) expect(new Set(of(p).map((c) => c.docId))).toEqual(new Set([docOf(p).id]));
    expect(new Set(all.filter((c) => c.docId === REPORT_ID).map((c) => c.region))).toEqual(new Set(['阳江市']));
  });
});

describe('one commitment per actionable statement, no fragments', () => {
  it('every commitment names an action, is no shorter than 8 characters, no heading, lead-in or footnote', () => {
    for (const c of all) {
      expect(isActionable(c.text), c.text).toBe(true);
      expect([...compactForm(c.text).replace(/[^\p{L}\p{N}]/gu, '')].length, c.text).toBeGreaterThanOrEqual(8);
      expect(c.text, c.text).not.toMatch(/[：:]$/);
      expect(c.text).not.toMatch(/^(?:各位代表|让我们)/);
      // A heading repeated as the passage's first sentence is no commitment (an item's first clause ending in ； is).
      if (!/[；;]$/.test(c.text)) expect(compactForm(c.text.replace(/[。.：:]$/, '')), c.text).not.toBe(compactForm(c.heading[c.heading.length - 1] ?? ''));
    }
    const guangdong = of('广东省').map((c) => c.text);
    // Lead-ins, descriptions of the time, rhetoric and the glossary after the plan are not commitments.
    for (const fragment of ['重点抓好以下14个方面的工作：', '2026年是“十五五”第一年，开好局起好步十分重要。', '各位代表！', '指世界一流大学和一流学科。', '名词解释']) {
      expect(guangdong, fragment).not.toContain(fragment);
    }
    expect(guangdong.some((t) => t.startsWith('我们深知'))).toBe(false);
    expect(of('四川省').some((c) => c.text.includes('名词解释') || c.text.startsWith('“两新”'))).toBe(false);
    // Actions, short or long, are.
    expect(guangdong).toContain('深入推进重大合作平台建设。');
    expect(guangdong).toContain('加快传统产业优化升级。');
    expect(guangdong.some((t) => t.includes('地区生产总值增长4.5%—5%'))).toBe(true);
    // An item of 内蒙古's 2026年自治区民生实事 whose first clause is its heading is kept (it ends in ；).
    expect(of('内蒙古自治区').some((c) => c.text.startsWith('1.通过“以工代赈”发放'))).toBe(true);
  });

  it('splits a long enumeration into runs of clauses, each starting with an action', () => {
    // Runs of one sentence share its id up to the dot ({passage}/{n}.{k}).
    const bySentence = new Map<string, Commitment[]>();
    for (const c of all.filter((m) => /\/\d+\.\d+$/.test(m.id))) {
      const key = c.id.replace(/\.\d+$/, '');
      bySentence.set(key, [...(bySentence.get(key) ?? []), c]);
    }
    const runs = [...bySentence.values()].find((list) => list.length > 1);
    expect(runs).toBeDefined();
    const passage = runs![0];
    const source = all.filter((c) => c.passageId === passage.passageId).map((c) => c.text);
    expect(source.length).toBeGreaterThan(1);
    const whole = runs!.reduce((n, r) => n + [...r.text].length, 0);
    for (const r of runs!) expect([...r.text].length).toBeLessThan(whole);
    for (const r of runs!) expect(isActionable(r.text), r.text).toBe(true);
    // statementsOf keeps every character of the sentence, in order.
    const text = '推进基础设施互联互通，深化轨道交通“四网融合”，开工建设广珠（澳）高铁鹤洲至横琴段，建成投用新皇岗口岸，用好管好港珠澳大桥，深化与港澳空港联动、港口合作，加快建设世界级机场群和港口群，有效提升市场一体化水平，拓展湾区标准、湾区认证实施领域，深入实施职业资格认可，携手港澳健全协商合作机制，持续深化规则衔接、机制对接和政策协同、资源共享。';
    expect([...text].length).toBeGreaterThan(150);
    const split = statementsOf(text);
    expect(split.length).toBeGreaterThan(1);
    expect(split.join('')).toBe(text);
    expect(statementsOf('加快传统产业优化升级。')).toEqual(['加快传统产业优化升级。']);
  });

  it('tells fragments from actions', () => {
    for (const fragment of ['名词解释', '各位代表！', '具体抓好9个方面工作：', '今年要重点做好以下工作。', '大道至简，实干为要。', '“十五五”时期是内蒙古高质量发展、加快闯新路的关键时期。', '我市已建成法治督察工作机制。', '扩大有效投资。']) {
      expect(isActionable(fragment), fragment).toBe(false);
    }
    for (const action of ['发布新一批“上海标准”和“上海品牌”。', '因地制宜发展老年助餐服务。', '改造提升超5000个已建成自然村的生活污水治理设施。', '2022年,阳江市政府将持续深入学习贯彻习近平法治思想。']) {
      expect(isActionable(action), action).toBe(true);
    }
  });
});

describe('/api/commitments and /commitments filter by region and planned year', () => {
  it('region= keeps one region, with the counts per region in facets', async () => {
    const everything = await api('limit=1');
    expect(everything.total).toBe(all.length);
    const regions = Object.fromEntries(everything.facets.region.map((f) => [f.value, f.count]));
    for (const p of PROVINCES) expect(regions[p], p).toBe(of(p).length);
    expect(regions['阳江市']).toBe(all.filter((c) => c.region === '阳江市').length);
    expect(everything.facets.region.reduce((s, f) => s + f.count, 0)).toBe(all.length);

    const tianjin = await api(`region=${enc('天津市')}`);
    expect(tianjin.total).toBe(of('天津市').length);
    expect(tianjin.filters.region).toBe('天津市');
    expect(new Set(tianjin.commitments.map((c) => c.region))).toEqual(new Set(['天津市']));
    expect((await api(`region=${enc('火星市')}`)).total).toBe(0);
  });

  it('year= is a planned year: 2026 lists the 2026 plans, 2028 only the “十五五” ones, 2022 阳江’s', async () => {
    const y2026 = await api(`year=2026&region=${enc('广东省')}`);
    expect(y2026.total).toBe(of('广东省').filter((c) => plannedYears(c).includes(2026)).length);
    const y2028 = await api(`year=2028&region=${enc('广东省')}&limit=50`);
    expect(y2028.total).toBe(of('广东省').filter((c) => c.period?.to === 2030).length);
    expect(y2028.total).toBeGreaterThan(0);
    for (const c of y2028.commitments) expect(c.period).toEqual({ from: 2026, to: 2030 });
    const y2022 = await api('year=2022');
    expect(y2022.total).toBe(all.filter((c) => c.docId === REPORT_ID).length);
    // The report's own year is not a planned year.
    expect((await api(`year=2025&region=${enc('广东省')}`)).total).toBe(0);
    // The year facet counts under the region filter.
    const facets = (await api(`region=${enc('广东省')}&limit=1`)).facets.year;
    expect(facets.map((f) => f.value)).toEqual(expect.arrayContaining(['2026', '2030']));
    expect(facets.find((f) => f.value === '2022')).toBeUndefined();
  });

  it('renders the region and year filters, the counts per region and each commitment’s period', async () => {
    const html = await (await app.request(`/commitments?region=${enc('广东省')}&year=2026`)).text();
    expect(html).toContain('<select id="staff-region" name="region">');
    expect(html).toContain('<option value="广东省" selected="">广东省</option>');
    expect(html).toContain('<option value="2026" selected="">2026</option>');
    expect(html).toMatch(/<nav class="commitment-facets" aria-label="各地区承诺数">/);
    expect(html).toMatch(/<a href="\/commitments\?region=%E5%B9%BF%E4%B8%9C%E7%9C%81&amp;year=2026" aria-current="true">广东省 <span class="facet-count">\d+<\/span><\/a>/);
    expect(html).toContain('计划年份：2026');
    expect(html).toContain('还没有广东省更晚的报告。');
    const fifteenth = await (await app.request(`/commitments?region=${enc('广东省')}&year=2029`)).text();
    expect(fifteenth).toContain('计划年份：2026—2030');
  });
});

describe('后续进展 only from later documents of the same region', () => {
  it('dates documents by publish date, else year', () => {
    expect(isDatedAfter({ publishedAt: '2023-01-20', year: 2022 }, { publishedAt: '2022-01-26', year: 2021 })).toBe(true);
    expect(isDatedAfter({ publishedAt: '2022-01-26', year: 2021 }, { publishedAt: '2023-01-20', year: 2022 })).toBe(false);
    expect(isDatedAfter({ publishedAt: null, year: 2026 }, { publishedAt: '2022-01-26', year: 2021 })).toBe(true);
    expect(isDatedAfter({ publishedAt: null, year: 2021 }, { publishedAt: null, year: 2021 })).toBe(false);
  });

  it('阳江 2021 commitments look only in the later 阳江 report, never in 天津’s or any 2026 provincial report', () => {
    const c = all.find((m) => m.docId === REPORT_ID && m.text.startsWith('加快推进镇街综合行政执法改革'))!;
    expect(laterDocumentsOf(service.kb, c).map((d) => d.id)).toEqual([FIXTURE_ID]);
    const f = followUp(service.kb, (text) => service.analyze(text), c, { minScore: DEFAULT_SETTINGS.FOLLOW_UP_MIN_SCORE, limit: 3 });
    expect(f.laterDocuments).toBe(1);
    expect(f.candidates.length).toBeGreaterThan(0);
    expect(new Set(f.candidates.map((x) => x.docId))).toEqual(new Set([FIXTURE_ID]));
    for (const m of all.filter((x) => x.docId === REPORT_ID)) {
      const g = followUp(service.kb, (text) => service.analyze(text), m, { minScore: 0, limit: 10 });
      for (const x of g.candidates) expect(x.docId, m.text).toBe(FIXTURE_ID);
    }
  });

  it('a 2026 provincial commitment has no later document: the later-dated 阳江 fixture is another region', () => {
    for (const p of PROVINCES) {
      const c = of(p)[0];
      expect(laterDocumentsOf(service.kb, c), p).toEqual([]);
      expect(followUp(service.kb, (text) => service.analyze(text), c, { minScore: 0, limit: 3 })).toMatchObject({ laterDocuments: 0, candidates: [] });
    }
    // The fixture's own plan (for 2023) has nothing later either; earlier reports never count.
    const own = all.filter((c) => c.docId === FIXTURE_ID);
    expect(own.length).toBeGreaterThan(0);
    for (const c of own) expect(laterDocumentsOf(service.kb, c)).toEqual([]);
  });

  it('the API gives each commitment its follow-up from its own region only', async () => {
    const json = await api(`q=${enc('两平台')}&year=2022`);
    expect(json.commitments.length).toBeGreaterThan(0);
    for (const c of json.commitments) {
      expect(c.region).toBe('阳江市');
      for (const x of c.followUp.candidates) expect(x.docId).toBe(FIXTURE_ID);
    }
  });
});
