// A list of questions as links to ask them: 热门问题 on the home page and
// 相关问题 under an answer.
import { askHref, type Ui } from './ui.js';

export interface ListedQuestion {
  text: string;
  /** How often it was asked, shown for popular questions. */
  count?: number;
}

export function QuestionList({ ui, id, title, questions }: { ui: Ui; id: string; title: string; questions: ListedQuestion[] }) {
  if (questions.length === 0) return null;
  return (
    <section class="question-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul class="question-list">
        {questions.map((q) => (
          <li>
            <a href={askHref(ui, q.text)} lang={ui.contentLang}>
              {q.text}
            </a>
            {q.count !== undefined && <span class="count"> · {ui.t('popularCount', { count: q.count })}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
