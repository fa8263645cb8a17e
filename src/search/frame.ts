// The question's frame and the passages': which regions a question names (广东省,
// 粤, 阳江), which years (2025年, 今年 against the configured clock, 十四五),
// and whether it asks what was planned (目标, 计划, 打算) or what was done
// (完成, 实现, 去年); and, for a passage, the region, years and stance of the
// section it stands in (stored at ingest, src/ingest/frame.ts). Retrieval keeps
// to the regions asked about; answers and refusals say what the library covers.
import type { Period, Stance } from '../model/document.js';
import type { DocumentSummary, StoredPassage } from '../model/store.js';
import { periodYears } from '../text/periods.js';
import { findRegions, regionByCode, regionWithin, type Region } from '../text/regions.js';

export interface QueryFrame {
  /** Regions the question names (never the whole country: 全国第一 is a ranking, not a place). */
  regions: Region[];
  /** The words that named them in the question (内蒙古自治区, 粤), with their region codes. */
  mentions: { text: string; code: string }[];
  /** Codes of the regions the question is about (香港2025年…, 深圳市的…), not merely mentions (承接了湘潭的事项). */
  subjects: Set<string>;
  /** Years it asks about: named, relative (今年 → the clock's year) and five-year plans (十四五 → 2021–2025). */
  years: number[];
  /** Relative words and the years they were taken to mean, to say so in the answer. */
  relativeYears: { word: string; year: number }[];
  /** Whether it asks about plans and targets or about what was done; null when it does not say. */
  intent: Stance | null;
}

/** Openings before the subject of a question (请问, 我想知道). */
const LEADING_FILLER = /^(?:请问|想问一下|想问|问一下|我想知道|我想了解|麻烦问一下|你好|您好)[,，\s]*/;
/** What follows a region that is the question's subject: its year, its 的, its government or territory. */
const SUBJECT_AFTER = /^(?:(?:19|20)\d{2}年|今年|去年|明年|前年|的|地区|省|市|政府|全省|全市|全区|人民政府|这边|那边|目前|现在)/;

/** What may follow a one-character abbreviation used as a region (粤2025年, 粤的, 沪、苏). */
const SHORT_FORM_AFTER = /^(?:(?:19|20)\d{2}|今年|去年|明年|的|地区|[^\u4e00-\u9fff]|$)/;

/** Relative year words and their offset from the current year. */
const RELATIVE_YEARS: [RegExp, string, number][] = [
  [/今年/, '今年', 0],
  [/本年度|当年/, '本年度', 0],
  [/去年|上一年|上年度/, '去年', -1],
  [/前年/, '前年', -2],
  [/明年|来年|下一年/, '明年', 1],
  [/后年/, '后年', 2],
];

/** Words that ask what is planned, targeted or intended. */
const PLANNED = /目标|计划|打算|预期|预计|将要|将会|今年要|明年要|将(?=完成|新增|建|实施|推进|开展|投入|达到|实现|提高|打造|改造)|准备|力争|部署|安排|规划|明年|今后|下一步|接下来|未来|要做|要建|要办|会有|能不能有/;
/** Words that ask what was done or reached. */
const REVIEWED = /完成了|实现了|达到了|取得了|建成了|增长了|下降了|新增了|提高了|减少了|累计|去年|过去|回顾|成效|成绩|已经|了多少|了几|花了|投入了|办了|建了|改造了|获得了|获评|入选/;

/** The question's frame; `currentYear` 0 leaves relative years (今年) unresolved. */
export function analyzeQueryFrame(normalized: string, currentYear: number): QueryFrame {
  const regions: Region[] = [];
  const subjects = new Set<string>();
  const mentions: QueryFrame['mentions'] = [];
  const opening = normalized.replace(LEADING_FILLER, '');
  const offset = normalized.length - opening.length;
  for (const m of findRegions(normalized, { levels: ['province', 'city', 'county'] })) {
    // A one-character abbreviation counts only as the question's opening, after a year or standing alone
    // (鄂为什么…, 2026年渝将…, 粤2025年, 粤的), not inside a name (粤省事, an app).
    if (m.text.length === 1 && !(m.start - offset <= 0 || /(?:19|20)\d{2}年$/.test(normalized.slice(0, m.start)) || SHORT_FORM_AFTER.test(normalized.slice(m.end)))) continue;
    if (!regions.some((r) => r.code === m.region.code)) regions.push(m.region);
    mentions.push({ text: m.text, code: m.region.code });
    if (m.start - offset <= 1 || SUBJECT_AFTER.test(normalized.slice(m.end))) subjects.add(m.region.code);
  }
  const years = new Set(periodYears(normalized));
  const relativeYears: QueryFrame['relativeYears'] = [];
  for (const [re, word, shift] of RELATIVE_YEARS) {
    if (currentYear > 0 && re.test(normalized)) {
      relativeYears.push({ word, year: currentYear + shift });
      years.add(currentYear + shift);
    }
  }
  const planned = PLANNED.test(normalized);
  const reviewed = REVIEWED.test(normalized);
  return {
    regions,
    mentions,
    subjects,
    years: [...years].sort((a, b) => a - b),
    relativeYears,
    intent: planned === reviewed ? null : planned ? 'planned' : 'reviewed',
  };
}

/** The frame a passage inherits from its section and document. */
export interface PassageFrame {
  regionCode: string | null;
  /** Years it speaks for: its section's period and the years its text names. */
  years: Set<number>;
  /** Years it speaks for exactly: those its text names, or its section's when that is a single year. */
  exact: Set<number>;
  stance: Stance | null;
  /** It states problems (a problems section or paragraph). */
  problem: boolean;
}

function addPeriod(years: Set<number>, p: Period | null) {
  if (p && p.to - p.from < 20) for (let y = p.from; y <= p.to; y++) years.add(y);
}

/** The section a paragraph belongs to: the last one starting at or before it. */
export function sectionAt(doc: DocumentSummary, paragraph: number) {
  const sections = doc.frame.sections;
  let lo = 0;
  let hi = sections.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid].from <= paragraph) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found === -1 ? null : sections[found];
}

/** The period of the section a paragraph stands in (the document's reviewed years before its first section). */
export function sectionPeriod(doc: DocumentSummary, paragraph: number): Period | null {
  const section = sectionAt(doc, paragraph);
  return section ? section.period : doc.frame.reviewed;
}

export function passageFrame(doc: DocumentSummary, passage: StoredPassage, matchText: string): PassageFrame {
  const frame = doc.frame;
  const period = sectionPeriod(doc, passage.paragraph);
  const named = periodYears(matchText);
  const years = new Set(named);
  addPeriod(years, period);
  if (!period && years.size === 0 && doc.year) years.add(doc.year);
  const exact = new Set(named.length <= 2 ? named : []);
  if (period && period.from === period.to) exact.add(period.from);
  // A passage of a review section that names only years after the reviewed ones (十五五, 2035) speaks of plans.
  const future = frame.reviewed !== null && named.length > 0 && named[0] > frame.reviewed.to;
  return {
    regionCode: frame.regionCode,
    years,
    exact,
    stance: period?.stance === 'reviewed' && future ? 'planned' : (period?.stance ?? null),
    problem: frame.problemParagraphs.includes(passage.paragraph),
  };
}

/** Which documents may answer a question that names regions, and what to say when none may. */
export interface RegionScope {
  /** Document ordinals that speak for an asked region (or national law); null = no restriction. */
  keep: Set<number> | null;
  /** Asked regions that some document speaks for. */
  covered: Region[];
  /** Asked regions no document speaks for. */
  uncovered: Region[];
  /** Of `keep`, the documents of the asked regions themselves (not national law): ranked first. */
  own: Set<number>;
  /** Document ordinals that speak for a place inside an uncovered region (阳江市 for 广东省): related reading only. */
  within: Set<number>;
}

const NATIONAL_LAW = /^(?:法律|行政法规|司法解释|部门规章|宪法|监察法规)$/;

/** A document speaks for a region when its own region contains it (广东省 for 广州市), or it is national law. */
function speaksFor(doc: DocumentSummary, region: Region): boolean {
  const code = doc.frame.regionCode;
  if (code === null) return false;
  if (code === '0') return NATIONAL_LAW.test(doc.frame.kind ?? doc.type ?? '');
  const own = regionByCode(code);
  return own !== undefined && regionWithin(region, own);
}

export function regionScope(documents: DocumentSummary[], frame: QueryFrame): RegionScope {
  const none: RegionScope = { keep: null, own: new Set(), covered: [], uncovered: [], within: new Set() };
  if (frame.regions.length === 0) return none;
  // A library whose documents carry no region (older or unframed) cannot be scoped.
  if (!documents.some((d) => d.frame.regionCode !== null)) return none;
  const keep = new Set<number>();
  const own = new Set<number>();
  const covered: Region[] = [];
  const uncovered: Region[] = [];
  const within = new Set<number>();
  for (const region of frame.regions) {
    const docs = documents.filter((d) => speaksFor(d, region));
    if (docs.length) {
      covered.push(region);
      for (const d of docs) {
        keep.add(d.ord);
        if (d.frame.regionCode !== '0') own.add(d.ord);
      }
    } else {
      uncovered.push(region);
    }
    for (const d of documents) {
      const own = d.frame.regionCode && d.frame.regionCode !== '0' ? regionByCode(d.frame.regionCode) : undefined;
      if (own && own.code !== region.code && regionWithin(own, region)) within.add(d.ord);
    }
  }
  return { keep: covered.length ? keep : new Set(), own, covered, uncovered, within };
}

/** Regions the library's documents speak for, by name, most documents first (for a refusal that helps). */
export function coveredRegions(documents: DocumentSummary[]): string[] {
  const counts = new Map<string, number>();
  for (const d of documents) if (d.frame.region && d.frame.regionCode !== '0') counts.set(d.frame.region, (counts.get(d.frame.region) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).map(([name]) => name);
}

/** Years the given documents speak for (reviewed, planned and their sections). */
export function coveredYears(documents: DocumentSummary[]): number[] {
  const years = new Set<number>();
  for (const d of documents) {
    addPeriod(years, d.frame.reviewed);
    addPeriod(years, d.frame.planned);
    for (const s of d.frame.sections) addPeriod(years, s.period);
    if (!d.frame.reviewed && !d.frame.planned && d.year) years.add(d.year);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * The year 今年 means for this library: the clock's year when some document
 * speaks for it; otherwise the library's own present — the newest year its
 * documents plan for (a 2021 annual report, published early 2022, plans 2022:
 * there 去年 is 2021). Answers name the year taken, so the reading is visible.
 */
export function presentYear(documents: DocumentSummary[], clockYear: number): number {
  const known = presentYears.get(documents);
  if (known?.clock === clockYear) return known.year;
  const year = computePresentYear(documents, clockYear);
  presentYears.set(documents, { clock: clockYear, year });
  return year;
}

/** presentYear per loaded library (its documents array), recomputed only when the clock's year changes. */
const presentYears = new WeakMap<DocumentSummary[], { clock: number; year: number }>();

function computePresentYear(documents: DocumentSummary[], clockYear: number): number {
  const covered = coveredYears(documents);
  if (covered.length === 0 || covered.includes(clockYear)) return clockYear;
  const planned = documents.map((d) => d.frame.planned?.to ?? d.frame.reviewed?.to ?? null).filter((y): y is number => y !== null);
  return planned.length ? Math.min(clockYear, Math.max(...planned)) : clockYear;
}
