// 相关问题 under an answer: nothing generated. Other popular questions that share
// words with this one, then the headings of the other cited passages (each a
// topic the documents do cover), offered as links to ask them.
import type { PassageResult } from './search.js';
import { questionKey } from '../staff/query-log.js';
import { headingSuggestion, suggestionTerms } from './suggest.js';

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

  // The deepest heading of each cited passage but the first (which the answer already covers).
  const firstHeading = citations[0]?.heading.at(-1);
  for (const c of citations.slice(1)) {
    const deepest = c.heading.at(-1);
    if (!deepest || deepest === firstHeading) continue;
    const text = headingSuggestion(deepest);
    if (text) add(text);
  }
  return out;
}
