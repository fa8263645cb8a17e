// Question frames (src/search/frame.ts) and answers on a whole library: what a
// question names — regions by full name, stem or one-character 简称, years named,
// relative (今年/去年 against CURRENT_YEAR 2026) or as five-year plans, and whether
// it asks for plans or results — then questions about the 31 provincial 2026
// government work reports (../shared/reports/provincial-2026) plus the bundled 阳江
// report, answered from the asked province's own report, and refused with a reason
// when the library has no document for the region or year asked. Finally the
// bundled report alone, whose present is 2022 (it plans 2022): there 去年 is 2021.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest, type IngestReport } from '../../src/adapters/node/ingest.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { analyzeQueryFrame, presentYear, regionScope, sectionPeriod } from '../../src/search/frame.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { normalizeForMatch } from '../../src/text/normalize.js';

const REPORTS_DIR = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SETTINGS = { ...DEFAULT_SETTINGS, CURRENT_YEAR: 2026 };

const frameOf = (question: string, currentYear = 2026) => analyzeQueryFrame(normalizeForMatch(question), currentYear);
const regionNames = (question: string) => frameOf(question).regions.map((r) => r.name);
const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('analyzeQueryFrame: regions', () => {
  it('finds full names, with the words that named them', () => {
    const f = frameOf('广西壮族自治区2025年地区生产总值增长多少？');
    expect(f.regions.map((r) => [r.name, r.code])).toEqual([['广西壮族自治区', '45']]);
    expect(f.mentions).toEqual([{ text: '广西壮族自治区', code: '45' }]);
    expect(f.subjects.has('45')).toBe(true);
    expect(regionNames('黑龙江省今年粮食产量目标是多少？')).toEqual(['黑龙江省']);
    expect(regionNames('新疆维吾尔自治区去年完成了多少固定资产投资？')).toEqual(['新疆维吾尔自治区']);
  });

  it('finds stems: 广东, 内蒙古, 新疆', () => {
    const guangdong = frameOf('广东今年要新建多少所中小学？');
    expect(guangdong.regions.map((r) => r.name)).toEqual(['广东省']);
    expect(guangdong.mentions).toEqual([{ text: '广东', code: '44' }]);
    const neimenggu = frameOf('内蒙古2025年煤炭产量是多少？');
    expect(neimenggu.regions.map((r) => r.name)).toEqual(['内蒙古自治区']);
    expect(neimenggu.mentions).toEqual([{ text: '内蒙古', code: '15' }]);
    expect(neimenggu.subjects.has('15')).toBe(true);
    expect(regionNames('新疆去年完成了多少固定资产投资？')).toEqual(['新疆维吾尔自治区']);
  });

  it('takes a one-character 简称 at the opening of a question, after a filler or after a year', () => {
    const yue = frameOf('粤2025年货物进出口总额是多少？');
    expect(yue.regions.map((r) => r.name)).toEqual(['广东省']);
    expect(yue.mentions).toEqual([{ text: '粤', code: '44' }]);
    expect(yue.subjects.has('44')).toBe(true);
    expect(regionNames('鄂今年经济增长目标是多少？')).toEqual(['湖北省']);
    expect(regionNames('请问湘2025年粮食产量是多少？')).toEqual(['湖南省']);
    expect(regionNames('2025年粤的地区生产总值是多少？')).toEqual(['广东省']);
  });

  it('does not take a 简称 inside a name (粤省事, 鄂尔多斯)', () => {
    expect(frameOf('我在粤省事上办了社保，怎么查进度？').regions).toEqual([]);
    expect(regionNames('鄂尔多斯市今年煤炭产量目标是多少？')).toEqual(['鄂尔多斯市']);
  });

  it('names no region for a question without one', () => {
    const f = frameOf('今年城镇调查失业率控制目标是多少？');
    expect(f.regions).toEqual([]);
    expect(f.mentions).toEqual([]);
    expect(f.subjects.size).toBe(0);
  });
});

describe('analyzeQueryFrame: years', () => {
  it('resolves relative years against the current year 2026', () => {
    expect(frameOf('今年的经济增长目标是什么？')).toMatchObject({ years: [2026], relativeYears: [{ word: '今年', year: 2026 }] });
    expect(frameOf('去年地区生产总值是多少？')).toMatchObject({ years: [2025], relativeYears: [{ word: '去年', year: 2025 }] });
    expect(frameOf('明年计划新增多少就业岗位？')).toMatchObject({ years: [2027], relativeYears: [{ word: '明年', year: 2027 }] });
    expect(frameOf('前年的粮食产量是多少？').years).toEqual([2024]);
  });

  it('against another clock year, and not at all without one', () => {
    expect(frameOf('去年地区生产总值是多少？', 2022).years).toEqual([2021]);
    const unresolved = frameOf('去年地区生产总值是多少？', 0);
    expect(unresolved.years).toEqual([]);
    expect(unresolved.relativeYears).toEqual([]);
  });

  it('reads named years and five-year plans', () => {
    expect(frameOf('十四五期间湖南累计新增城镇就业多少人？').years).toEqual(span(2021, 2025));
    expect(frameOf('“十五五”时期广东的主要目标是什么？').years).toEqual(span(2026, 2030));
    expect(frameOf('2025年全省地区生产总值是多少？').years).toEqual([2025]);
    expect(frameOf('第十五届全国运动会在哪里举办？').years).toEqual([]);
  });
});

describe('analyzeQueryFrame: intent', () => {
  it.each([
    ['今年的主要预期目标是什么？', 'planned'],
    ['明年计划新增多少就业岗位？', 'planned'],
    ['浙江省下一步有什么打算？', 'planned'],
    ['去年完成了多少固定资产投资？', 'reviewed'],
    ['十四五以来实现了哪些突破？', 'reviewed'],
    ['2025年粮食产量达到了多少？', 'reviewed'],
    ['黑龙江省粮食产量是多少？', null],
  ])('%s → %s', (question, intent) => {
    expect(frameOf(question).intent).toBe(intent);
  });
});

describe('the library: 31 provincial reports and the 阳江 report', () => {
  let dir: string;
  let report: IngestReport;
  let library: QaService;
  let bundled: QaService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-frame-'));
    report = await runIngest({ inputs: [CORPUS_DIR, REPORTS_DIR], kbPath: join(dir, 'library.sqlite'), root: REPO_ROOT });
    library = loadService(report.kbPath, SETTINGS);
    const alone = await runIngest({ inputs: [CORPUS_DIR], kbPath: join(dir, 'bundled.sqlite'), root: REPO_ROOT });
    bundled = loadService(alone.kbPath, SETTINGS);
  }, 120_000);

  afterAll(() => {
    if (library) closeService(library);
    if (bundled) closeService(bundled);
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds 32 documents, each with its region', () => {
    expect(report.documents).toBe(32);
    expect(report.skipped).toEqual([]);
    const regions = new Set(library.kb.documents().map((d) => d.frame.region));
    expect(regions.size).toBe(32);
    expect(regions.has('阳江市')).toBe(true);
    expect(regions.has(null)).toBe(false);
  });

  it('has 2026 as its present year (its reports plan 2026)', () => {
    expect(presentYear(library.kb.documents(), 2026)).toBe(2026);
  });

  // Figures read from each report: the 2025 results and this year's (2026) targets.
  it.each([
    ['云南省2025年地区生产总值是多少？', '云南省', '32765亿元', 'reviewed', 2025],
    ['四川省2025年实现地区生产总值多少亿元？', '四川省', '67665亿元', 'reviewed', 2025],
    ['重庆市2025年地区生产总值是多少？', '重庆市', '33757.93亿元', 'reviewed', 2025],
    ['北京市2025年地区生产总值是多少？', '北京市', '5.2万亿元', 'reviewed', 2025],
    ['安徽省2025年地区生产总值多少？', '安徽省', '5.3万亿元', 'reviewed', 2025],
    ['新疆2025年全年地区生产总值是多少万亿元？', '新疆维吾尔自治区', '2.15万亿元', 'reviewed', 2025],
    ['山东省2025年地区生产总值达到多少？', '山东省', '10.3万亿元', 'reviewed', 2025],
    ['粤2025年货物进出口总额是多少？', '广东省', '9.5万亿元', 'reviewed', 2025],
    ['广东省2026年地区生产总值预期增长多少？', '广东省', '4.5%—5%', 'planned', 2026],
    ['西藏今年地区生产总值预期增长多少？', '西藏自治区', '7%以上', 'planned', 2026],
    ['海南省2026年地区生产总值增长目标是多少？', '海南省', '6%左右', 'planned', 2026],
    ['浙江今年全省生产总值增长目标是多少？', '浙江省', '5%—5.5%', 'planned', 2026],
    ['鄂今年经济增长目标是多少？', '湖北省', '5.5%左右', 'planned', 2026],
    ['青海省2026年城镇新增就业目标是多少？', '青海省', '6万人以上', 'planned', 2026],
  ])('%s → %s: %s', (question, region, figure, stance, year) => {
    const r = library.ask(question);
    expect(r.reason).toBeNull();
    expect(r.answer).toContain(figure);
    expect(r.understood.regions).toEqual([region]);
    expect(r.citations[0].region).toBe(region);
    expect(r.citations[0].text).toContain(r.answer!);
    expect(r.citations[0].period?.stance).toBe(stance);
    expect(r.citations[0].period!.from).toBeLessThanOrEqual(year);
    expect(r.citations[0].period!.to).toBeGreaterThanOrEqual(year);
  });

  it('says how it read 今年: 2026', () => {
    const r = library.ask('西藏今年地区生产总值预期增长多少？');
    expect(r.understood.relativeYears).toEqual([{ word: '今年', year: 2026 }]);
    expect(r.understood.years).toEqual([2026]);
    expect(r.understood.intent).toBe('planned');
  });

  it('answers a 2026 target question that names no region from a 2026 plan section', () => {
    const r = library.ask('2026年规上工业增加值增长目标是多少？');
    expect(r.understood.regions).toEqual([]);
    expect(r.reason).toBeNull();
    expect(r.answer).toMatch(/规上工业增加值增长\d+(?:\.\d+)?%/);
    expect(r.citations[0].text).toContain(r.answer!);
    expect(r.citations[0].period).toMatchObject({ stance: 'planned' });
    expect(r.citations[0].period!.from).toBeLessThanOrEqual(2026);
    expect(r.citations[0].period!.to).toBeGreaterThanOrEqual(2026);
    const unemployment = library.ask('今年城镇调查失业率控制目标是多少？');
    expect(unemployment.understood.relativeYears).toEqual([{ word: '今年', year: 2026 }]);
    expect(unemployment.answer).toMatch(/城镇调查失业率[^，；。]*\d/);
    expect(unemployment.citations[0].period?.stance).toBe('planned');
  });

  it.each([
    ['香港2025年地区生产总值是多少？', '香港特别行政区'],
    ['澳门今年经济增长目标是多少？', '澳门特别行政区'],
  ])('refuses %s: no document for %s, and says which regions it has', (question, region) => {
    const r = library.ask(question);
    expect(r.answer).toBeNull();
    expect(r.understood.regions).toEqual([region]);
    expect(r.reason).toContain(`没有${region}的文件`);
    expect(r.reason).toMatch(/现有的是.*(?:广东省|北京市|安徽省)/);
    expect(r.reason).toContain('32个地区');
    // Nothing from another region is offered in its place.
    expect(r.citations.filter((c) => c.region !== region)).toEqual([]);
  });

  it('refuses 深圳市 figures and cites nothing but the report of the province that contains it', () => {
    const r = library.ask('深圳市2025年地区生产总值是多少？');
    expect(r.answer).toBeNull();
    expect(r.understood.regions).toEqual(['深圳市']);
    expect(r.reason).toContain('深圳市');
    expect(r.citations.filter((c) => c.region !== '广东省' && c.region !== '深圳市')).toEqual([]);
  });

  it.each([
    ['广东省2019年地区生产总值是多少？', '广东省'],
    ['湖北省2019年地区生产总值达到多少？', '湖北省'],
  ])('refuses %s: names 2019 and the years the documents cover', (question, region) => {
    const r = library.ask(question);
    expect(r.answer).toBeNull();
    expect(r.understood.years).toEqual([2019]);
    expect(r.reason).toContain('2019年');
    expect(r.reason).toContain(region);
    expect(r.reason).toMatch(/2021—20(?:25|30)年/);
  });

  it('keeps a 广东 question to the 广东 report; 阳江, inside 广东, is related reading only', () => {
    const docs = library.kb.documents();
    const guangdong = docs.find((d) => d.frame.region === '广东省')!;
    const yangjiang = docs.find((d) => d.frame.region === '阳江市')!;
    const scope = regionScope(docs, frameOf('广东省2025年地区生产总值是多少？'));
    expect([...scope.keep!]).toEqual([guangdong.ord]);
    expect([...scope.own]).toEqual([guangdong.ord]);
    expect(scope.covered.map((r) => r.name)).toEqual(['广东省']);
    expect(scope.uncovered).toEqual([]);
    expect([...scope.within]).toEqual([yangjiang.ord]);
    // A question about 阳江 keeps to the 阳江 report and the province's report that contains it.
    const city = regionScope(docs, frameOf('阳江市2021年办结了多少件行政复议申请？'));
    expect(city.covered.map((r) => r.name)).toEqual(['阳江市']);
    expect(city.own.has(yangjiang.ord)).toBe(true);
    expect(city.keep!.has(docs.find((d) => d.frame.region === '湖南省')!.ord)).toBe(false);
    // 香港 is not covered at all.
    const hk = regionScope(docs, frameOf('香港2025年地区生产总值是多少？'));
    expect(hk.covered).toEqual([]);
    expect(hk.uncovered.map((r) => r.name)).toEqual(['香港特别行政区']);
    expect(hk.keep!.size).toBe(0);
  });

  it('answers a question for an amount with an amount, not a growth rate or a span of years', () => {
    // 广东's review of 2025 gives only the growth (增长3.9%, 连续37年居全国首位); the five-year review gives the level.
    const r = library.ask('廣東省2025年地區生產總值是多少？');
    expect(r.answer).toContain('14.58万亿元');
    expect(r.answer).not.toMatch(/^地区生产总值增长/);
  });

  it('reads the period of the 广东 主要预期目标 paragraph as planned 2026', () => {
    const guangdong = library.kb.documents().find((d) => d.frame.region === '广东省')!;
    const r = library.ask('广东省2026年地区生产总值预期增长多少？');
    expect(sectionPeriod(guangdong, r.citations[0].paragraph)).toEqual({ from: 2026, to: 2026, stance: 'planned' });
  });

  describe('the bundled 阳江 report alone', () => {
    it('has 2022 as its present: it reviews 2021 and plans 2022', () => {
      const docs = bundled.kb.documents();
      expect(docs).toHaveLength(1);
      expect(presentYear(docs, 2026)).toBe(2022);
      // The same document in the library: there the clock's 2026 is covered.
      const inLibrary = library.kb.documents().filter((d) => d.frame.region === '阳江市');
      expect(presentYear(inLibrary, 2026)).toBe(2022);
    });

    it('reads 去年 as 2021 and answers from the 2021 review', () => {
      const r = bundled.ask('去年办结了多少件行政复议申请？');
      expect(r.understood.relativeYears).toEqual([{ word: '去年', year: 2021 }]);
      expect(r.understood.years).toEqual([2021]);
      expect(r.understood.intent).toBe('reviewed');
      expect(r.answer).toContain('108件');
      expect(r.citations[0].region).toBe('阳江市');
      expect(r.citations[0].period).toEqual({ from: 2021, to: 2021, stance: 'reviewed' });
    });

    it('reads 今年 as 2022, the year its plans are for', () => {
      const r = bundled.ask('今年在行政执法上有什么打算？');
      expect(r.understood.relativeYears).toEqual([{ word: '今年', year: 2022 }]);
      expect(r.understood.intent).toBe('planned');
    });
  });
});
