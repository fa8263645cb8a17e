// Example questions for the home page (and the embed): the EXAMPLE_QUESTIONS
// setting when staff set it, else questions drawn from the knowledge base's own
// newest documents — their region, years and title put into a few question
// forms that read naturally for that kind of document. A portal serving other
// reports never offers questions about a report it does not hold (issue #17:
// every deployment showed 阳江 2021 examples). Deterministic for one knowledge
// base, so the page does not change between visits.
import type { DocumentSummary } from '../model/store.js';
import { newestFirst } from './library.js';

/** Example questions shown when none are configured. */
export const EXAMPLE_COUNT = 4;

type Form = (d: DocumentSummary) => string | null;

const planned = (d: DocumentSummary) => d.frame.planned?.from ?? null;
const reviewed = (d: DocumentSummary) => d.frame.reviewed?.to ?? null;
/** 全国 reads as no place in a question (国务院's report: 2026年的主要预期目标是什么？). */
const place = (d: DocumentSummary) => (d.frame.region && d.frame.region !== '全国' ? d.frame.region : '');

/**
 * Question forms by kind of document, in the order they are offered. Only
 * kinds whose documents reliably answer the form are listed: a work report
 * states its targets and the past year's growth; a 法治政府建设年度报告 is
 * required to report its measures, 存在的不足 and 下一年度的主要安排
 * (《法治政府建设与责任落实督察工作规定》第二十五条) and always covers
 * 行政复议, so its forms ask for those in the regulation's words; a law says
 * when it takes effect.
 */
const FORMS: Record<string, Form[]> = {
  政府工作报告: [
    (d) => (planned(d) ? `${planned(d)}年${place(d)}的主要预期目标是什么？` : null),
    (d) => (reviewed(d) && place(d) ? `${reviewed(d)}年${place(d)}地区生产总值增长了多少？` : null),
  ],
  法治政府建设年度报告: [
    (d) => (reviewed(d) ? `${reviewed(d)}年${place(d)}行政复议工作情况如何？` : null),
    (d) => (place(d) ? `${place(d)}法治政府建设存在哪些不足？` : null),
    (d) => (planned(d) ? `${planned(d)}年${place(d)}法治政府建设的主要安排是什么？` : null),
  ],
  法律: [statute],
  行政法规: [statute],
  地方性法规: [statute],
};

/** Every statute says when it takes effect (本法自…起施行); a title that quotes another law reads badly inside 《》. */
function statute(d: DocumentSummary): string | null {
  return d.title.includes('《') ? null : `《${d.title}》自什么时候起施行？`;
}

/**
 * Up to `count` example questions: the configured ones, else the newest
 * documents in turn, each with the next form of its kind (the first document
 * its first form, the second its second …), so a library of many reports shows
 * several regions and kinds of question, and a single report several questions.
 */
export function exampleQuestions(documents: readonly DocumentSummary[], configured: readonly string[] = [], count = EXAMPLE_COUNT): string[] {
  if (configured.length) return [...configured];
  const newest = newestFirst(documents.filter((d) => !d.superseded && d.frame.kind && FORMS[d.frame.kind] && d.title.length <= 30)).slice(0, 50);
  const questions: string[] = [];
  const passes = Math.max(0, ...newest.map((d) => FORMS[d.frame.kind!].length));
  for (let pass = 0; pass < passes && questions.length < count; pass++) {
    newest.forEach((d, i) => {
      const forms = FORMS[d.frame.kind!];
      if (pass >= forms.length || questions.length >= count) return;
      const question = forms[(i + pass) % forms.length](d);
      if (question && !questions.includes(question)) questions.push(question);
    });
  }
  return questions;
}
