// The portal's front page: example questions, 热门问题 from the question log,
// and what the knowledge base holds.
import type { DocumentSummary } from '../src/model/store.js';
import { QuestionList, type ListedQuestion } from './question-list.js';
import { askHref, type Ui } from './ui.js';

export const EXAMPLES = [
  '2021年市政府办结了多少件行政复议申请？',
  '开办企业可以一窗通办吗？',
  '法治政府建设还存在哪些问题？',
  '2022年有哪些工作打算？',
];

export function Home({ ui, documents, popular }: { ui: Ui; documents: DocumentSummary[]; popular: ListedQuestion[] }) {
  const { t, text } = ui;
  return (
    <section id="results" aria-labelledby="home-title">
      <h1 id="home-title">{t('homeTitle')}</h1>
      <p>{t('homeIntro')}</p>
      <QuestionList ui={ui} id="popular-title" title={t('popularTitle')} questions={popular} />
      <h2 id="examples-title">{t('examplesTitle')}</h2>
      <ul class="examples" aria-labelledby="examples-title">
        {EXAMPLES.map((q) => {
          const href = askHref(ui, text(q));
          return (
            <li>
              <a href={href} hx-get={href} hx-target="#results" hx-swap="outerHTML" hx-push-url="true" lang={ui.contentLang}>
                {text(q)}
              </a>
            </li>
          );
        })}
      </ul>
      <h2 id="documents-title">{t('documentsTitle', { count: documents.length })}</h2>
      <ul class="documents" aria-labelledby="documents-title">
        {documents.slice(0, 50).map((d) => (
          <li>
            <a href={`/doc/${encodeURIComponent(d.id)}`} lang={ui.contentLang}>
              {text(d.title)}
            </a>
            {d.publishedAt && <span class="date"> · {d.publishedAt}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
