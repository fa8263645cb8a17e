// 相关问题 under an answer: questions only, never a heading as it stands (issue
// #17). Other popular questions that share words with this one, then the
// questions made from the headings of the other cited passages (each a topic the
// documents do cover; question-forms.ts, null where no form reads naturally),
// offered as links to ask them.
import type { PassageResult } from './search.js';
import { questionKey } from '../staff/query-log.js';
import { suggestionTerms } from './suggest.js';
import { headingQuestion } from './question-forms.js';

// Bigrams every question has; sharing them says nothing about the topic.
const QUESTION_BIGRAMS = new Set(['什么', '多少', '哪些', '怎么', '如何', '是否', '可以', '有没', '没有', '请问', '为什', '么时', '时候']);

function topicTerms(text: string): Set<string> {
  return new Set(suggestionTerms(text).filter((t) => !QUESTION_BIGRAMS.has(t)));
}

/** Up to `limit` related questions for an asked question, its citations and the popular questions. */
export function relatedQuestions(question: string, citations: PassageResult[], popular: string[], limit = 5): string[] {
  const asked = questionKey(question);
  const seen = new Set<string>([asked]);
  const out: string[] = [];
  const add = (text: string) => {
    const key = questionKey(text);
    if (!key || seen.has(key) || out.length >= limit) return;
    seen.add(key);
    out.push(text);
  };

  const mine = topicTerms(question);
  const scored = popular
    .map((p, rank) => {
      const theirs = topicTerms(p);
      let shared = 0;
      for (const t of theirs) if (mine.has(t)) shared++;
      return { p, rank, share: shared / Math.max(1, Math.min(mine.size, theirs.size)), shared };
    })
    .filter((s) => s.shared >= 2 && s.share >= 0.3)
    .sort((a, b) => b.share - a.share || a.rank - b.rank);
  for (const s of scored.slice(0, 3)) add(s.p);

  // The question of each cited passage's section but the first's (which the answer already covers): its
  // deepest heading with a natural question form. The region is named: the question stays with the answer's source.
  const firstHeading = citations[0]?.heading.at(-1);
  for (const c of citations.slice(1)) {
    if (!c.heading.length || c.heading.at(-1) === firstHeading) continue;
    const ctx = { title: c.title, kind: c.type, region: c.region, qualify: true };
    for (const heading of [...c.heading].reverse()) {
      const text = headingQuestion(heading, ctx);
      if (text) {
        add(text);
        break;
      }
    }
  }
  return out;
}
