// Reported figures (数据): the quantitative facts of reports — a number with its
// unit, what it counts and the sentence it stands in (办结行政复议申请108件,
// 纠错率达29.6%, 6万余名国家工作人员). Numbers are recognised by tokenize.ts's
// splitNumeric, exactly as the index keeps them; dates, years, ordinals, bare
// numbers (list markers, 12345平台) and numbers inside 《titles》 are not figures.
// What a figure counts is read from its clause: the noun after a quantifier
// (6万余名 → 国家工作人员), else the words before the number (纠错率达 → 纠错率).
// Figures of different reports that count the same thing share a `measure` key,
// so years can be set side by side.
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { passageUrl } from '../model/document.js';
import { compactForm } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import { reportPassages } from './report-passages.js';
import type { DocumentSummary, StoredPassage } from '../model/store.js';
import { splitNumeric } from '../text/tokenize.js';
import { sectionPeriod } from '../search/frame.js';
import { normaliseAmount, tidy } from './units.js';

export interface Figure {
  /** `{passage id}/{n}`: the n-th figure (1-based) of the passage. */
  id: string;
  docId: string;
  docTitle: string;
  /** The year the figure speaks for: its section's (a 2026 report's review: 2025; its 2026年工作安排: 2026), else the report's. */
  year: number | null;
  /** The region its report speaks for (广东省, 阳江市), when known. */
  region: string | null;
  /** reported: a result (工作回顾); target: a goal or plan (主要预期目标, 下一步); null when the report's frame does not say. */
  stance: 'reported' | 'target' | null;
  /** The years of its section when it spans several (十四五: 2021–2025), else null. */
  span: { from: number; to: number } | null;
  heading: string[];
  paragraph: number;
  passageId: string;
  url: string;
  /** The numeric expression as the text (and the index) has it: 6万余名, 29.6%, 45个工作日. */
  expr: string;
  /** The number as written, with its 万/亿 multiplier: 6万, 29.6, 108. */
  value: string;
  /** The value as a number: 60000, 29.6, 108. */
  number: number;
  /** 余 or 多 (more than), 以内 (within), 以上, 以下, 左右; '' when exact. */
  qualifier: string;
  /** 件, %, 项, 个工作日 … */
  unit: string;
  /** What it counts, in the report's words: 市政府办结行政复议申请, 纠错率, 国家工作人员. */
  subject: string;
  /** Grouping key across reports: the subject without scope words (全市, 市政府 …) and the unit. */
  measure: string;
  /** The sentence the figure stands in, as written. */
  sentence: string;
  /**
   * What it measures, by general rules (issue #18): scope words (全省, 全市), verbs (实现, 达到,
   * 增长, 突破) and links dropped, synonyms joined (生产总值, 经济总量 → 地区生产总值; 规上 →
   * 规模以上); a figure whose clause only names a verb (…、增长5.4%) takes the measure of the
   * figure before it. An average over the section's years ends in ·年均. '' when unknown.
   */
  measureKey: string;
  /** level (地区生产总值5.6万亿元), growth (增长5.5%, 增加4374亿元, 提高2个百分点) or share (城镇调查失业率5.1%, 覆盖率). */
  kind: FigureKind;
  /** The value in the base unit of its family (亿元, 万人, %, 个百分点 …); negative for a fall (下降3.3%). */
  normValue: number;
  normUnit: string;
  /** A bound or an estimate rather than the value: 突破3万亿元, 超过, 近, 约, 左右, 余, 以上. */
  approx: boolean;
  /** A starting value (从4.16万亿元增加到…, 较“十三五”末的…): its year is the one before the section's years. */
  baseline: boolean;
}

export type FigureKind = 'level' | 'growth' | 'share';

const MULTIPLIERS: Record<string, number> = { 万亿: 1e12, 万: 1e4, 亿: 1e8, 千: 1e3, 百: 100 };
/** Units that make a number a date or an anniversary, not a quantity. */
const NOT_QUANTITY_UNITS = new Set(['月', '日', '号', '周年', '年度']);
const AFTER_QUALIFIER = /^(?:以内|以上|以下|左右)/;
/** Clause boundaries: what a figure counts is never read across them. */
const BOUNDARY = /[，,；;：:。！？!?]/;
/** Words after a number that join it to another figure or a comparison, not to the noun it counts. */
const NOT_A_NOUN_START = /^(?:和|与|及|或|以|的|其中|同比|较|比|分别|共|、|至|到|\s)/;
/**
 * Where the noun after a quantifier ends: a verb or particle that starts the predicate.
 * Single characters only where they cannot be the end of a word of the noun (公共, 行为, 存在).
 */
const NOUN_END =
  /开展|实现|下放|开通|通过|进行|参加|参与|获得|完成|整体|平均|全部|分别|接入|纳入|得到|实施|受理|提供|覆盖|上线|累计|同比|进入|已(?!有)|(?<![存所现实])在|和(?!解)|与|(?<![以涉普危顾])及(?!时)|(?<![合兼])并|将|被|的|(?<![到发表送抵])达/;
const NOUN_END_AT = new RegExp(NOUN_END.source, 'y');
/** Words that link a subject to its number (…共142项, 纠错率达29.6%, 压缩至55个). */
const TRAILING_LINK = /(?:共计|合计|累计|总计|共|达到|达|为|约|近|超过|逾|是|分别|了|(?:分别)?(?:压缩|缩短|减少|降低|提高|提升|增加|增长|下降|上升)?(?:至|到))$/;
const LEADING_LINK = /^(?:[\s、,，和及与并或]|其中|另有|此外|同时)+/;
/** Scope words that do not change what is counted: dropped from the measure key. */
const SCOPE = /^(?:全市|全年|本市|我市|市政府|今年|当年|全省|全县|全区|共|累计)+/;
const MAX_SUBJECT = 24;

interface NumericAt {
  text: string;
  start: number;
  end: number;
}

function numericParts(text: string): NumericAt[] {
  const out: NumericAt[] = [];
  let at = 0;
  for (const part of splitNumeric(text)) {
    if (part.numeric) out.push({ text: part.text, start: at, end: at + part.text.length });
    at += part.text.length;
  }
  return out;
}

function lastBoundary(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (BOUNDARY.test(text[i])) return i + 1;
  return 0;
}

/** Inside 《…》: a title, whose numbers name things, not quantities. */
function inTitle(text: string, at: number): boolean {
  const head = text.slice(0, at);
  return head.lastIndexOf('《') > head.lastIndexOf('》');
}

/** The words before a number, without linking words: 其中责令履行 → 责令履行, 纠错率达 → 纠错率. */
export function cleanSubjectBefore(raw: string): string {
  let s = raw.trim().replace(LEADING_LINK, '');
  const de = s.lastIndexOf('的');
  if (de >= 0 && s.length - de - 1 >= 2) s = s.slice(de + 1);
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(TRAILING_LINK, '').trim();
  }
  s = s.replace(/[\s、,，(（]+$/, '');
  return [...s].length > MAX_SUBJECT ? [...s].slice(-MAX_SUBJECT).join('') : s;
}

/** The noun a quantifier counts: 国家工作人员开展… → 国家工作人员. Parentheses stay whole: 县(市、区). */
function nounAfter(rest: string): string {
  let depth = 0;
  let i = 0;
  for (; i < rest.length && i < MAX_SUBJECT; i++) {
    const ch = rest[i];
    if (ch === '(' || ch === '（') depth++;
    else if (ch === ')' || ch === '）') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (BOUNDARY.test(ch) || ch === '、' || /\d/.test(ch))) break;
    else if (depth === 0 && i > 0) {
      NOUN_END_AT.lastIndex = i;
      if (NOUN_END_AT.test(rest)) break;
    }
  }
  return rest.slice(0, i).trim();
}

/** The rest of a clause (up to a boundary), for nouns too short to say what they count (42项事项实现秒批服务). */
function clauseRest(rest: string): string {
  const end = rest.search(/[，,；;：:。！？!?]/);
  const s = end === -1 ? rest : rest.slice(0, end);
  return [...s].slice(0, MAX_SUBJECT).join('').trim();
}

export function measureKey(subject: string, unit: string): string {
  return `${compactForm(subject).replace(SCOPE, '')}|${unit}`;
}

export interface SentenceFigure {
  expr: string;
  value: string;
  number: number;
  qualifier: string;
  unit: string;
  subject: string;
}

/** A sentence figure with what the comparable fields are read from. */
interface FigureContext extends SentenceFigure {
  /** The words from the clause start (or the previous figure's clause) to the number. */
  clauseLead: string;
  /** The words between the previous number (or the clause start) and this one, as written. */
  rawLead: string;
  /** The words right after the number and its qualifier, up to the clause end. */
  rest: string;
  /** Whether a comma or stop lies between the previous figure and this one. */
  newClause: boolean;
}

/** The figures of one sentence, in order. */
export function sentenceFigures(sentence: string): SentenceFigure[] {
  return figureContexts(sentence).map(({ expr, value, number, qualifier, unit, subject }) => ({ expr, value, number, qualifier, unit, subject }));
}

function figureContexts(sentence: string): FigureContext[] {
  const text = sentence.normalize('NFKC');
  const parts = numericParts(text);
  const out: FigureContext[] = [];
  let previous: { end: number; subject: string; clauseStart: number } | null = null;
  parts.forEach((part, j) => {
    const expr = part.text;
    if (/^\d{4}-\d|年\d{1,2}月|^\d{1,2}月\d/.test(expr)) return; // a date
    const m = /^(\d+(?:\.\d+)?)(万亿|[万亿千百])?(余|多)?(.*)$/.exec(expr);
    if (!m) return;
    const [, num, mult = '', approx = ''] = m;
    let unit = m[4];
    const before = text.slice(0, part.start);
    const after = text.slice(part.end);
    if (/[第+＋]$/.test(before) || /^[+＋]/.test(after) || inTitle(text, part.start)) return; // ordinal, 5+1, a title
    // 55个和45个工作日以内: the first number borrows the unit (and 以内) the second spells out.
    const next = parts[j + 1];
    const joiner = next ? text.slice(part.end, next.start) : '';
    let borrowed = '';
    if (next && /^(?:和|、|至|到|或|-|—|~|～)$/.test(joiner)) {
      const nextUnit = /^\d+(?:\.\d+)?(?:万亿|[万亿千百])?(?:余|多)?(.*)$/.exec(next.text)?.[1] ?? '';
      if (nextUnit.length > unit.length && nextUnit.startsWith(unit)) {
        unit = nextUnit;
        borrowed = text.slice(next.end).match(AFTER_QUALIFIER)?.[0] ?? '';
      }
    }
    if (!unit) return; // a bare number: a list marker, 12345平台
    if (/^(?:19|20)\d{2}$/.test(num) && !mult && unit.startsWith('年')) return; // a year
    if (NOT_QUANTITY_UNITS.has(unit)) return;
    const own = after.match(AFTER_QUALIFIER)?.[0] ?? '';
    const rest = after.slice(own.length);
    const clauseStart = lastBoundary(text, part.start);
    // Words before the number, back to the clause start or the previous number (2021年办理…282件,
    // 19份和…38份) — an ordinal stays part of them (第3批事项共12项).
    let from = clauseStart;
    for (let k = j - 1; k >= 0; k--) {
      if (/[第]$/.test(text.slice(0, parts[k].start))) continue;
      from = Math.max(clauseStart, parts[k].end);
      break;
    }
    const lead = cleanSubjectBefore(text.slice(from, part.start));
    let subject = '';
    const prenominal = unit !== '%' && unit !== '‰' && /^[\u3400-\u9fff]/.test(rest) && !NOT_A_NOUN_START.test(rest);
    if (prenominal) {
      const noun = nounAfter(rest);
      if ([...noun].length > 2) subject = noun;
      else if (noun && lead) subject = lead + noun;
      else if (noun) subject = clauseRest(rest);
    }
    if (!subject) subject = lead;
    // 印发…19份和…38份 has its own subject; 55个和45个工作日 shares the first one's.
    if (!subject && previous && previous.clauseStart === clauseStart && /^(?:和|、|至|到|或)$/.test(text.slice(previous.end, part.start).trim())) {
      subject = previous.subject;
    }
    const number = Number(num) * (MULTIPLIERS[mult] ?? 1);
    out.push({
      expr,
      value: num + mult,
      number,
      qualifier: approx + (own || borrowed),
      unit,
      subject,
      clauseLead: text.slice(clauseStart, part.start),
      rawLead: text.slice(from, part.start),
      rest: clauseRest(rest),
      newClause: !previous || previous.clauseStart !== clauseStart,
    });
    previous = { end: part.end, subject, clauseStart };
  });
  return out;
}

// ---- comparable fields (issue #18) ------------------------------------------------------------

/** Scope and framing words at the start of a measure: they do not change what is measured. */
const NAME_SCOPE =
  /^(?:初步统计|据初步统计|预计|全省|全市|全区|全自治区|全县|全年|全面|本市|我市|我省|我区|本省|今年|当年|去年|共计|共|累计|其中|同时|此外|首次|2025年|2026年)+/;
/** Verbs at the start of a measure: 实现地区生产总值 → 地区生产总值. */
const NAME_VERB = /^(?:完成|实现|达到|创造|取得|保持)+/;
/** Links, verbs and modifiers at the end of a measure, stripped one by one: 地区生产总值同比增长 → 地区生产总值. */
const NAME_TAIL =
  /(?:增长到|增长至|增加到|增加至|提高到|提高至|提升到|提升至|下降到|下降至|降低到|降低至|减少到|减少至|增至|升至|降至|跃升至|跃升到|控制在|保持在|稳定在|突破|超过|超|逾|近|约|达到|达|为|是|迈上|跨越|跨过|迈过|增长|增速|增幅|涨幅|上涨|下降|降低|减少|提高|提升|增加|回落|净增|增量|同比|比上年|较上年|首次|历史性|连续|分别|实际|名义|总体|稳步|持续|进一步|累计|五年|年均|新台阶|台阶|大关|关口|\d{4}年|从|由|了|的|和|与|、|—|-|~|“|”|"|\s)$/;
const GROWTH_WORDS = /增长|增速|增幅|涨幅|上涨|下降|降低|减少|提高|提升|增加|回落|净增|增量|收窄|扩大/;
const FALL_WORDS = /(?:下降|降低|减少|回落|收窄)(?:了)?$/;
const BOUND_WORDS = /(?:突破|超过|超|逾|近|约|迈上|跨越|跨过|迈过)$/;

/** A measure in normalised words (see Figure.measureKey): 全省实现地区生产总值 → 地区生产总值. */
export function measureName(words: string): string {
  let s = compactForm(words).replace(/[“”"'‘’「」()（）]/g, '');
  if (/^(?:较|比|与)/.test(s)) return ''; // 较“十三五”末的: a comparison, not a measure
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(NAME_SCOPE, '').replace(NAME_VERB, '').replace(NAME_TAIL, '');
  }
  s = s.replace(/^规上/, '规模以上').replace(/^地方(?=一般公共预算|财政)/, '');
  if (/^(?:地区)?生产总值$|^GDP$|^经济总量$|^全省经济总量$/i.test(s)) return '地区生产总值';
  if (/^人均(?:地区)?生产总值$|^人均GDP$/i.test(s)) return '人均地区生产总值';
  if (/^(?:外贸|货物贸易|货物|对外贸易|外贸货物)?进出口(?:总额|总值)?$/.test(s)) return '进出口总额';
  // Nothing left but punctuation or a unit (万亿元台阶 → 万亿元).
  if (s.length < 2 || /^[\p{P}\d]+$/u.test(s) || /^[个千百万亿]*(?:元|美元)$/.test(s)) return '';
  return s;
}

interface Comparable {
  measureKey: string;
  kind: FigureKind;
  normValue: number;
  normUnit: string;
  approx: boolean;
  baseline: boolean;
  /** A year the text gives for a starting value (从2020年的…). */
  baselineYear: number | null;
}

/** The comparable fields of a sentence's figures, in order (a figure may take its measure from the one before). */
function comparables(list: FigureContext[]): Comparable[] {
  const out: Comparable[] = [];
  let previousName = '';
  for (const f of list) {
    const lead = f.rawLead.trim();
    let unit = f.unit;
    // 提高0.4个百分点: splitNumeric ends the unit at 个, and the noun after it is 百分点.
    const points = unit === '个' && f.rest.startsWith('百分点');
    if (points) unit = '个百分点';
    const source = points || !f.subject ? cleanSubjectBefore(lead) : f.subject;
    let name = measureName(source) || measureName(cleanSubjectBefore(lead));
    // 5.53万亿元、稳居全国前十强、增长4.8%: the words after the last 、 name only a verb, so the figure
    // continues the measure before it rather than measuring 稳居全国前十强.
    const lastPart = lead.slice(lead.lastIndexOf('、') + 1);
    if (!f.newClause && lead.includes('、') && source === cleanSubjectBefore(lead) && !measureName(cleanSubjectBefore(lastPart))) name = '';
    const average = /年均/.test(source) || /年均/.test(lead);
    // A figure after another in its clause (从A增加到B, …、增长5.4%) takes the previous measure; the first
    // of a clause takes the clause's words (地区生产总值从2020年的…), or the previous measure when the clause
    // names only a verb (…，增长5.5%).
    if (!name) name = f.newClause ? measureName(cleanSubjectBefore(f.clauseLead)) || previousName : previousName;
    const percent = unit === '%' || unit === '‰';
    const tail = lead.replace(/[\s、]+$/, '');
    const reachesLevel = /(?:到|至|在)$/.test(tail) || /(?:到|至|在)$/.test(f.subject);
    // The upper end of a range (增长4.5%—5%) is what the lower end is.
    const rangeEnd = !f.newClause && /^(?:—|-|~|～|至|到)$/.test(tail) && out.length > 0;
    let kind: FigureKind;
    if (rangeEnd) kind = out[out.length - 1].kind;
    else if (unit === '个百分点') kind = 'growth';
    else if (percent) kind = !reachesLevel && (GROWTH_WORDS.test(tail.slice(-6)) || GROWTH_WORDS.test(f.subject.slice(-4))) ? 'growth' : 'share';
    else kind = !reachesLevel && /(?:增加|增长|净增|增量|多增)(?:超|超过|近|约)?$/.test(tail) ? 'growth' : 'level';
    const norm = normaliseAmount(f.number, unit, /人均|劳动生产率|生均|每人|每生/.test(name + source));
    const falls = kind === 'growth' && FALL_WORDS.test(tail);
    const baselineMatch = /(?:从|由)(?:(\d{4})年)?(?:的|末|底)?$/.exec(f.clauseLead) ?? /^较.*(?:末|年|底)的?$/.exec(f.clauseLead.trim());
    const baseline = kind === 'level' && baselineMatch !== null;
    // 经济总量超500亿元的县域, 首个突破3万亿元的城市: a threshold that describes something else.
    const attribute = f.rest.startsWith('的') || (/元$/.test(norm.unit) && /^(?:县|市|城市|省份|企业|园区)/.test(f.rest));
    out.push({
      measureKey: attribute ? '' : name && average && kind === 'growth' ? `${name}·年均` : name,
      kind,
      normValue: falls ? -norm.value : norm.value,
      normUnit: norm.unit,
      approx: BOUND_WORDS.test(tail) || /^(?:余|多|以上|左右)/.test(f.qualifier) || /^(?:约|近)/.test(f.expr),
      baseline,
      baselineYear: baseline && baselineMatch?.[1] ? Number(baselineMatch[1]) : null,
    });
    if (name) previousName = name;
  }
  return out;
}

/** Figures of one document, from its passages in order. */
export function documentFigures(doc: DocumentSummary, passages: StoredPassage[]): Figure[] {
  const out: Figure[] = [];
  for (const p of passages) {
    const period = sectionPeriod(doc, p.paragraph);
    const frame = {
      year: period ? period.to : doc.year,
      region: doc.frame.region,
      stance: period ? (period.stance === 'planned' ? 'target' : 'reported') : null,
      span: period && period.from !== period.to ? { from: period.from, to: period.to } : null,
    } as const;
    let n = 0;
    for (const sentence of splitSentences(p.text)) {
      const contexts = figureContexts(sentence);
      const extra = comparables(contexts);
      contexts.forEach(({ expr, value, number, qualifier, unit, subject }, i) => {
        n++;
        const { baselineYear, ...comparable } = extra[i];
        // A starting value speaks for the year before the section's (从… in a 十四五 review: 2020), or the year it names.
        const year = comparable.baseline ? (baselineYear ?? (frame.span ? frame.span.from - 1 : null)) : frame.year;
        out.push({
          id: `${p.id}/${n}`,
          docId: doc.id,
          docTitle: doc.title,
          ...frame,
          year,
          heading: p.heading,
          paragraph: p.paragraph,
          passageId: p.id,
          url: passageUrl(p),
          expr,
          value,
          number,
          qualifier,
          unit,
          subject,
          measure: measureKey(subject, unit),
          sentence,
          ...comparable,
        });
      });
    }
  }
  return out;
}

const cache = new WeakMap<KnowledgeBase, Figure[]>();

/** Every figure in the knowledge base's reports, computed on first use and kept with the knowledge base. */
export function figuresFor(kb: KnowledgeBase): Figure[] {
  let list = cache.get(kb);
  if (!list) {
    const before = kb.misses;
    list = reportPassages(kb).flatMap(({ doc, passages }) => documentFigures(doc, passages));
    // Made from a fetching store's stand-ins (QaService.load runs it again once fetched): not kept.
    if (kb.misses === before) cache.set(kb, list);
  }
  return list;
}

/** Figures of the same measure from more than one year, oldest first: "several years' reports give the same measure". */
export function sameMeasure(figures: Figure[], figure: Figure): Figure[] {
  return figures
    .filter((f) => f.measure === figure.measure && f.subject)
    .sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.id.localeCompare(b.id));
}

/**
 * Links the facts of an answer to figure records: a fact (108件) that is exactly one
 * figure of the cited passage. A fact the passage has twice (1件 … 1件) is left
 * unlinked rather than linked to the wrong record.
 */
export function figuresForFacts(kb: KnowledgeBase, passageId: string | undefined, facts: string[]): { index: number; id: string }[] {
  if (!passageId || facts.length === 0) return [];
  const inPassage = figuresFor(kb).filter((f) => f.passageId === passageId);
  const out: { index: number; id: string }[] = [];
  facts.forEach((fact, index) => {
    const fitting = inPassage.filter((f) => f.expr === fact || f.expr.startsWith(fact) || fact.startsWith(f.expr));
    if (fitting.length === 1) out.push({ index, id: fitting[0].id });
  });
  return out;
}

// ---- comparison (issue #18): one measure across regions for a year, or one region across years ----

export interface CompareQuery {
  measure: string;
  /** Across regions for this year (with region ''), or '' across years. */
  year: number | null;
  /** Across years for this region, or '' across regions. */
  region: string;
  /** '' picks the measure's most common kind. */
  kind: FigureKind | '';
  /** '' for both. */
  stance: 'reported' | 'target' | '';
}

export interface CompareRow {
  /** The region (across regions) or the year (across years) the row stands for. */
  key: string;
  region: string;
  year: number;
  figure: Figure;
  /** Other figures of the same measure, kind and unit for this row (bounds, repeats) not shown. */
  others: number;
}

export interface Comparison {
  measure: string;
  kind: FigureKind | null;
  unit: string;
  rows: CompareRow[];
}

/** Which of several figures for one row stands for it: a value before a bound (达到62661亿元 before 迈上6万亿元台阶), a year's own section before a span's review, the first in the text. */
function preferred(a: Figure, b: Figure): number {
  return Number(a.approx) - Number(b.approx) || Number(a.span !== null) - Number(b.span !== null) || a.id.localeCompare(b.id, 'en', { numeric: true });
}

function mostCommon<T>(values: T[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/**
 * One measure side by side: across regions for `year` (one row per region) or, with `region`,
 * across years (one row per year and stance). Growth over a span of years that is not an
 * average (十四五 增长33.6%) is left out: it is not one year's growth. The unit is the measure's
 * most common normalised unit; figures in another unit are left out.
 */
export function compareFigures(all: Figure[], q: CompareQuery): Comparison {
  let list = all.filter((f) => f.measureKey === q.measure && f.region && f.year !== null && (!q.stance || f.stance === q.stance));
  const kind = q.kind || mostCommon(list.map((f) => f.kind));
  list = list.filter((f) => f.kind === kind && !(f.kind === 'growth' && f.span && !f.measureKey.endsWith('·年均')));
  if (q.region) list = list.filter((f) => f.region === q.region);
  else list = list.filter((f) => f.year === q.year);
  const unit = mostCommon(list.map((f) => f.normUnit)) ?? '';
  list = list.filter((f) => f.normUnit === unit);
  const groups = new Map<string, Figure[]>();
  for (const f of list) {
    const key = q.region ? `${f.year}|${f.stance ?? ''}` : f.region!;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const rows: CompareRow[] = [...groups].map(([key, figures]) => {
    const [figure] = [...figures].sort(preferred);
    return { key, region: figure.region!, year: figure.year!, figure, others: figures.length - 1 };
  });
  return { measure: q.measure, kind, unit, rows };
}

export type CompareSort = 'value' | 'name';

/** Rows sorted by value (ties by name) or by name (region in pinyin-free code-point order, year ascending). */
export function sortRows(rows: CompareRow[], sort: CompareSort, order: 'asc' | 'desc'): CompareRow[] {
  const dir = order === 'asc' ? 1 : -1;
  const byName = (a: CompareRow, b: CompareRow) => a.key.localeCompare(b.key, 'zh-CN');
  return [...rows].sort((a, b) => (sort === 'value' ? dir * (a.figure.normValue - b.figure.normValue) || byName(a, b) : dir * byName(a, b)));
}

/** Measures that several regions' reports give, most regions first: the choices of the comparison form. */
export function comparableMeasures(all: Figure[], limit = 60): { measure: string; regions: number }[] {
  const regions = new Map<string, Set<string>>();
  for (const f of all) {
    if (!f.measureKey || !f.region) continue;
    let set = regions.get(f.measureKey);
    if (!set) regions.set(f.measureKey, (set = new Set()));
    set.add(f.region);
  }
  return [...regions]
    .filter(([, set]) => set.size >= 2)
    .map(([measure, set]) => ({ measure, regions: set.size }))
    .sort((a, b) => b.regions - a.regions || a.measure.localeCompare(b.measure, 'zh-CN'))
    .slice(0, limit);
}
