// The #results fragment for a search: ranked passages with highlighted
// snippets, facets (type, region, year) as filter links, at most a few passages
// of one document with a 更多来自此文档 link to the rest, and plain links for
// paging (htmx-enhanced, work without JS).
import type { SearchResponse } from '../src/service.js';
import { PassageItem } from './citation-list.js';
import type { Ui } from './ui.js';

/** The filters a search link carries; each link states all of them, so it works without JS and can be bookmarked. */
interface SearchLinkState {
  types: string[];
  years: string[];
  regions: string[];
  doc: string | null;
}

function searchHref(query: string, f: SearchLinkState, offset = 0): string {
  const params = [`q=${encodeURIComponent(query)}`];
  for (const v of f.types) params.push(`type=${encodeURIComponent(v)}`);
  for (const v of f.regions) params.push(`region=${encodeURIComponent(v)}`);
  for (const v of f.years) params.push(`year=${encodeURIComponent(v)}`);
  if (f.doc) params.push(`doc=${encodeURIComponent(f.doc)}`);
  if (offset) params.push(`offset=${offset}`);
  return `/search?${params.join('&')}`;
}

/** A link that replaces #results in place with htmx and is an ordinary link without it. */
export function ResultsLink(props: { href: string; class?: string; 'aria-current'?: 'true'; title?: string; children: unknown }) {
  return (
    <a
      href={props.href}
      hx-get={props.href}
      hx-target="#results"
      hx-swap="outerHTML"
      hx-push-url="true"
      class={props.class}
      aria-current={props['aria-current']}
      title={props.title}
    >
      {props.children}
    </a>
  );
}

export function SearchResults({ ui, response }: { ui: Ui; response: SearchResponse }) {
  const { t } = ui;
  const { query, total, limit, offset, results, filters, facets, listed } = response;
  const state: SearchLinkState = { types: filters.types, years: filters.years.map(String), regions: filters.regions, doc: filters.doc };
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const typeLink = (v: string) => searchHref(query, { ...state, types: toggle(state.types, v) });
  const regionLink = (v: string) => searchHref(query, { ...state, regions: toggle(state.regions, v) });
  const yearLink = (v: string) => searchHref(query, { ...state, years: toggle(state.years, v) });
  const filtered = state.types.length > 0 || state.years.length > 0 || state.regions.length > 0;
  const showFacets = facets.type.length > 1 || facets.year.length > 1 || facets.region.length > 1 || filtered;
  const count = response.totalIsLowerBound ? t('searchCountAtLeast', { total }) : t('searchCountDocuments', { total, documents: response.totalDocuments });
  const withinTitle = filters.doc ? (results[0]?.title ?? filters.doc) : null;
  return (
    <section id="results" class="search-results" aria-labelledby="results-title">
      <h1 id="results-title">
        {t('searchResultsTitle', { query: ui.text(query) })} <span class="count">{count}</span>
      </h1>
      {withinTitle !== null && (
        <p class="search-within">
          <span lang={ui.contentLang}>{t('searchWithinDocument', { title: ui.text(withinTitle) })}</span>{' '}
          <ResultsLink href={searchHref(query, { ...state, doc: null })}>{t('searchAllDocuments')}</ResultsLink>
        </p>
      )}
      {showFacets && (
        <nav class="facets" aria-label={t('facetsLabel')}>
          <FacetList ui={ui} title={t('facetType')} items={facets.type} active={state.types} link={typeLink} />
          <FacetList ui={ui} title={t('facetRegion')} items={facets.region} active={state.regions} link={regionLink} />
          <FacetList ui={ui} title={t('facetYear')} items={facets.year} active={state.years} link={yearLink} />
          {filtered && (
            <p>
              <ResultsLink href={searchHref(query, { types: [], years: [], regions: [], doc: state.doc })}>{t('facetClear')}</ResultsLink>
            </p>
          )}
        </nav>
      )}
      {results.length === 0 ? <p class="empty">{t('searchEmpty')}</p> : <RankedList ui={ui} response={response} state={state} />}
      {offset + limit >= listed && listed < total && response.perDocument > 0 && results.length > 0 && (
        <p class="search-listed">{t('searchListed', { listed, per: response.perDocument })}</p>
      )}
      {(offset > 0 || offset + limit < listed) && (
        <nav class="pager" aria-label={t('pagerLabel')}>
          {offset > 0 && <ResultsLink href={searchHref(query, state, Math.max(0, offset - limit))}>{t('pagerPrevious')}</ResultsLink>}
          {offset + limit < listed && <ResultsLink href={searchHref(query, state, offset + limit)}>{t('pagerNext')}</ResultsLink>}
        </nav>
      )}
    </section>
  );
}

/**
 * The page's results, numbered from offset + 1. After a document's last listed
 * passage comes its 更多来自此文档 link; an <ol> may hold only list items, so
 * the list is split there and continues with the next number.
 */
function RankedList({ ui, response, state }: { ui: Ui; response: SearchResponse; state: SearchLinkState }) {
  const { t } = ui;
  const moreAfter = new Map(response.more.map((m) => [m.docId, m]));
  const parts: unknown[] = [];
  let segment: unknown[] = [];
  let start = response.offset + 1;
  const flush = () => {
    if (segment.length) parts.push(<ol class="results" start={start}>{segment}</ol>);
    start += segment.length;
    segment = [];
  };
  response.results.forEach((r, i) => {
    segment.push(<PassageItem ui={ui} result={r} />);
    const m = moreAfter.get(r.docId);
    // The link follows the document's last result on this page (the service lists it only on that page).
    const lastOfDocHere = !response.results.slice(i + 1).some((x) => x.docId === r.docId);
    if (m && lastOfDocHere) {
      flush();
      parts.push(
        <p class="more-from-doc">
          <ResultsLink
            href={searchHref(response.query, { ...state, doc: m.docId })}
            title={t('moreFromDocumentLabel', { count: m.count, title: ui.text(m.title) })}
          >
            {t('moreFromDocument', { count: m.count })}
          </ResultsLink>
        </p>,
      );
    }
  });
  flush();
  return <>{parts}</>;
}

/** Facet values shown at once; the rest wait behind 更多 (a <details>, so without JS too): 50 years of statutes make a long list. */
const FACET_SHOWN = 12;

/** One facet: each value with its count, a link that adds or removes it as a filter; the active ones marked in text, not only colour. */
export function FacetList(props: {
  ui: Ui;
  title: string;
  items: { value: string; count: number }[];
  active: string[];
  link: (value: string) => string;
}) {
  if (props.items.length === 0 && props.active.length === 0) return null;
  const item = (f: { value: string; count: number }) => {
    const on = props.active.includes(f.value);
    return (
      <li>
        <ResultsLink href={props.link(f.value)} aria-current={on ? 'true' : undefined}>
          {on ? '✓ ' : ''}
          {props.ui.text(f.value)} ({f.count})
        </ResultsLink>
      </li>
    );
  };
  const shown = props.items.slice(0, FACET_SHOWN);
  const rest = props.items.slice(FACET_SHOWN);
  return (
    <div class="facet">
      <h2>{props.title}</h2>
      <ul>{shown.map(item)}</ul>
      {rest.length > 0 && (
        <details class="facet-more" open={rest.some((f) => props.active.includes(f.value)) || undefined}>
          <summary>{props.ui.t('facetMore', { count: rest.length })}</summary>
          <ul>{rest.map(item)}</ul>
        </details>
      )}
    </div>
  );
}
