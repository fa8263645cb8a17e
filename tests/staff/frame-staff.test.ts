// Staff figures (数据) and commitments (承诺与部署) carry the frame of their report
// (src/staff/figures.ts, src/staff/commitments.ts) on the whole library: the 31
// provincial 2026 government work reports (../shared/reports/provincial-2026) and the
// bundled 阳江 report. A 2026 report's review gives figures reported for 2025, its
// 2026 plan section gives targets for 2026 and commitments for 2026; the 阳江 2021
// report's 下一步工作措施 gives commitments for 2022.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import type { DocumentSummary } from '../../src/model/store.js';
import { sectionPeriod } from '../../src/search/frame.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { commitmentsFor, type Commitment } from '../../src/staff/commitments.js';
import { figuresFor, type Figure } from '../../src/staff/figures.js';

const REPORTS_DIR = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let service: QaService;
let figures: Figure[];
let commitments: Commitment[];
let documents: DocumentSummary[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-frame-staff-'));
  const report = await runIngest({ inputs: [CORPUS_DIR, REPORTS_DIR], kbPath: join(dir, 'library.sqlite'), root: REPO_ROOT });
  expect(report.documents).toBe(32);
  service = loadService(report.kbPath, { ...DEFAULT_SETTINGS, CURRENT_YEAR: 2026 });
  documents = service.kb.documents();
  figures = figuresFor(service.kb);
  commitments = commitmentsFor(service.kb);
}, 120_000);

afterAll(() => {
  if (service) closeService(service);
  rmSync(dir, { recursive: true, force: true });
});

const docOf = (region: string) => {
  const doc = documents.find((d) => d.frame.region === region);
  if (!doc) throw new Error(`no document for ${region}`);
  return doc;
};

describe('figures of the 广东 report', () => {
  const guangdong = () => figures.filter((f) => f.docId === docOf('广东省').id);

  it('all carry the region 广东省', () => {
    expect(guangdong().length).toBeGreaterThan(100);
    expect(new Set(guangdong().map((f) => f.region))).toEqual(new Set(['广东省']));
  });

  it('include results reported for 2025 and targets for 2026', () => {
    const list = guangdong();
    expect(list.some((f) => f.stance === 'reported' && f.year === 2025)).toBe(true);
    expect(list.some((f) => f.stance === 'target' && f.year === 2026)).toBe(true);
    // No 2026 report reports a result for 2026, nor sets a target for 2025.
    expect(list.filter((f) => f.stance === 'reported' && f.year !== null && f.year > 2025)).toEqual([]);
    expect(list.filter((f) => f.stance === 'target' && f.year !== null && f.year < 2026)).toEqual([]);
  });

  it('the 地区生产总值 growth target 4.5% is a 2026 target of the 主要预期目标 paragraph', () => {
    const target = guangdong().find((f) => f.expr.startsWith('4.5%') && f.subject.includes('地区生产总值') && f.sentence.includes('主要预期目标'));
    expect(target).toBeDefined();
    expect(target).toMatchObject({ region: '广东省', stance: 'target', year: 2026, span: null, unit: '%', number: 4.5 });
  });

  it('the 2025 地区生产总值 growth of 3.9% is a reported 2025 result', () => {
    const reported = guangdong().find((f) => f.expr === '3.9%' && f.subject.includes('地区生产总值'));
    expect(reported).toBeDefined();
    expect(reported).toMatchObject({ region: '广东省', stance: 'reported', year: 2025 });
    expect(reported!.sentence).toContain('总量连续37年居全国首位');
  });

  it('the 货物进出口总额 of 9.5万亿元 is reported for 2025', () => {
    const trade = guangdong().find((f) => f.expr.startsWith('9.5万亿') && f.subject.includes('货物进出口总额'));
    expect(trade).toMatchObject({ region: '广东省', stance: 'reported', year: 2025 });
  });

  it('reads 万亿 as one multiplier, so 9.5万亿元 and 32765亿元 are both counted in 元', () => {
    const trade = guangdong().find((f) => f.expr.startsWith('9.5万亿') && f.subject.includes('货物进出口总额'));
    expect(trade).toMatchObject({ value: '9.5万亿', unit: '元', number: 9.5e12 });
    const yunnan = figures.find((f) => f.region === '云南省' && f.expr === '32765亿元');
    expect(yunnan).toMatchObject({ value: '32765亿', unit: '元', number: 32765e8 });
  });
});

describe('figures of the other reports', () => {
  it.each([
    ['北京市', '5%', '地区生产总值增长'],
    ['西藏自治区', '7%', '地区生产总值增长'],
    ['海南省', '6%', '地区生产总值增长'],
  ])('%s: the %s %s target is a 2026 target', (region, expr, subject) => {
    const f = figures.find((g) => g.region === region && g.expr.startsWith(expr) && g.subject.includes(subject) && g.sentence.includes('主要预期目标'));
    expect(f).toMatchObject({ region, stance: 'target', year: 2026 });
  });

  it.each([
    ['云南省', '32765亿元', '地区生产总值'],
    ['四川省', '67665亿元', '地区生产总值'],
    ['重庆市', '33757.93亿元', '地区生产总值'],
  ])('%s: %s of %s is reported for 2025', (region, expr, subject) => {
    const f = figures.find((g) => g.region === region && g.expr === expr && g.subject.includes(subject));
    expect(f).toMatchObject({ region, stance: 'reported', year: 2025 });
  });
});

describe('commitments', () => {
  it('of at least 10 provinces are for 2026, from their 2026 plan sections', () => {
    const provinces = new Set<string>();
    for (const c of commitments) {
      if (c.targetYear !== 2026 || !c.region || c.region === '阳江市') continue;
      const period = sectionPeriod(documents.find((d) => d.id === c.docId)!, c.paragraph);
      if (period?.stance === 'planned' && period.from <= 2026 && 2026 <= period.to) provinces.add(c.region);
    }
    expect(provinces.size).toBeGreaterThanOrEqual(10);
  });

  it('of the 广东 report under 三、2026年工作安排 are stated for 2026', () => {
    const list = commitments.filter((c) => c.region === '广东省' && c.heading[0] === '三、2026年工作安排');
    expect(list.length).toBeGreaterThan(50);
    for (const c of list) expect({ text: c.text.slice(0, 30), targetYear: c.targetYear, stated: c.targetYearStated }).toEqual({ text: c.text.slice(0, 30), targetYear: 2026, stated: true });
    expect(list.some((c) => c.text.includes('地区生产总值增长4.5%—5%'))).toBe(true);
  });

  it('of a 2026 report are never for a year it reviews', () => {
    const early = commitments
      .filter((c) => c.region !== '阳江市' && c.targetYear !== null && c.targetYear < 2026)
      .map((c) => `${c.region} #${c.paragraph} ${c.targetYear}: ${c.text.slice(0, 24)}`);
    expect(early).toEqual([]);
  });

  it('of the 阳江 report are for 2022, under 三、下一步工作措施', () => {
    const list = commitments.filter((c) => c.region === '阳江市');
    expect(list.length).toBeGreaterThan(5);
    for (const c of list) {
      expect(c.targetYear).toBe(2022);
      expect(c.year).toBe(2021);
      expect(c.heading[0]).toBe('三、下一步工作措施');
    }
  });
});
