// Commitments (承诺与部署): the forward-looking statements of reports — every
// sentence of a plan section (下一步工作措施, 工作计划, 重点做好以下几方面工作 …,
// see sections.ts) and, elsewhere, sentences that commit to action (将, 要, 继续,
// 力争 …) for a year after the one the report covers. Past-tense achievements
// (已…, …了, 完成了) are not commitments. Extracted once per loaded knowledge
// base from its stored passages, so ids and links match the index exactly.
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { passageUrl } from '../model/document.js';
import { compactForm } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import { reportPassages } from './report-passages.js';
import { PLAN_HEADING } from '../search/sections.js';
import type { DocumentSummary, StoredPassage } from '../model/store.js';
import { sectionAt } from '../search/frame.js';
import { withArabicYears } from '../text/periods.js';

export interface Commitment {
  /** `{passage id}/{n}`: the n-th sentence (1-based) of the passage. */
  id: string;
  docId: string;
  docTitle: string;
  /** The year the report covers. */
  year: number | null;
  /** The region its report speaks for (广东省, 阳江市), when known. */
  region: string | null;
  /** The year the commitment is for: stated in the sentence or its plan section, else the year after the report's. */
  targetYear: number | null;
  /** Whether targetYear is written in the sentence or its section (otherwise it is implied by 下一步). */
  targetYearStated: boolean;
  /** plan: a sentence of a plan section; pledge: a commitment sentence with a later year elsewhere. */
  kind: 'plan' | 'pledge';
  heading: string[];
  paragraph: number;
  passageId: string;
  url: string;
  text: string;
}

/**
 * Words that commit to action. 要 only as a verb (not 重要, 主要, 需要, 要求, 纲要 …);
 * 将 also marks objects (将X列入), which is why a pledge needs a later year as well.
 */
const COMMIT_VERB = /将|(?<![重主需纲摘只必简提概])要(?![求点素件闻])|继续|力争|争取|推动|推进|确保|计划|着力|加快|持续|努力|预计|拟/;

/**
 * Marks of what is already done: 已 / 已经 (not 已有, what exists), a verb with 了
 * (not 为了, 除了, 了解), 完成了 / 实现了 / 取得了 ….
 */
const PAST = /已经|已(?!有)|(?<![为除罢不])了(?![解])/;

/** A lead-in to a list (重点做好以下几方面工作：): the items follow, it commits to nothing itself. */
const LEAD_IN = /(?:以下|如下)[^。；;]{0,12}[：:]$/;

/** 《titles》 and year ranges (2021—2025年) name periods, not the year a commitment is for. */
function withoutTitlesAndRanges(text: string): string {
  return text
    .replace(/《[^》]*》/g, ' ')
    .replace(/(?:19|20)\d{2}\s*[—–\-－~～至到]\s*(?:19|20)\d{2}年?/g, ' ');
}

/** Years (2022年, 2022年底 …) a text commits to, outside titles and ranges. */
export function yearsIn(text: string): number[] {
  return [...withoutTitlesAndRanges(withArabicYears(text)).matchAll(/(?:19|20)\d{2}(?=年)/g)].map((m) => Number(m[0]));
}

/** The first year after `year` that the text names, or null. */
function laterYear(text: string, year: number | null): number | null {
  if (year === null) return null;
  return yearsIn(text).find((y) => y > year) ?? null;
}

export function isPastTense(sentence: string): boolean {
  return PAST.test(withoutTitlesAndRanges(sentence));
}

/** Whether a sentence outside plan sections commits to action for a year after the report's. */
export function isPledge(sentence: string, year: number | null): boolean {
  return laterYear(sentence, year) !== null && COMMIT_VERB.test(withoutTitlesAndRanges(sentence)) && !isPastTense(sentence);
}

/** The index of the plan heading in a heading path, or -1. */
function planHeadingIndex(heading: string[]): number {
  return heading.findIndex((h) => PLAN_HEADING.test(h));
}

/** A passage's own lead heading repeated as its first sentence ("(一)坚持党的领导,…推进法治政府建设。"). */
function isLeadHeading(sentence: string, heading: string[]): boolean {
  const last = heading[heading.length - 1];
  return last !== undefined && compactForm(sentence.replace(/[。.；;：:]$/, '')) === compactForm(last);
}

/** Commitments of one document, from its passages in order. */
export function documentCommitments(doc: DocumentSummary, passages: StoredPassage[]): Commitment[] {
  const out: Commitment[] = [];
  // The year the report looks back on (a 2026 government work report: 2025); plans are for later years.
  const reportYear = doc.frame.reviewed?.to ?? doc.year;
  // The year a plan section is for, stated in its heading or its opening paragraph (2022年,…将…).
  const sectionYears = new Map<string, number>();
  for (const p of passages) {
    // A plan section: by its heading (下一步工作措施), or by the frame inferred at ingest (2026年工作安排, 十五五 targets).
    const section = sectionAt(doc, p.paragraph);
    const period = section ? section.period : doc.frame.reviewed;
    const framed = period?.stance === 'planned';
    const headingPlanAt = planHeadingIndex(p.heading);
    const planAt = headingPlanAt >= 0 ? headingPlanAt : framed ? Math.max(0, p.heading.length - 1) : -1;
    // Framed sections are told apart by where they start (a 十五五 part and a 今年 part may share a heading).
    const sectionKey = framed && section ? `@${section.from}` : planAt >= 0 ? p.heading.slice(0, planAt + 1).join('\u0000') : '';
    if (planAt >= 0 && !sectionYears.has(sectionKey)) {
      // A plan for several years (十五五: 2026–2030) is for the end of them; a heading that named them states them.
      const fromFrame = framed && period && section?.named ? period.to : null;
      const stated =
        fromFrame ??
        laterYear(p.heading.slice(0, planAt + 1).join(' '), reportYear) ??
        (p.heading.length === planAt + 1 ? laterYear(p.text, reportYear) : null);
      if (stated !== null) sectionYears.set(sectionKey, stated);
    }
    splitSentences(p.text).forEach((sentence, i) => {
      if (isLeadHeading(sentence, p.heading) || LEAD_IN.test(sentence)) return;
      let kind: Commitment['kind'];
      if (planAt >= 0) {
        if (isPastTense(sentence)) return;
        kind = 'plan';
      } else if (isPledge(sentence, reportYear)) {
        kind = 'pledge';
      } else {
        return;
      }
      const inSentence = laterYear(sentence, reportYear);
      const inSection = planAt >= 0 ? (sectionYears.get(sectionKey) ?? null) : null;
      const stated = inSentence ?? inSection;
      out.push({
        id: `${p.id}/${i + 1}`,
        docId: doc.id,
        docTitle: doc.title,
        year: doc.year,
        region: doc.frame.region,
        targetYear: stated ?? (reportYear !== null ? reportYear + 1 : null),
        targetYearStated: stated !== null,
        kind,
        heading: p.heading,
        paragraph: p.paragraph,
        passageId: p.id,
        url: passageUrl(p),
        text: sentence,
      });
    });
  }
  return out;
}

const cache = new WeakMap<KnowledgeBase, Commitment[]>();

/** Every commitment in the knowledge base's reports, computed on first use and kept with the knowledge base. */
export function commitmentsFor(kb: KnowledgeBase): Commitment[] {
  let list = cache.get(kb);
  if (!list) cache.set(kb, (list = reportPassages(kb).flatMap(({ doc, passages }) => documentCommitments(doc, passages))));
  return list;
}
