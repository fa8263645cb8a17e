// Document frames inferred at ingest (src/ingest/frame.ts) on real reports: the 31
// provincial 2026 government work reports (../shared/reports/provincial-2026) — region
// from GB/T 2260, kind, the years reviewed and planned, the period of the sections
// holding the 主要预期目标, the 2025 results and the 十五五 goals, and the problem
// paragraphs — the bundled 阳江 2021 法治政府建设年度报告, and staff's sidecar
// overrides (<name>.meta.json) through runIngest, malformed ones included.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest, type IngestReport } from '../../src/adapters/node/ingest.js';
import { openKnowledgeBaseFile } from '../../src/adapters/node/kb-file.js';
import { describeFrame, inferFrame } from '../../src/ingest/frame.js';
import { readDocument } from '../../src/ingest/read-document.js';
import type { DocumentFrame, ParsedDocument, Period } from '../../src/model/document.js';
import { regionByName } from '../../src/text/regions.js';

const REPORTS_DIR = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const YANGJIANG_FILE = fileURLToPath(new URL('../../corpus/yangjiang-2021-law-based-government-report.txt', import.meta.url));
const FILES = readdirSync(REPORTS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();
/** 广东省-2026-政府工作报告.txt → 广东省 */
const regionOfFile = (file: string) => file.split('-')[0];
const fileOf = (region: string) => `${region}-2026-政府工作报告.txt`;

interface Framed {
  doc: ParsedDocument;
  frame: DocumentFrame;
}

const reports = new Map<string, Framed>();
let yangjiang: Framed;

beforeAll(async () => {
  for (const file of FILES) {
    const doc = await readDocument(file, readFileSync(join(REPORTS_DIR, file)));
    reports.set(regionOfFile(file), { doc, frame: inferFrame(doc) });
  }
  const doc = await readDocument(YANGJIANG_FILE, readFileSync(YANGJIANG_FILE));
  yangjiang = { doc, frame: inferFrame(doc) };
});

const report = (region: string): Framed => {
  const r = reports.get(region);
  if (!r) throw new Error(`no report for ${region}`);
  return r;
};

/** The period a paragraph speaks for: its section's (the last section starting at or before it), else the document's reviewed years. */
function periodOf(frame: DocumentFrame, n: number): Period | null {
  let found: DocumentFrame['sections'][number] | undefined;
  for (const s of frame.sections) if (s.from <= n) found = s;
  return found ? found.period : frame.reviewed;
}

const covers = (p: Period | null, year: number) => p !== null && p.from <= year && year <= p.to;

/** The first paragraph whose text contains (or, with `start`, opens with) the snippet. */
function paragraphWith(doc: ParsedDocument, snippet: string, start = false) {
  const p = doc.paragraphs.find((q) => (start ? q.text.startsWith(snippet) : q.text.includes(snippet)));
  if (!p) throw new Error(`no paragraph with "${snippet}" in ${doc.title}`);
  return p;
}

/** A heading line: a marked heading (二、…) or a short line without sentence punctuation. */
const isHeadingLine = (p: { level: number; text: string }) => p.level > 0 || (p.text.length <= 30 && !/[。，,；;：:！？]/.test(p.text));

describe('the 31 provincial 2026 government work reports', () => {
  it('are all there', () => {
    expect(FILES).toHaveLength(31);
  });

  it.each(FILES)('%s: region from GB/T 2260, 政府工作报告, reviews 2025, plans 2026', (file) => {
    const region = regionOfFile(file);
    const { frame } = report(region);
    expect(frame.region).toBe(region);
    expect(frame.regionCode).toBe(regionByName(region)?.code);
    expect(frame.regionCode).toMatch(/^\d{2}$/);
    expect(frame.kind).toBe('政府工作报告');
    expect(frame.reviewed).toEqual({ from: 2025, to: 2025, stance: 'reviewed' });
    expect(frame.planned).toEqual({ from: 2026, to: 2026, stance: 'planned' });
    expect(frame.overridden).toEqual([]);
    expect(describeFrame(frame)).toMatch(new RegExp(`^${region} · 政府工作报告 · reviews 2025 · plans 2026 · `));
  });

  it.each(FILES)('%s: a section plans 2026, and a 十五五 heading gives a section planned for 2026–2030', (file) => {
    const { doc, frame } = report(regionOfFile(file));
    expect(frame.sections.length).toBeGreaterThan(3);
    expect(frame.sections.some((s) => s.period?.stance === 'planned' && covers(s.period, 2026))).toBe(true);
    if (!doc.paragraphs.some((p) => isHeadingLine(p) && p.text.includes('十五五'))) return;
    // 辽宁's one heading names both (二、“十五五”时期目标任务和2026年工作安排) and no paragraph under it opens
    // with its period: which of its paragraphs speak for 2026–2030 is not settled, so it is left out here.
    if (file.startsWith('辽宁省')) return;
    expect(frame.sections.some((s) => s.period?.stance === 'planned' && s.period.from === 2026 && s.period.to === 2030)).toBe(true);
  });

  it('puts every paragraph that opens with “十五五”时期 in a section planned for 2026–2030', () => {
    let seen = 0;
    for (const [region, { doc, frame }] of reports) {
      for (const p of doc.paragraphs.filter((q) => !isHeadingLine(q) && /^[“"]?十五五[”"]?(?:时期|期间)/.test(q.text))) {
        seen++;
        const period = periodOf(frame, p.n);
        expect({ region, n: p.n, stance: period?.stance, covers: covers(period, 2026) && covers(period, 2030) }).toEqual({
          region,
          n: p.n,
          stance: 'planned',
          covers: true,
        });
      }
    }
    expect(seen).toBeGreaterThanOrEqual(25);
  });

  // 北京 and 广西 review 十四五 and set out 十五五 under one heading (二、“十四五”时期发展成就和“十五五”时期主要目标任务).
  it('北京, 广西: under a heading that joins 十四五 achievements and 十五五 goals, each paragraph keeps its own stance', () => {
    const beijing = report('北京市');
    const achieved = periodOf(beijing.frame, paragraphWith(beijing.doc, '这五年，我们锐意改革、矢志创新', true).n);
    expect(achieved?.stance).toBe('reviewed');
    expect(covers(achieved, 2021) && covers(achieved, 2025)).toBe(true);
    const goals = periodOf(beijing.frame, paragraphWith(beijing.doc, '《纲要草案》明确了今后五年的发展目标', true).n);
    expect(goals?.stance).toBe('planned');
    expect(covers(goals, 2026) && covers(goals, 2030)).toBe(true);
    const guangxi = report('广西壮族自治区');
    const aiGoal = periodOf(guangxi.frame, paragraphWith(guangxi.doc, '（一）大力发展人工智能，加快培育新质生产力', true).n);
    expect(aiGoal?.stance).toBe('planned');
    expect(covers(aiGoal, 2026) && covers(aiGoal, 2030)).toBe(true);
  });

  // Goals are often worded as outcomes (…取得决定性进展, …取得新突破, 释放…成效): under a plan
  // heading such a sub-heading is still a plan, not a review of 2025.
  it('keeps a sub-heading under a plan heading a plan even when it is worded as an outcome', () => {
    const cases: [string, string, number][] = [
      ['云南省', '（一）现代化产业体系建设取得决定性进展', 2030],
      ['山西省', '（一）高质量发展取得显著成效', 2030],
      ['四川省', '一是聚力在发展新质生产力上取得新突破', 2030],
      ['安徽省', '（六）以新发展理念引领发展，推动高质量发展取得新的更大进展', 2030],
      ['陕西省', '二是全力缩小城乡差距，推动三秦百姓共同富裕取得更大进展', 2030],
      ['宁夏回族自治区', '六是城乡融合成效显著提升', 2030],
      ['天津市', '（五）加快释放改革开放成效', 2026],
    ];
    const seen = cases.map(([region, heading, to]) => {
      const { doc, frame } = report(region);
      const p = paragraphWith(doc, heading, true);
      const period = periodOf(frame, p.n);
      return { region, heading, nested: p.level > 1, stance: period?.stance, covers: covers(period, 2026) && covers(period, to) };
    });
    expect(seen).toEqual(cases.map(([region, heading]) => ({ region, heading, nested: true, stance: 'planned', covers: true })));
  });

  it('puts every 主要预期目标 paragraph in a section planned for 2026', () => {
    let seen = 0;
    for (const [region, { doc, frame }] of reports) {
      for (const p of doc.paragraphs.filter((q) => /主要预期目标(?:是|为)/.test(q.text))) {
        seen++;
        const period = periodOf(frame, p.n);
        expect({ region, n: p.n, stance: period?.stance, covers2026: covers(period, 2026) }).toEqual({ region, n: p.n, stance: 'planned', covers2026: true });
        expect(frame.problemParagraphs).not.toContain(p.n);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(25);
  });

  // Checked by reading the files: each states this year's targets under its 2026年重点工作 / 工作安排.
  it.each([
    ['北京市', '今年经济社会发展主要预期目标是：地区生产总值增长5%左右'],
    ['广东省', '今年经济社会发展的主要预期目标是：地区生产总值增长4.5%—5%'],
    ['湖北省', '经济社会发展主要预期目标是：经济增长5.5%左右'],
    ['四川省', '今年全省经济社会发展主要预期目标是：地区生产总值增长5.5%左右'],
    ['浙江省', '今年经济社会发展主要预期目标为：全省生产总值增长5%—5.5%'],
    ['西藏自治区', '今年经济社会发展主要预期目标是：地区生产总值增长7%以上'],
    ['海南省', '今年经济社会发展的主要预期目标是：地区生产总值增长6%左右'],
    ['青海省', '今年发展主要预期目标是：全省地区生产总值增长4.5%左右'],
  ])('%s: the 主要预期目标 paragraph speaks for 2026 alone, as a plan', (region, snippet) => {
    const { doc, frame } = report(region);
    const p = paragraphWith(doc, snippet);
    expect(periodOf(frame, p.n)).toEqual({ from: 2026, to: 2026, stance: 'planned' });
  });

  // The paragraphs that report the 2025 地区生产总值 (checked in each file).
  it.each([
    ['北京市', '全市地区生产总值5.2万亿元、增长5.4%'],
    ['上海市', '全市生产总值达到5.67万亿元、增长5.4%'],
    ['云南省', '完成地区生产总值32765亿元、增长4.1%'],
    ['四川省', '实现地区生产总值67665亿元，增长5.5%'],
    ['宁夏回族自治区', '全年实现地区生产总值5696亿元，增长5.3%'],
    ['新疆维吾尔自治区', '全年地区生产总值2.15万亿元、增长5.5%'],
    ['重庆市', '全市地区生产总值达到33757.93亿元'],
    ['广东省', '地区生产总值增长3.9%、总量连续37年居全国首位'],
    ['安徽省', '全省地区生产总值5.3万亿元、增长5.5%'],
  ])('%s: the 2025 地区生产总值 paragraph lies in a reviewed section covering 2025', (region, snippet) => {
    const { doc, frame } = report(region);
    const p = paragraphWith(doc, snippet);
    const period = periodOf(frame, p.n);
    expect(period?.stance).toBe('reviewed');
    expect(covers(period, 2025)).toBe(true);
    expect(frame.problemParagraphs).not.toContain(p.n);
  });

  it('福建: the paragraph opening with the 2025 地区生产总值 is a review of 2025', () => {
    const { doc, frame } = report('福建省');
    const p = paragraphWith(doc, '初步统计，2025年全省地区生产总值60199.45亿元', true);
    const period = periodOf(frame, p.n);
    expect(period?.stance).toBe('reviewed');
    expect(covers(period, 2025)).toBe(true);
  });

  it('marks the 清醒认识到 / 清醒看到 paragraphs as problems, in most reports, and only in review sections', () => {
    const withProblems = [...reports.values()].filter(({ frame }) => frame.problemParagraphs.length > 0);
    expect(withProblems.length).toBeGreaterThanOrEqual(25);
    for (const [region, { doc, frame }] of reports) {
      for (const n of frame.problemParagraphs) {
        const p = doc.paragraphs[n - 1];
        expect(p.n).toBe(n);
        expect(p.level).toBe(0);
        expect({ region, n, stance: periodOf(frame, n)?.stance }).toEqual({ region, n, stance: 'reviewed' });
      }
    }
  });

  it.each([
    ['广东省', '同时我们清醒地看到'],
    ['北京市', '同时，我们也清醒认识到'],
    ['上海市', '我们也清醒认识到，前进道路上还有不少困难和挑战'],
    ['湖北省', '在看到成绩的同时，我们也清醒地认识到'],
    ['云南省', '我们也清醒认识到：经济转型升级仍处于攻坚期'],
    ['海南省', '我们也清醒认识到，全省经济社会发展还面临不少困难和挑战'],
  ])('%s: the paragraph opening “%s” is a problem paragraph', (region, opening) => {
    const { doc, frame } = report(region);
    expect(frame.problemParagraphs).toContain(paragraphWith(doc, opening, true).n);
  });

  it('云南: a title that does not name the region still gets 云南省 from the text', () => {
    const { doc, frame } = report('云南省');
    expect(doc.title).toBe('2026年政府工作报告');
    expect(doc.title).not.toMatch(/云南|滇/);
    expect(frame.region).toBe('云南省');
    expect(frame.regionCode).toBe('53');
  });
});

describe('the bundled 阳江 2021 法治政府建设年度报告', () => {
  it('speaks for 阳江市, reviews 2021 and plans 2022', () => {
    const { doc, frame } = yangjiang;
    expect(doc.title).toBe('阳江市人民政府2021年法治政府建设年度报告');
    expect(frame.region).toBe('阳江市');
    expect(frame.regionCode).toBe('4417');
    expect(frame.kind).toBe('法治政府建设年度报告');
    expect(frame.reviewed).toEqual({ from: 2021, to: 2021, stance: 'reviewed' });
    expect(frame.planned).toEqual({ from: 2022, to: 2022, stance: 'planned' });
    expect(describeFrame(frame)).toMatch(/^阳江市 · 法治政府建设年度报告 · reviews 2021 · plans 2022 · /);
  });

  it('plans 2022 in every paragraph of 三、下一步工作措施, and reviews 2021 in 一、2021年法治政府建设情况', () => {
    const { doc, frame } = yangjiang;
    const review = paragraphWith(doc, '一、2021年法治政府建设情况', true);
    const problems = paragraphWith(doc, '二、存在的问题', true);
    const next = paragraphWith(doc, '三、下一步工作措施', true);
    expect(frame.sections.find((s) => s.from === next.n)?.period).toEqual({ from: 2022, to: 2022, stance: 'planned' });
    for (const p of doc.paragraphs.filter((q) => q.n >= next.n)) {
      expect({ n: p.n, period: periodOf(frame, p.n) }).toEqual({ n: p.n, period: { from: 2022, to: 2022, stance: 'planned' } });
    }
    for (const p of doc.paragraphs.filter((q) => q.n >= review.n && q.n < problems.n)) {
      expect({ n: p.n, period: periodOf(frame, p.n) }).toEqual({ n: p.n, period: { from: 2021, to: 2021, stance: 'reviewed' } });
    }
    // The 108件 行政复议 result is a 2021 result.
    expect(periodOf(frame, paragraphWith(doc, '办结行政复议申请108件').n)?.stance).toBe('reviewed');
  });

  it('marks the body of 二、存在的问题 as problems, and nothing else', () => {
    const { doc, frame } = yangjiang;
    const problems = paragraphWith(doc, '二、存在的问题', true);
    const next = paragraphWith(doc, '三、下一步工作措施', true);
    const body = doc.paragraphs.filter((p) => p.n > problems.n && p.n < next.n && p.level === 0).map((p) => p.n);
    expect(body.length).toBeGreaterThan(0);
    expect(frame.problemParagraphs).toEqual(body);
    expect(doc.paragraphs[body[0] - 1].text).toMatch(/存在一些不足/);
  });
});

describe('sidecar overrides (<name>.meta.json) through runIngest', () => {
  let dir: string;
  let report: IngestReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-frame-'));
    const docs = join(dir, 'docs');
    const copy = (region: string, name: string) => copyFileSync(join(REPORTS_DIR, fileOf(region)), join(docs, name));
    mkdirSync(docs);
    copy('云南省', '2026年政府工作报告.txt');
    writeFileSync(join(docs, '2026年政府工作报告.meta.json'), JSON.stringify({ region: '滇', reviewedYear: 2024 }));
    copy('贵州省', 'guizhou.txt');
    writeFileSync(join(docs, 'guizhou.meta.json'), JSON.stringify({ region: '贵州省', province: '贵州' }));
    copy('青海省', 'qinghai.txt');
    writeFileSync(join(docs, 'qinghai.meta.json'), '{ region: 青海省 ');
    copy('甘肃省', 'gansu.txt');
    report = await runIngest({ inputs: [docs], kbPath: join(dir, 'kb.sqlite'), root: docs });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a short region name and a reviewed year, and lists the fields it set', () => {
    const entry = report.frames.find((f) => f.path === '2026年政府工作报告.txt');
    expect(entry).toBeDefined();
    const frame = entry!.frame;
    expect(frame.region).toBe('云南省');
    expect(frame.regionCode).toBe('53');
    expect(frame.kind).toBe('政府工作报告');
    expect(frame.reviewed).toEqual({ from: 2024, to: 2024, stance: 'reviewed' });
    expect(frame.planned).toEqual({ from: 2025, to: 2025, stance: 'planned' });
    expect([...frame.overridden].sort()).toEqual(['region', 'reviewedYear']);
    expect(describeFrame(frame)).toMatch(/^云南省 \(set\) · 政府工作报告 · reviews 2024 · plans 2025 · /);
    // The knowledge base stores the overridden frame, not the inferred one.
    const store = openKnowledgeBaseFile(report.kbPath);
    try {
      const stored = store.documents.find((d) => d.path === '2026年政府工作报告.txt');
      expect(stored?.frame.reviewed).toEqual({ from: 2024, to: 2024, stance: 'reviewed' });
      expect(stored?.frame.overridden).toEqual(frame.overridden);
    } finally {
      store.close();
    }
  });

  it('leaves documents without a sidecar as inferred', () => {
    const gansu = report.frames.find((f) => f.path === 'gansu.txt')?.frame;
    expect(gansu?.region).toBe('甘肃省');
    expect(gansu?.reviewed?.from).toBe(2025);
    expect(gansu?.overridden).toEqual([]);
  });

  it('skips a document whose sidecar has an unknown key or is not JSON, naming the sidecar, and ingests the rest', () => {
    expect(report.documents).toBe(2);
    expect(report.frames.map((f) => f.path).sort()).toEqual(['2026年政府工作报告.txt', 'gansu.txt']);
    const skipped = Object.fromEntries(report.skipped.map((s) => [s.path, s.error]));
    expect(Object.keys(skipped).sort()).toEqual(['guizhou.txt', 'qinghai.txt']);
    expect(skipped['guizhou.txt']).toContain('guizhou.meta.json');
    expect(skipped['guizhou.txt']).toContain('province');
    expect(skipped['qinghai.txt']).toContain('qinghai.meta.json');
    expect(skipped['qinghai.txt']).toMatch(/not valid JSON/);
  });

  it('skips a document whose sidecar names a region that does not exist, naming the sidecar, and ingests the rest', async () => {
    const docs = join(dir, 'unknown-region');
    mkdirSync(docs);
    copyFileSync(join(REPORTS_DIR, fileOf('江西省')), join(docs, 'jiangxi.txt'));
    writeFileSync(join(docs, 'jiangxi.meta.json'), JSON.stringify({ region: '赣南省' }));
    copyFileSync(join(REPORTS_DIR, fileOf('湖南省')), join(docs, 'hunan.txt'));
    const r = await runIngest({ inputs: [docs], kbPath: join(dir, 'unknown-region.sqlite'), root: docs });
    expect(r.documents).toBe(1);
    expect(r.frames.map((f) => [f.path, f.frame.region])).toEqual([['hunan.txt', '湖南省']]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0].path).toBe('jiangxi.txt');
    expect(r.skipped[0].error).toContain('jiangxi.meta.json');
    expect(r.skipped[0].error).toContain('赣南省');
  });
});
