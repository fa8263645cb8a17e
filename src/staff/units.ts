// Normalised units of reported figures (issue #18): a figure's number in one base
// unit per unit family, so 5.6万亿元 and 32765亿元 can be set side by side
// (56000 亿元, 32765 亿元), and 71.2万人 and 5000人 too (71.2 万人, 0.5 万人).
// The figure's number already carries the 万/亿 of its value (9.5万亿元 → 9.5e12,
// unit 元); a unit that starts with a multiplier itself (亿元 of 1.2万亿元 scraped
// apart) is folded in. Units outside a family (个, 家, 件 …) keep their number.

/** Base units: the unit of the family and how many of the plain unit it holds. */
const FAMILIES: Record<string, { unit: string; factor: number }> = {
  元: { unit: '亿元', factor: 1e8 },
  美元: { unit: '亿美元', factor: 1e8 },
  人: { unit: '万人', factor: 1e4 },
  名: { unit: '万人', factor: 1e4 },
  人次: { unit: '万人次', factor: 1e4 },
  亩: { unit: '万亩', factor: 1e4 },
  吨: { unit: '万吨', factor: 1e4 },
  千瓦: { unit: '万千瓦', factor: 1e4 },
  千瓦时: { unit: '亿千瓦时', factor: 1e8 },
  斤: { unit: '亿斤', factor: 1e8 },
  户: { unit: '万户', factor: 1e4 },
  标准箱: { unit: '万标准箱', factor: 1e4 },
};

const UNIT_MULTIPLIER = /^(万亿|亿|万|千)(?=.)/;
const MULTIPLIER_VALUE: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3 };

export interface NormalisedAmount {
  /** The number in the base unit, rounded to 6 significant digits of its scale. */
  value: number;
  /** 亿元, 万人, %, 个百分点, 个 … */
  unit: string;
}

/** Rounds away floating-point noise (5.67e12 / 1e8 → 56700, not 56699.99999). */
export function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/** The figure's number in the base unit of its family: (5.6e12, 元) → 56000 亿元; (712000, 人) → 71.2 万人; (5.5, %) → 5.5 %; per person (110000, 元) → 11 万元. */
export function normaliseAmount(number: number, unit: string, perPerson = false): NormalisedAmount {
  let n = number;
  let u = unit;
  const m = UNIT_MULTIPLIER.exec(u);
  if (m && FAMILIES[u.slice(m[1].length)]) {
    n *= MULTIPLIER_VALUE[m[1]];
    u = u.slice(m[1].length);
  }
  if (u === '名') u = '人';
  // An amount per person (人均地区生产总值11万元) is told in 万元, not in 亿元.
  const family = perPerson && u === '元' ? { unit: '万元', factor: 1e4 } : FAMILIES[u];
  if (!family) return { value: tidy(n), unit: u };
  return { value: tidy(n / family.factor), unit: family.unit };
}

/** A number for display: thousands grouped, at most 2 decimals (56,700 · 4.1 · 0.35). */
export function formatAmount(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 2 : abs >= 1 ? 2 : 4;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}
