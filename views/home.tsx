// The portal's front page: example questions (configured, or drawn from the
// knowledge base's own documents: src/search/examples.ts), 热门问题 from the
// question log, the newest documents and a link to all of them (/docs).
import type { DocumentSummary } from '../src/model/store.js';
import { newestFirst } from '../src/search/library.js';
import { QuestionList, type ListedQuestion } from './question-list.js';
import { askHref, type Ui } from './ui.js';

/** Documents listed on the home page; the rest are on /docs. */
export const HOME_DOCUMENTS = 10;

export function Home({
  ui,
  documents,
  popular,
  examples,
}: {
  ui: Ui;
  documents: readonly DocumentSummary[];
  popular: ListedQuestion[];
  examples: readonly string[];
}) {
  const { t, text } = ui;
  const newest = newestFirst(documents).slice(0, HOME_DOCUMENTS);
  return (
    <section id="results" aria-labelledby="home-title">
      <h1 id="home-title">{t('homeTitle')}</h1>
      <p>{t('homeIntro')}</p>
      <QuestionList ui={ui} id="popular-title" title={t('popularTitle')} questions={popular} />
      {examples.length > 0 && (
        <>
          <h2 id="examples-title">{t('examplesTitle')}</h2>
          <ul class="examples" aria-labelledby="examples-title">
            {examples.map((q) => {
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
        </>
      )}
      <h2 id="documents-title">{t('documentsTitle', { count: documents.length })}</h2>
      <ul class="documents" aria-labelledby="documents-title">
        {newest.map((d) => (
          <li>
            <a href={`/doc/${encodeURIComponent(d.id)}`} lang={ui.contentLang}>
              {text(d.title)}
            </a>
            {d.publishedAt && <span class="date"> · {d.publishedAt}</span>}
          </li>
        ))}
      </ul>
      {documents.length > 0 && (
        <p class="all-documents">
          <a href="/docs">{t('docsAllLink', { count: documents.length })}</a>
        </p>
      )}
    </section>
  );
}
