// Years and planning periods named in Chinese text: 2025年, 2021—2025年,
// 2021-2025, and the five-year plans (“十四五” = 2021–2025). Shared by ingest
// (section periods) and search (the years a passage or a question speaks for).

/** The five-year plans by ordinal: 十四五 is the 14th (2021–2025). */
// 十五 alone (the 10th plan) is left out: 十五 is far more often “fifteen” (第十五届).
const PLAN_ORDINALS: Record<string, number> = { 十一: 11, 十二: 12, 十三: 13, 十四: 14, 十五: 15, 十六: 16 };

/** First year of the n-th five-year plan (the 14th began in 2021). */
export function fiveYearPlanStart(ordinal: number): number {
  return 2021 + (ordinal - 14) * 5;
}

const RANGE = /((?:19|20)\d{2})\s*年?\s*[—–\-~至到]\s*((?:19|20)\d{2})\s*年?/g;
const YEAR = /((?:19|20)\d{2})(?=\s*年)/g;
const FIVE_YEAR_PLAN = /(十[一二三四五六]?)五(?:”|")?\s*(?:时期|规划|期间|以来|末|开局|收官|发展|目标|主要|的|[”"]|$|[^\u4e00-\u9fff])/g;

/** The five-year plans a text names, as year spans: “十四五” → [2021, 2025]. */
export function fiveYearPlans(text: string): [number, number][] {
  const out: [number, number][] = [];
  // Written out in full: 第十五个五年规划 (纲要).
  for (const m of text.matchAll(/第(十[一二三四五六]?)个五年(?:规划|计划)/g)) {
    const ordinal = PLAN_ORDINALS[m[1]];
    if (ordinal) out.push([fiveYearPlanStart(ordinal), fiveYearPlanStart(ordinal) + 4]);
  }
  for (const m of text.matchAll(FIVE_YEAR_PLAN)) {
    const ordinal = PLAN_ORDINALS[m[1]];
    if (!ordinal) continue;
    const start = fiveYearPlanStart(ordinal);
    out.push([start, start + 4]);
  }
  return out;
}

const CHINESE_DIGITS: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** Years written in Chinese numerals (二〇三五年) rewritten in digits (2035年), the rest of the text unchanged. */
export function withArabicYears(text: string): string {
  return text.replace(/([一二][〇零一二三四五六七八九]{3})(?=年)/g, (year) => [...year].map((c) => CHINESE_DIGITS[c]).join(''));
}

/** Every year a text names: single years, ranges (each year in them) and five-year plans; sorted, unique. */
export function periodYears(raw: string): number[] {
  const text = withArabicYears(raw);
  const years = new Set<number>();
  for (const m of text.matchAll(RANGE)) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to >= from && to - from < 20) for (let y = from; y <= to; y++) years.add(y);
  }
  for (const m of text.matchAll(YEAR)) years.add(Number(m[1]));
  for (const [from, to] of fiveYearPlans(text)) for (let y = from; y <= to; y++) years.add(y);
  return [...years].sort((a, b) => a - b);
}
