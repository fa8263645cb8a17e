// Figures as a comparable table (issue #18 item 1) on the real library: the bundled
// 阳江 report and the 31 provincial 2026 government work reports. Each figure has a
// region, a year, a normalised measure key, a kind (level, growth, share) and its
// value in one unit per family (亿元, 万人, 万元 per person, %); /figures/compare sets
// one measure side by side across regions for a year, or across years for a region,
// sortable, with a chart and CSV. The 34 figures below were checked by hand against
// the report text (../shared/reports/provincial-2026/<region>-2026-政府工作报告.txt).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { comparableMeasures, compareFigures, figuresFor, measureName, sortRows, type Figure } from '../../src/staff/figures.js';
import { normaliseAmount } from '../../src/staff/units.js';

const REPORTS_DIR = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GDP = '地区生产总值';
const q = encodeURIComponent;

let dir: string;
let service: QaService;
let figures: Figure[];
let app: Hono;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-figures-compare-'));
  const report = await runIngest({ inputs: [CORPUS_DIR, REPORTS_DIR], kbPath: join(dir, 'library.sqlite'), root: REPO_ROOT });
  expect(report.documents).toBe(32);
  const settings = { ...DEFAULT_SETTINGS, CURRENT_YEAR: 2026 };
  service = loadService(report.kbPath, settings);
  figures = figuresFor(service.kb);
  app = createApp({ service: () => service, settings });
}, 120_000);

afterAll(() => {
  if (service) closeService(service);
  rmSync(dir, { recursive: true, force: true });
});

describe('normalised units and measure words', () => {
  it('puts amounts of one family in one unit', () => {
    expect(normaliseAmount(5.6e12, '元')).toEqual({ value: 56000, unit: '亿元' });
    expect(normaliseAmount(32765e8, '元')).toEqual({ value: 32765, unit: '亿元' });
    expect(normaliseAmount(712000, '人')).toEqual({ value: 71.2, unit: '万人' });
    expect(normaliseAmount(5000, '名')).toEqual({ value: 0.5, unit: '万人' });
    expect(normaliseAmount(1.2, '万亿元')).toEqual({ value: 12000, unit: '亿元' });
    expect(normaliseAmount(110000, '元', true)).toEqual({ value: 11, unit: '万元' });
    expect(normaliseAmount(5.5, '%')).toEqual({ value: 5.5, unit: '%' });
    expect(normaliseAmount(108, '件')).toEqual({ value: 108, unit: '件' });
  });

  it('reduces the words of a measure by general rules', () => {
    expect(measureName('全省地区生产总值')).toBe(GDP);
    expect(measureName('全年实现地区生产总值')).toBe(GDP);
    expect(measureName('全市生产总值')).toBe(GDP);
    expect(measureName('经济总量')).toBe(GDP);
    expect(measureName('地区生产总值同比增长')).toBe(GDP);
    expect(measureName('地区生产总值迈上台阶')).toBe(GDP);
    expect(measureName('规上工业增加值增长')).toBe('规模以上工业增加值');
    expect(measureName('地方一般公共预算收入')).toBe('一般公共预算收入');
    expect(measureName('外贸进出口总额增长')).toBe('进出口总额');
    expect(measureName('城镇调查失业率控制在')).toBe('城镇调查失业率');
    expect(measureName('人均GDP从2020年的')).toBe('人均地区生产总值');
    expect(measureName('较“十三五”末的')).toBe('');
    expect(measureName('增加到')).toBe('');
  });

  it('groups the measures every report gives (printed for review)', () => {
    const top = comparableMeasures(figures, 20);
    console.log(top.map((m) => `${m.regions}\t${m.measure}`).join('\n'));
    const byName = new Map(top.map((m) => [m.measure, m.regions]));
    expect(byName.get(GDP)).toBe(31);
    expect(byName.get('城镇新增就业')).toBeGreaterThanOrEqual(28);
    expect(byName.get('城镇调查失业率')).toBeGreaterThanOrEqual(25);
    expect(byName.get('一般公共预算收入')).toBeGreaterThanOrEqual(20);
    expect(byName.get('规模以上工业增加值')).toBeGreaterThanOrEqual(20);
  });
});

/**
 * Checked by hand against the report text: region, the value as written, words of its sentence,
 * then year, measure key, kind, normalised value and unit, stance.
 */
const HAND_CHECKED: [string, string, string, number, string, Figure['kind'], number, string, 'reported' | 'target'][] = [
  ['广东省', '14.58万亿元', '地区生产总值从11.37万亿元提高到14.58万亿元', 2025, GDP, 'level', 145800, '亿元', 'reported'],
  ['广东省', '11.37万亿元', '地区生产总值从11.37万亿元提高到14.58万亿元', 2020, GDP, 'level', 113700, '亿元', 'reported'],
  ['广东省', '3.9%', '总量连续37年居全国首位', 2025, GDP, 'growth', 3.9, '%', 'reported'],
  ['广东省', '149.4万人', '城镇新增就业149.4万人', 2025, '城镇新增就业', 'level', 149.4, '万人', 'reported'],
  ['江苏省', '14.2万亿元', '连续迈上4个万亿元台阶、达14.2万亿元', 2025, GDP, 'level', 142000, '亿元', 'reported'],
  ['江苏省', '5.3%', '地区生产总值增长5.3%、增量保持全国第一', 2025, GDP, 'growth', 5.3, '%', 'reported'],
  ['山东省', '10.3万亿元', '地区生产总值增长5.5%、达到10.3万亿元', 2025, GDP, 'level', 103000, '亿元', 'reported'],
  ['山东省', '124.9万人', '城镇新增就业124.9万人', 2025, '城镇新增就业', 'level', 124.9, '万人', 'reported'],
  ['四川省', '67665亿元', '实现地区生产总值67665亿元', 2025, GDP, 'level', 67665, '亿元', 'reported'],
  ['四川省', '5.5%', '实现地区生产总值67665亿元，增长5.5%', 2025, GDP, 'growth', 5.5, '%', 'reported'],
  ['河南省', '6.66万亿元', '生产总值6.66万亿元，财政总收入7019亿元', 2025, GDP, 'level', 66600, '亿元', 'reported'],
  ['湖北省', '62661亿元', '地区生产总值迈上6万亿元台阶，达到62661亿元', 2025, GDP, 'level', 62661, '亿元', 'reported'],
  ['福建省', '60199.45亿元', '2025年全省地区生产总值60199.45亿元', 2025, GDP, 'level', 60199.45, '亿元', 'reported'],
  ['福建省', '3723.35亿元', '地方一般公共预算收入3723.35亿元', 2025, '一般公共预算收入', 'level', 3723.35, '亿元', 'reported'],
  ['福建省', '3.3%', '固定资产投资下降3.3%', 2025, '固定资产投资', 'growth', -3.3, '%', 'reported'],
  ['上海市', '5.67万亿元', '全市生产总值达到5.67万亿元、增长5.4%', 2025, GDP, 'level', 56700, '亿元', 'reported'],
  ['上海市', '64.1万人', '城镇新增就业64.1万人', 2025, '城镇新增就业', 'level', 64.1, '万人', 'reported'],
  ['北京市', '5.2万亿元', '全市地区生产总值5.2万亿元、增长5.4%', 2025, GDP, 'level', 52000, '亿元', 'reported'],
  ['北京市', '4.1%', '城镇调查失业率4.1%', 2025, '城镇调查失业率', 'share', 4.1, '%', 'reported'],
  ['安徽省', '5.3万亿元', '全省地区生产总值5.3万亿元、增长5.5%', 2025, GDP, 'level', 53000, '亿元', 'reported'],
  ['湖南省', '3507.6亿元', '地方一般公共预算收入达3507.6亿元', 2025, '一般公共预算收入', 'level', 3507.6, '亿元', 'reported'],
  ['湖南省', '4.8%', '5.53万亿元、稳居全国前十强、增长4.8%', 2025, GDP, 'growth', 4.8, '%', 'reported'],
  ['云南省', '32765亿元', '完成地区生产总值32765亿元、增长4.1%', 2025, GDP, 'level', 32765, '亿元', 'reported'],
  ['重庆市', '33757.93亿元', '全市地区生产总值达到33757.93亿元、增长5.3%', 2025, GDP, 'level', 33757.93, '亿元', 'reported'],
  ['新疆维吾尔自治区', '2.15万亿元', '全年地区生产总值2.15万亿元、增长5.5%', 2025, GDP, 'level', 21500, '亿元', 'reported'],
  ['甘肃省', '13697.5亿元', '全省地区生产总值达到13697.5亿元', 2025, GDP, 'level', 13697.5, '亿元', 'reported'],
  ['甘肃省', '9323.1亿元', '较“十三五”末的9323.1亿元', 2020, GDP, 'level', 9323.1, '亿元', 'reported'],
  ['宁夏回族自治区', '5696亿元', '全年实现地区生产总值5696亿元', 2025, GDP, 'level', 5696, '亿元', 'reported'],
  ['宁夏回族自治区', '7.8万元', '人均地区生产总值从5.6万元增至7.8万元', 2025, '人均地区生产总值', 'level', 7.8, '万元', 'reported'],
  ['浙江省', '8865亿元', '一般公共预算收入从7248亿元提高到8865亿元', 2025, '一般公共预算收入', 'level', 8865, '亿元', 'reported'],
  ['河北省', '4.93万亿元', '从2020年的3.68万亿元增长到2025年的4.93万亿元', 2025, GDP, 'level', 49300, '亿元', 'reported'],
  ['海南省', '6%', '主要预期目标是：地区生产总值增长6%左右', 2026, GDP, 'growth', 6, '%', 'target'],
  ['西藏自治区', '7%', '地区生产总值增长7%，固定资产投资增长17.2%', 2025, GDP, 'growth', 7, '%', 'reported'],
  ['黑龙江省', '30万人', '城镇新增就业30万人以上', 2026, '城镇新增就业', 'level', 30, '万人', 'target'],
];

describe('figures checked by hand', () => {
  it(`covers ${HAND_CHECKED.length} figures of at least 12 provinces`, () => {
    expect(HAND_CHECKED.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HAND_CHECKED.map((h) => h[0])).size).toBeGreaterThanOrEqual(12);
  });

  it.each(HAND_CHECKED)('%s %s (%s)', (region, expr, words, year, measureKey, kind, normValue, normUnit, stance) => {
    const found = figures.filter((f) => f.region === region && f.expr.startsWith(expr) && f.sentence.normalize('NFKC').includes(words.normalize('NFKC')));
    expect(found.length, `${region} ${expr} in “${words}”`).toBeGreaterThanOrEqual(1);
    const f = found.find((g) => g.measureKey === measureKey && g.kind === kind) ?? found[0];
    expect({ region: f.region, year: f.year, measureKey: f.measureKey, kind: f.kind, normValue: f.normValue, normUnit: f.normUnit, stance: f.stance }).toEqual({
      region,
      year,
      measureKey,
      kind,
      normValue,
      normUnit,
      stance,
    });
  });

  it('marks starting values and bounds', () => {
    const from = figures.find((f) => f.region === '广东省' && f.expr === '11.37万亿元')!;
    expect(from).toMatchObject({ baseline: true, year: 2020 });
    const bound = figures.find((f) => f.region === '湖北省' && f.expr === '6万亿元' && f.measureKey === GDP)!;
    expect(bound).toMatchObject({ approx: true, kind: 'level' });
    // 经济总量超500亿元的县域: a threshold describing counties, not 广西's 地区生产总值.
    expect(figures.filter((f) => f.region === '广西壮族自治区' && f.measureKey === GDP && f.kind === 'level')).toEqual([]);
  });
});

describe('comparison', () => {
  it('sets 2025 地区生产总值 of at least 20 provinces side by side in 亿元, an exact value before a bound', () => {
    const c = compareFigures(figures, { measure: GDP, year: 2025, region: '', kind: 'level', stance: '' });
    expect(c.unit).toBe('亿元');
    expect(c.rows.length).toBeGreaterThanOrEqual(20);
    const sorted = sortRows(c.rows, 'value', 'desc');
    expect(sorted.slice(0, 3).map((r) => [r.region, r.figure.normValue])).toEqual([
      ['广东省', 145800],
      ['江苏省', 142000],
      ['山东省', 103000],
    ]);
    expect(c.rows.find((r) => r.region === '湖北省')?.figure.normValue).toBe(62661);
    expect(c.rows.find((r) => r.region === '云南省')?.figure.normValue).toBe(32765);
    expect(sortRows(c.rows, 'value', 'asc')[0].figure.normValue).toBeLessThan(10000);
  });

  it('sets 2026 growth targets side by side, and leaves cumulative growth over 十四五 out', () => {
    const c = compareFigures(figures, { measure: GDP, year: 2026, region: '', kind: 'growth', stance: 'target' });
    expect(c.rows.length).toBeGreaterThanOrEqual(20);
    expect(c.rows.every((r) => r.figure.stance === 'target' && r.figure.normUnit === '%')).toBe(true);
    const reported = compareFigures(figures, { measure: GDP, year: 2025, region: '', kind: 'growth', stance: 'reported' });
    expect(reported.rows.find((r) => r.region === '甘肃省')?.figure.normValue).toBe(5.8); // not 增长33.6% over five years
  });

  it('sets one region’s years side by side', () => {
    const c = compareFigures(figures, { measure: GDP, year: null, region: '广东省', kind: 'level', stance: '' });
    expect(sortRows(c.rows, 'name', 'asc').map((r) => [r.year, r.figure.normValue])).toEqual([
      [2020, 113700],
      [2025, 145800],
    ]);
  });
});

describe('/figures/compare', () => {
  it('renders the table, a sortable header, the chart and the CSV link', async () => {
    const res = await app.request(`/figures/compare?measure=${q(GDP)}&year=2025&kind=level`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('地区生产总值（总量，亿元）：2025年各地区');
    expect(html).toMatch(/<svg role="img" aria-labelledby="compare-chart-title compare-chart-desc"/);
    expect(html).toContain('<title id="compare-chart-title">');
    expect(html).toContain('aria-sort="descending"');
    expect(html).toMatch(/href="\/figures\/compare\.csv\?measure=[^"]+&amp;year=2025&amp;kind=level&amp;sort=value&amp;order=desc"/);
    const rows = [...html.matchAll(/<th scope="row" lang="zh-CN">([^<]+)<\/th>|<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1] ?? m[2]);
    expect(rows[0]).toBe('广东省');
    // Sorted by name, ascending: the link works without JavaScript.
    const byName = await (await app.request(`/figures/compare?measure=${q(GDP)}&year=2025&kind=level&sort=name&order=asc`)).text();
    expect(byName).toContain('aria-sort="ascending"');
  });

  it('exports the comparison as CSV', async () => {
    const res = await app.request(`/figures/compare.csv?measure=${q(GDP)}&year=2025&kind=level&sort=value&order=desc`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    const lines = text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('region,year,measure,kind,stance,value,unit,as_written,approximate,span,document,paragraph,url,sentence');
    expect(lines[1].startsWith('广东省,2025,地区生产总值,level,reported,145800,亿元,14.58万亿元,')).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(21);
  });

  it('compares one region across years, and says so when there is nothing to compare', async () => {
    const html = await (await app.request(`/figures/compare?measure=${q(GDP)}&region=${q('广东省')}&kind=level`)).text();
    expect(html).toContain('地区生产总值（总量，亿元）：广东省历年');
    expect(html).toContain('<th scope="row">2020</th>');
    const none = await (await app.request(`/figures/compare?measure=${q('没有这个指标')}`)).text();
    expect(none).toContain('没有可对比的数据');
  });

  it('gives the new fields in /api/figures', async () => {
    const body = (await (await app.request(`/api/figures?q=${q('地区生产总值')}&limit=5`)).json()) as { figures: Figure[] };
    expect(body.figures.length).toBeGreaterThan(0);
    for (const f of body.figures) expect(f).toMatchObject({ kind: expect.any(String), normValue: expect.any(Number), normUnit: expect.any(String) });
  });
});
