// Years and planning periods named in real report wording (src/text/periods.ts):
// section headings of the 2026 provincial government work reports and the 阳江
// report, year ranges as reports write them, the five-year plans (“十四五” =
// 2021–2025, “十五五” = 2026–2030), and the many ordinary uses of 十五 and of
// numbers that are not years (第十五届全国运动会, 增长15%, 85万人).
import { describe, expect, it } from 'vitest';
import { fiveYearPlanStart, fiveYearPlans, periodYears, withArabicYears } from '../../src/text/periods.js';

const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('periodYears on section headings', () => {
  it.each([
    ['一、2025年和“十四五”时期工作回顾', span(2021, 2025)],
    ['一、“十四五”时期和2025年工作回顾', span(2021, 2025)],
    ['二、“十五五”时期主要目标任务', span(2026, 2030)],
    ['二、“十五五”时期的主要目标和重点任务', span(2026, 2030)],
    ['三、2026年重点工作', [2026]],
    ['三、2026年工作安排', [2026]],
    ['一、2021年法治政府建设情况', [2021]],
    ['二、“十四五”时期发展成就和“十五五”时期主要目标任务', span(2021, 2030)],
    ['“十四五”时期发展成就和2025年工作回顾', span(2021, 2025)],
    ['三、一鼓作气勇争先，全力推动“十五五”开好局、起好步', span(2026, 2030)],
  ])('%s', (heading, years) => {
    expect(periodYears(heading)).toEqual(years);
  });

  it('gives nothing for headings that name no period', () => {
    expect(periodYears('三、下一步工作措施')).toEqual([]);
    expect(periodYears('四、全面加强政府自身建设')).toEqual([]);
    expect(periodYears('（一）坚持党的领导，纵深推进法治政府建设')).toEqual([]);
  });
});

describe('periodYears on years and ranges in running text', () => {
  it('expands a range written with a dash, an en dash, a hyphen or 至', () => {
    expect(periodYears('2021—2025年')).toEqual(span(2021, 2025));
    expect(periodYears('《法治政府建设实施纲要(2021—2025年)》')).toEqual(span(2021, 2025));
    expect(periodYears('2021–2025年')).toEqual(span(2021, 2025));
    expect(periodYears('2021-2025')).toEqual(span(2021, 2025));
    expect(periodYears('2023年至2025年')).toEqual(span(2023, 2025));
  });

  it('lists each single year once, sorted', () => {
    expect(periodYears('2025年全省地区生产总值60199.45亿元，比2024年增长5%，2025年末常住人口')).toEqual([2024, 2025]);
    expect(periodYears('2023年6月习近平总书记亲临内蒙古考察')).toEqual([2023]);
    expect(periodYears('到2035年基本实现社会主义现代化')).toEqual([2035]);
  });

  it('does not expand a span of twenty years or more into every year between', () => {
    expect(periodYears('1949年至2025年')).toEqual([1949, 2025]);
  });

  it('takes no figure for a year: amounts, percentages and counts are not years', () => {
    expect(periodYears('地区生产总值增长5%左右，城镇新增就业85万人')).toEqual([]);
    expect(periodYears('全年完成高标准农田建设120万亩，新增2000个充电桩')).toEqual([]);
    expect(periodYears('地区生产总值达到13697.5亿元')).toEqual([]);
    expect(periodYears('拨打12345热线')).toEqual([]);
  });

  it('reads the five-year plan of a body sentence', () => {
    expect(periodYears('2026年是“十五五”开局之年')).toEqual(span(2026, 2030));
    expect(periodYears('“十四五”以来，累计完成生态建设1.23亿亩')).toEqual(span(2021, 2025));
    expect(periodYears('较“十三五”末的9323.1亿元增加4374.4亿元')).toEqual(span(2016, 2020));
    expect(periodYears('十四五期间累计新增城镇就业')).toEqual(span(2021, 2025));
  });
});

describe('十五 alone is not a five-year plan', () => {
  it.each([
    '第十五届全国运动会',
    '联合港澳承办十五运会和残特奥会',
    '自治区第十五届人民代表大会',
    '连续十五年居全国首位',
    '“十五”计划',
  ])('%s names no years', (text) => {
    expect(periodYears(text)).toEqual([]);
    expect(fiveYearPlans(text)).toEqual([]);
  });
});

describe('fiveYearPlans', () => {
  it('gives each plan named, in order, as a year span', () => {
    expect(fiveYearPlans('“十四五”规划圆满收官，“十五五”规划开局起步')).toEqual([
      [2021, 2025],
      [2026, 2030],
    ]);
    expect(fiveYearPlans('“十三五”时期')).toEqual([[2016, 2020]]);
    expect(fiveYearPlans('“十一五”以来')).toEqual([[2006, 2010]]);
  });

  it('starts the n-th plan five years after the one before it', () => {
    expect(fiveYearPlanStart(14)).toBe(2021);
    expect(fiveYearPlanStart(15)).toBe(2026);
    expect(fiveYearPlanStart(13)).toBe(2016);
  });
});

describe('plans and years written out in words', () => {
  it('reads 第十五个五年规划 as the 十五五 period', () => {
    expect(fiveYearPlans('编制了《国民经济和社会发展第十五个五年规划纲要（草案）》')).toEqual([[2026, 2030]]);
    expect(periodYears('第十四个五年规划')).toEqual([2021, 2022, 2023, 2024, 2025]);
  });

  it('reads years in Chinese numerals (二〇三五年) as years, leaving other numerals alone', () => {
    expect(withArabicYears('到二〇三五年基本实现社会主义现代化')).toBe('到2035年基本实现社会主义现代化');
    expect(periodYears('——二〇二六年一月二十七日在省人民代表大会上')).toEqual([2026]);
    expect(withArabicYears('十二五期间，一二三项')).toBe('十二五期间，一二三项');
  });
});
