// The #results fragment for a question: the extractive answer with its key
// fact highlighted and numbered citations, or an honest "没有找到答案".
import { escapeHtml } from '../src/core/highlight.js';
import type { AskResponse } from '../src/core/service.js';
import { PassageItem } from './citation-list.js';

function markFacts(answer: string, facts: string[]): string {
  if (facts.length === 0) return escapeHtml(answer);
  const pattern = new RegExp(facts.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let html = '';
  let last = 0;
  for (const m of answer.matchAll(pattern)) {
    const at = m.index ?? 0;
    html += escapeHtml(answer.slice(last, at)) + `<mark class="fact">${escapeHtml(m[0])}</mark>`;
    last = at + m[0].length;
  }
  return html + escapeHtml(answer.slice(last));
}

export function AnswerCard({ response }: { response: AskResponse }) {
  const { answer, citations } = response;
  return (
    <section id="results" class="answer-card" aria-live="polite" aria-labelledby="answer-title">
      <h1 id="answer-title" class="question">{response.question}</h1>
      {answer !== null ? (
        <div class="answer">
          <h2>答案</h2>
          <p>
            <span dangerouslySetInnerHTML={{ __html: markFacts(answer, response.facts) }} />
            <a class="cite-ref" href="#cite-1" aria-label="引用 1">
              [1]
            </a>
          </p>
        </div>
      ) : (
        <div class="no-answer">
          <h2>没有找到答案</h2>
          <p>知识库中没有能够回答这个问题的内容。以下段落可能相关，供参考：</p>
        </div>
      )}
      {citations.length > 0 && (
        <>
          <h2>{answer !== null ? '依据' : '相关段落'}</h2>
          <ol class="citations">
            {citations.map((c, i) => (
              <PassageItem result={c} number={i + 1} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
