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
}

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

/** The figures of one sentence, in order. */
export function sentenceFigures(sentence: string): SentenceFigure[] {
  const text = sentence.normalize('NFKC');
  const parts = numericParts(text);
  const out: SentenceFigure[] = [];
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
    out.push({ expr, value: num + mult, number, qualifier: approx + (own || borrowed), unit, subject });
    previous = { end: part.end, subject, clauseStart };
  });
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
      for (const f of sentenceFigures(sentence)) {
        n++;
        out.push({
          id: `${p.id}/${n}`,
          docId: doc.id,
          docTitle: doc.title,
          ...frame,
          heading: p.heading,
          paragraph: p.paragraph,
          passageId: p.id,
          url: passageUrl(p),
          ...f,
          measure: measureKey(f.subject, f.unit),
          sentence,
        });
      }
    }
  }
  return out;
}

const cache = new WeakMap<KnowledgeBase, Figure[]>();

/** Every figure in the knowledge base's reports, computed on first use and kept with the knowledge base. */
export function figuresFor(kb: KnowledgeBase): Figure[] {
  let list = cache.get(kb);
  if (!list) cache.set(kb, (list = reportPassages(kb).flatMap(({ doc, passages }) => documentFigures(doc, passages))));
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
