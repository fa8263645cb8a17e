// The #results fragment for a search: ranked passages with highlighted
// snippets and plain links for paging (htmx-enhanced, work without JS).
import type { SearchResponse } from '../src/core/service.js';
import { PassageItem } from './citation-list.js';
import type { Ui } from './ui.js';

export function SearchResults({ ui, response }: { ui: Ui; response: SearchResponse }) {
  const { t } = ui;
  const { query, total, limit, offset, results } = response;
  const page = (o: number) => `/search?q=${encodeURIComponent(query)}&offset=${o}`;
  return (
    <section id="results" class="search-results" aria-labelledby="results-title">
      <h1 id="results-title">
        {t('searchResultsTitle', { query: ui.text(query) })} <span class="count">{t('searchCount', { total })}</span>
      </h1>
      {results.length === 0 ? (
        <p class="empty">{t('searchEmpty')}</p>
      ) : (
        <ol class="results" start={offset + 1}>
          {results.map((r) => (
            <PassageItem ui={ui} result={r} />
          ))}
        </ol>
      )}
      {(offset > 0 || offset + limit < total) && (
        <nav class="pager" aria-label={t('pagerLabel')}>
          {offset > 0 && (
            <a href={page(Math.max(0, offset - limit))} hx-get={page(Math.max(0, offset - limit))} hx-target="#results" hx-swap="outerHTML" hx-push-url="true">
              {t('pagerPrevious')}
            </a>
          )}
          {offset + limit < total && (
            <a href={page(offset + limit)} hx-get={page(offset + limit)} hx-target="#results" hx-swap="outerHTML" hx-push-url="true">
              {t('pagerNext')}
            </a>
          )}
        </nav>
      )}
    </section>
  );
}
