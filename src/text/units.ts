// Measure words grouped by what they count, so a question asking 多少宗 (cases)
// is answered by 498宗 or 30件 but not by 4家 (organisations). 个 counts anything.

const UNIT_CLASSES: Record<string, string[]> = {
  cases: ['宗', '件', '起', '例', '案', '单'],
  organisations: ['家', '所', '座', '户'],
  people: ['人', '名', '位', '人次'],
  items: ['项', '条', '种', '类', '批', '批次', '款', '处', '套', '台', '辆', '张', '床', '艘', '架'],
  documents: ['篇', '份', '本', '份次', '部', '册'],
  sessions: ['场', '次', '期', '轮', '届', '堂', '课'],
  rates: ['%', '‰', '率', '成', '倍'],
  money: ['元', '万元', '亿元'],
  lengths: ['公里', '千米', '米', '里'],
  areas: ['亩', '万亩', '平方公里', '平方米', '公顷'],
  weights: ['吨', '万吨', '斤', '公斤', '千克'],
  energy: ['千瓦', '万千瓦', '千瓦时', '度'],
  durations: ['天', '日', '工作日', '个工作日', '小时', '分钟', '个月', '月', '年', '周'],
};

const CLASS_OF = new Map<string, string>();
for (const [cls, units] of Object.entries(UNIT_CLASSES)) for (const u of units) CLASS_OF.set(u, cls);

/** The class of a unit (宗 → cases), or null for units we do not classify. */
export function unitClass(unit: string): string | null {
  return CLASS_OF.get(unit) ?? null;
}

/** Splits a numeric expression into its number and unit: "6万余名" → { unit: "名" }, "29.6%" → { unit: "%" }. */
export function unitOf(expr: string): string {
  return expr.replace(/^\d+(?:\.\d+)?(?:万亿|[万亿千百])?(?:余|多)?/, '');
}

/** Whether a number with this unit can answer a question asking for `asked` (a class, or null for any). */
export function unitAnswers(asked: string | null, unit: string): boolean {
  if (unit === '') return false; // a bare number (a list marker, 12345) is not a figure
  if (!asked) return true;
  // An amount (a total, an output, a size) is any quantity but a rate or a span of time:
  // 总值 is not answered by 增长5.9% nor by 连续37年.
  if (asked === 'amounts') return !/^(?:%|‰|个百分点|倍)$/.test(unit) && unitClass(unit) !== 'rates' && unitClass(unit) !== 'durations';
  // 个 counts things and organisations, not cases, people, documents or amounts.
  if (unit === '个') return asked === 'items' || asked === 'organisations' || asked === 'sessions';
  const cls = unitClass(unit) ?? unitClass(unit.replace(/^个/, '')) ?? unitClass(unit.slice(-1));
  return cls === asked || cls === null;
}
