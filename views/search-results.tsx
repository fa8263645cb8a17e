// The #results fragment for a search: ranked passages with highlighted
// snippets and plain links for paging (htmx-enhanced, work without JS).
import type { SearchResponse } from '../src/service.js';
import { PassageItem } from './citation-list.js';
import type { Ui } from './ui.js';

export function SearchResults({ ui, response }: { ui: Ui; response: SearchResponse }) {
  const { t } = ui;
  const { query, total, limit, offset, results, filters, facets } = response;
  const filterParams = (types: string[], years: number[]) =>
    types.map((v) => `&type=${encodeURIComponent(v)}`).join('') + years.map((v) => `&year=${v}`).join('');
  const current = filterParams(filters.types, filters.years);
  const page = (o: number) => `/search?q=${encodeURIComponent(query)}${current}&offset=${o}`;
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const typeLink = (v: string) => `/search?q=${encodeURIComponent(query)}${filterParams(toggle(filters.types, v), filters.years)}`;
  const yearLink = (v: string) =>
    `/search?q=${encodeURIComponent(query)}${filterParams(filters.types, toggle(filters.years.map(String), v).map(Number))}`;
  const showFacets = facets.type.length > 1 || facets.year.length > 1 || filters.types.length > 0 || filters.years.length > 0;
  return (
    <section id="results" class="search-results" aria-labelledby="results-title">
      <h1 id="results-title">
        {t('searchResultsTitle', { query: ui.text(query) })} <span class="count">{t('searchCount', { total })}</span>
      </h1>
      {showFacets && (
        <nav class="facets" aria-label={t('facetsLabel')}>
          <FacetList title={t('facetType')} items={facets.type} active={filters.types} link={typeLink} text={ui.text} />
          <FacetList title={t('facetYear')} items={facets.year} active={filters.years.map(String)} link={yearLink} text={ui.text} />
          {(filters.types.length > 0 || filters.years.length > 0) && (
            <p>
              <a href={`/search?q=${encodeURIComponent(query)}`} hx-get={`/search?q=${encodeURIComponent(query)}`} hx-target="#results" hx-swap="outerHTML" hx-push-url="true">
                {t('facetClear')}
              </a>
            </p>
          )}
        </nav>
      )}
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

/** One facet: each value with its count, a link that adds or removes it as a filter; the active ones marked in text, not only colour. */
function FacetList(props: {
  title: string;
  items: { value: string; count: number }[];
  active: string[];
  link: (value: string) => string;
  text: (s: string) => string;
}) {
  if (props.items.length === 0 && props.active.length === 0) return null;
  return (
    <div class="facet">
      <h2>{props.title}</h2>
      <ul>
        {props.items.map((f) => {
          const on = props.active.includes(f.value);
          return (
            <li>
              <a href={props.link(f.value)} hx-get={props.link(f.value)} hx-target="#results" hx-swap="outerHTML" hx-push-url="true" aria-current={on ? 'true' : undefined}>
                {on ? '✓ ' : ''}
                {props.text(f.value)} ({f.count})
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
