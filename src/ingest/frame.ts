// The document frame, inferred at ingest: which region a document speaks for
// (from its title, 来源, issuer and text, matched against the GB/T 2260
// divisions of src/text/regions.ts), what kind of document it is, and which
// years each section reviews or plans. A 2026 government work report reviews
// 2025 and the 十四五 period and plans 2026 and the 十五五 period; a 2021
// 法治政府建设年度报告 reviews 2021 and plans 2022 in its 下一步 section. Staff
// can correct any field with a sidecar file (FrameOverride).
import type { DocumentFrame, Paragraph, ParsedDocument, Period, SectionFrame, Stance } from '../model/document.js';
import type { FrameOverride } from '../model/store.js';
import { COUNTRY, findRegions, regionByName, type Region } from '../text/regions.js';
import { fiveYearPlans, periodYears } from '../text/periods.js';
import { normalizeForMatch } from '../text/normalize.js';

/** Kinds of document, most specific first, recognised in the title. */
const KINDS: [RegExp, string][] = [
  [/政府工作报告/, '政府工作报告'],
  [/法治政府建设.{0,8}报告/, '法治政府建设年度报告'],
  [/统计公报/, '统计公报'],
  [/预算执行情况.{0,20}报告|预算.{0,6}草案.{0,6}报告/, '预算报告'],
  [/国民经济和社会发展.{0,12}(?:计划|规划).{0,12}报告/, '计划报告'],
  [/年度报告|工作报告|工作总结/, '工作报告'],
  [/司法解释|最高人民法院关于|最高人民检察院关于/, '司法解释'],
  [/规划纲要|规划$/, '规划'],
  [/实施意见|意见$/, '意见'],
  [/通知$/, '通知'],
  [/公告$|通告$/, '公告'],
];

/** Statute types (from their metadata) that are national in scope. */
const NATIONAL_TYPES = new Set(['法律', '行政法规', '司法解释', '部门规章', '宪法', '监察法规']);

/** Headings that look ahead: a section of plans, targets and measures. */
const PLAN_CUE = /工作安排|工作计划|工作打算|工作思路|下一步|重点工作|主要工作(?!.*回顾)|主要任务|重点任务|目标任务|主要目标|预期目标|努力方向|工作措施|主要考虑|总体要求|今后|展望/;
/** Headings that look back: reviews, achievements, what was done. */
const REVIEW_CUE = /回顾|总结|成效|成就|成绩|进展|主要做法|工作情况|完成情况|取得|过去一年|五年来|一年来/;
/** Paragraphs that state problems, in a heading or at the start of a body paragraph. */
const PROBLEM_HEADING = /存在的问题|问题和不足|不足之处|困难和问题|存在问题|主要问题|差距和不足/;
const PROBLEM_PARAGRAPH =
  /^.{0,24}(?:清醒(?:地)?(?:看到|认识到)|(?:也|还)(?:要|应)?(?:看到|认识到)|必须看到|不容忽视|存在(?:的)?(?:一些)?(?:问题|不足|困难)|问题和不足|差距和不足|困难和挑战|短板弱项)/;

/** The kind of document its title says it is; statutes keep their type (法律, 地方性法规 …). */
export function inferKind(title: string, type: string | null): string | null {
  for (const [re, kind] of KINDS) if (re.test(title)) return kind;
  return type;
}

/** The first region named in a text (not the whole country), or null. */
function firstRegion(text: string | null | undefined): Region | null {
  if (!text) return null;
  return findRegions(normalizeForMatch(text), { levels: ['province', 'city', 'county'], shortForms: false })[0]?.region ?? null;
}

/** The region mentioned most often in a document's text, when one clearly dominates (a title that names none, as 云南's 2026年政府工作报告). */
function dominantRegion(paragraphs: Paragraph[]): Region | null {
  const counts = new Map<string, { region: Region; n: number }>();
  let total = 0;
  for (const p of paragraphs.slice(0, 400)) {
    for (const m of findRegions(normalizeForMatch(p.text), { levels: ['province', 'city'], shortForms: false })) {
      const c = counts.get(m.region.code) ?? { region: m.region, n: 0 };
      c.n++;
      total++;
      counts.set(m.region.code, c);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return best && best.n >= 5 && best.n >= total * 0.4 ? best.region : null;
}

/** The region a document speaks for: staff's override, its title, its 来源, its issuer, national law, its text. */
export function inferRegion(doc: Pick<ParsedDocument, 'title' | 'subtitle' | 'source' | 'issuer' | 'type' | 'paragraphs'>, kind: string | null): Region | null {
  const fromTitle = firstRegion(doc.title) ?? firstRegion(doc.subtitle);
  if (fromTitle) return fromTitle;
  const fromSource = firstRegion(doc.source) ?? firstRegion(doc.issuer);
  if (fromSource) return fromSource;
  if ((kind && NATIONAL_TYPES.has(kind)) || (doc.type && NATIONAL_TYPES.has(doc.type)) || /全国人民代表大会|国务院|最高人民/.test(doc.issuer ?? '')) {
    return COUNTRY;
  }
  return dominantRegion(doc.paragraphs);
}

function span(from: number, to: number, stance: Stance): Period {
  return { from: Math.min(from, to), to: Math.max(from, to), stance };
}

/** The years a document reviews and plans as a whole. */
function documentPeriods(kind: string | null, titleYear: number | null, publishedYear: number | null): { reviewed: Period | null; planned: Period | null } {
  const year = titleYear ?? publishedYear;
  if (year === null) return { reviewed: null, planned: null };
  // A government work report is given early in the year it names: it reviews the year before and plans its own.
  if (kind === '政府工作报告' || kind === '计划报告' || kind === '预算报告') {
    if (titleYear === null || publishedYear === null || publishedYear <= titleYear) {
      return { reviewed: span(year - 1, year - 1, 'reviewed'), planned: span(year, year, 'planned') };
    }
  }
  // Annual reports, bulletins and summaries name the year they report on and plan the next.
  if (kind && /报告|公报|总结/.test(kind)) return { reviewed: span(year, year, 'reviewed'), planned: span(year + 1, year + 1, 'planned') };
  return { reviewed: null, planned: null };
}

/**
 * The years a heading names, as one span: a single year it names wins over a
 * five-year plan named beside it (2025年和“十四五”时期工作回顾 → 2025; its 五年来
 * paragraphs then say 2021–2025 for themselves); a heading that spans review and
 * plan (“十四五”成就和“十五五”目标) has no single period: null, and its
 * paragraphs decide.
 */
function headingYears(text: string, reviewed: Period | null): { from: number; to: number } | null | 'mixed' {
  const norm = normalizeForMatch(text);
  const all = periodYears(norm);
  if (all.length === 0) return null;
  const singles = [...norm.matchAll(/((?:19|20)\d{2})\s*年(?!\s*[—–\-~至到])/g)]
    .filter((m) => !/[—–\-~至到]\s*$/.test(norm.slice(0, m.index)))
    .map((m) => Number(m[1]));
  if (new Set(singles).size === 1) return { from: singles[0], to: singles[0] };
  const from = Math.min(...all);
  const to = Math.max(...all);
  if (reviewed && from <= reviewed.to && to > reviewed.to) return 'mixed';
  return { from, to };
}

/** The level of a part that starts before any heading: the next heading of any level ends it. */
const PREAMBLE = 100;

/**
 * A body paragraph that opens by naming its period (五年来…, 一年来…, 2025年是…,
 * “十五五”时期…, 今年是…): it starts a part of its section that speaks for that period.
 */
function openingPeriod(text: string, reviewed: Period | null, planned: Period | null): Period | null {
  // An address (各位代表！) or a dash (——这五年…) may stand before the words that name the period.
  const head = normalizeForMatch(text.slice(0, 24))
    .replace(/^[\s“"]+/, '')
    .replace(/^(?:各位代表[!！,，]?|——|—)\s*/, '');
  // A date (——2026年1月26日在…会议上: the speech's subtitle) names when, not a period spoken for.
  if (/^\d{4}年\d{1,2}月\d{1,2}日/.test(head)) return null;
  // 2025年是“十四五”收官之年。五年来，… looks back on the five years, though it opens with the year.
  const opening = normalizeForMatch(text.slice(0, 48)).replace(/^(?:各位代表[!！,，]?|——|—)\s*/, '');
  const fiveYears = /^[^。]{0,24}。?(?:五年来|(?:回望|回顾)?过去(?:的)?五年|这五年)/.test(opening);
  if (reviewed && (fiveYears || /^(?:五年来|(?:回望|回顾)?过去(?:的)?五年|这五年|经过五年|十四五(?:["”])?(?:时期|期间|以来|这五年))/.test(head) || /^这是[^。]{0,20}的五年/.test(head))) {
    return span(reviewed.to - 4, reviewed.to, 'reviewed');
  }
  if (reviewed && (/^(?:一年来|过去(?:的)?一年|刚刚过去的)/.test(head) || head.startsWith(`${reviewed.to}年`))) return span(reviewed.to, reviewed.to, 'reviewed');
  if (planned && /^(?:十五五(?:["”])?(?:时期|期间)|今后五年|未来五年)/.test(head)) return span(planned.from, planned.from + 4, 'planned');
  // 根据《…第十五个五年规划的建议》，我们编制了…纲要: the paragraphs that follow present the coming plan.
  const plan = /^(?:根据|按照|依据)《[^》]*第(十[一二三四五六])个五年规划/.exec(normalizeForMatch(text.slice(0, 60)));
  if (planned && plan) {
    const start = fiveYearPlans(`${plan[1]}五”`)[0]?.[0];
    if (start !== undefined && start >= planned.from) return span(start, start + 4, 'planned');
  }
  if (planned && (/^今年/.test(head) || head.startsWith(`${planned.from}年`))) return span(planned.from, planned.from, 'planned');
  return null;
}

/** A heading's own words: its lead up to the first full stop or colon, without 《titles》 and (notes), whose years are not its period. */
function headingLead(text: string): string {
  return text
    .split(/[。；;：:]/)[0]
    .replace(/《[^》]*》/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .slice(0, 60);
}

/**
 * A section heading without a marker (“十四五”时期工作回顾, 2026年重点工作): a short
 * line without sentence punctuation that names a period or a review/plan cue.
 */
function isUnmarkedHeading(text: string): boolean {
  return text.length <= 30 && !/[。，,；;！？!?：:]/.test(text) && (PLAN_CUE.test(text) || REVIEW_CUE.test(text));
}

/**
 * Sections with their periods: each heading either names its own period (years,
 * 十四五/十五五, a plan or review cue) or inherits its parent's. Reports go from
 * review to plans, so a top-level heading without a cue after a plan section is
 * still a plan (四、全面加强政府自身建设 after 三、2026年重点工作).
 */
export function inferSections(paragraphs: Paragraph[], reviewed: Period | null, planned: Period | null): SectionFrame[] {
  const sections: SectionFrame[] = [];
  const stack: { level: number; period: Period | null; named: boolean }[] = [];
  const top: { period: Period | null } = { period: null };
  for (const p of paragraphs) {
    if (p.article) continue;
    const unmarked = p.level <= 0 && isUnmarkedHeading(p.text);
    if (p.level <= 0 && !unmarked) {
      // A paragraph that names its period starts a part of the section (half a level below its heading).
      const opening = openingPeriod(p.text, reviewed, planned);
      if (!opening) continue;
      // Before any heading (the preamble) it lasts until the first heading of any level.
      const base = stack.length ? Math.floor(stack[stack.length - 1].level) : 0;
      const level = base === 0 || base >= PREAMBLE ? PREAMBLE : base + 0.5;
      while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
      stack.push({ level, period: opening, named: true });
      sections.push({ from: p.n, heading: headingLead(p.text).slice(0, 20), period: opening, named: true });
      continue;
    }
    const level = unmarked ? 1 : p.level;
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    const parent = stack.length ? stack[stack.length - 1].period : null;
    const parentNamed = stack.length ? stack[stack.length - 1].named : false;
    const text = headingLead(p.text);
    const years = headingYears(text, reviewed);
    const plan = PLAN_CUE.test(text);
    const review = REVIEW_CUE.test(text);
    let period: Period | null;
    if (years === 'mixed') {
      period = null;
    } else if (years) {
      // The heading's years against the document's: up to the reviewed year looks back, from the planned year ahead.
      const stance: Stance =
        reviewed && years.to <= reviewed.to ? 'reviewed' : planned && years.from >= planned.from ? 'planned' : plan && !review ? 'planned' : 'reviewed';
      period = span(years.from, years.to, stance);
    } else if (plan && !review) {
      period = parent?.stance === 'planned' ? parent : planned;
    } else if (review && !plan) {
      // 取得新突破 under a plan heading is a goal, not a result: a sub-heading keeps its parent's period.
      period = parent?.stance ? parent : reviewed;
    } else if (stack.length === 0) {
      period = top.period?.stance === 'planned' ? top.period : reviewed;
    } else {
      period = parent;
    }
    if (stack.length === 0) top.period = period;
    // A heading that takes its parent's period takes its parent's word for it too.
    const named = (years !== null && years !== 'mixed') || (period !== null && period === parent && parentNamed);
    stack.push({ level, period, named });
    sections.push({ from: p.n, heading: text, period, named });
  }
  return sections;
}

/** Body paragraphs that state problems: those under a problems heading, and those that open by stating them. */
function problemParagraphs(paragraphs: Paragraph[]): number[] {
  const out: number[] = [];
  let underHeading = 0;
  for (const p of paragraphs) {
    if (p.level > 0) {
      underHeading = PROBLEM_HEADING.test(p.text) ? p.level : underHeading && p.level > underHeading ? underHeading : 0;
      continue;
    }
    if (underHeading || PROBLEM_PARAGRAPH.test(p.text)) out.push(p.n);
  }
  return out;
}

/** The whole frame of a parsed document, with staff's override applied. */
export function inferFrame(parsed: ParsedDocument, override: FrameOverride = {}): DocumentFrame {
  const overridden: string[] = [];
  // A corrected title is the title everything else is inferred from (kind, region, years).
  const doc = override.title ? { ...parsed, title: override.title } : parsed;
  if (override.title) overridden.push('title');
  let kind = inferKind(doc.title, doc.type);
  if (override.kind) {
    kind = override.kind;
    overridden.push('kind');
  }
  let region = doc.paragraphs.length || doc.title ? inferRegion(doc, kind) : null;
  if (override.region) {
    const named = override.region === '全国' ? COUNTRY : regionByName(override.region);
    if (!named) throw new Error(`frame: unknown region "${override.region}"`);
    region = named;
    overridden.push('region');
  }
  const titleYear = doc.title.match(/(?:19|20)\d{2}(?=年)/)?.[0];
  const published = doc.publishedAt ? Number(doc.publishedAt.slice(0, 4)) : null;
  let { reviewed, planned } = documentPeriods(kind, titleYear ? Number(titleYear) : null, published);
  if (override.reviewedYear) {
    reviewed = span(override.reviewedYear, override.reviewedYear, 'reviewed');
    planned = span(override.reviewedYear + 1, override.reviewedYear + 1, 'planned');
    overridden.push('reviewedYear');
  }
  if (override.plannedYear) {
    planned = span(override.plannedYear, override.plannedYear, 'planned');
    overridden.push('plannedYear');
  }
  const statute = doc.paragraphs.some((p) => p.article);
  // The original page: the sidecar's url, else the one the document gives itself (canonical link, 原文链接 line).
  let sourceUrl = doc.sourceUrl;
  if (override.url) {
    sourceUrl = override.url;
    overridden.push('url');
  }
  return {
    regionCode: region?.code ?? null,
    region: region?.name ?? null,
    kind,
    reviewed,
    planned,
    sections: statute ? [] : inferSections(doc.paragraphs, reviewed, planned),
    problemParagraphs: statute ? [] : problemParagraphs(doc.paragraphs),
    overridden,
    ...(sourceUrl ? { sourceUrl } : {}),
  };
}

/** One line for `npm run ingest`'s report: 广东省 · 政府工作报告 · reviews 2025 · plans 2026 · 9 sections. */
export function describeFrame(frame: DocumentFrame): string {
  const years = (p: Period | null) => (p ? (p.from === p.to ? `${p.from}` : `${p.from}–${p.to}`) : '–');
  const marked = (field: string, text: string) => (frame.overridden.includes(field) ? `${text} (set)` : text);
  return [
    marked('region', frame.region ?? 'region unknown'),
    marked('kind', frame.kind ?? 'kind unknown'),
    `reviews ${years(frame.reviewed)}`,
    `plans ${years(frame.planned)}`,
    `${frame.sections.filter((s) => s.period?.stance === 'planned').length}/${frame.sections.length} plan sections`,
    `${frame.problemParagraphs.length} problem paragraphs`,
  ].join(' · ');
}
