// The documents page (/docs): every document of the knowledge base, newest
// first, 50 to a page, with type, region and year filters as links (each with
// the number of documents it would list). Works without JS; htmx swaps #results.
import type { LibraryPage } from '../src/search/library.js';
import { FacetList, ResultsLink } from './search-results.js';
import type { Ui } from './ui.js';

interface ResultsLinkState {
  types: string[];
  regions: string[];
  years: string[];
}

function docsHref(f: ResultsLinkState, offset = 0): string {
  const params: string[] = [];
  for (const v of f.types) params.push(`type=${encodeURIComponent(v)}`);
  for (const v of f.regions) params.push(`region=${encodeURIComponent(v)}`);
  for (const v of f.years) params.push(`year=${encodeURIComponent(v)}`);
  if (offset) params.push(`offset=${offset}`);
  return params.length ? `/docs?${params.join('&')}` : '/docs';
}

export function DocumentsPage({ ui, library }: { ui: Ui; library: LibraryPage }) {
  const { t, text } = ui;
  const { total, offset, limit, filters, facets, documents } = library;
  const state: ResultsLinkState = { types: filters.types, regions: filters.regions, years: filters.years.map(String) };
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const filtered = state.types.length + state.regions.length + state.years.length > 0;
  return (
    <section id="results" class="documents-page" aria-labelledby="docs-title">
      <h1 id="docs-title">
        {t('docsPageTitle')} <span class="count">{t('docsCount', { count: total })}</span>
      </h1>
      <nav class="facets" aria-label={t('facetsLabel')}>
        <FacetList ui={ui} title={t('facetType')} items={facets.type} active={state.types} link={(v) => docsHref({ ...state, types: toggle(state.types, v) })} />
        <FacetList ui={ui} title={t('facetRegion')} items={facets.region} active={state.regions} link={(v) => docsHref({ ...state, regions: toggle(state.regions, v) })} />
        <FacetList ui={ui} title={t('facetYear')} items={facets.year} active={state.years} link={(v) => docsHref({ ...state, years: toggle(state.years, v) })} />
        {filtered && (
          <p>
            <ResultsLink href="/docs">{t('facetClear')}</ResultsLink>
          </p>
        )}
      </nav>
      {documents.length === 0 ? (
        <p class="empty">{t('docsEmpty')}</p>
      ) : (
        <>
          <p class="docs-range">{t('docsRange', { from: offset + 1, to: offset + documents.length })}</p>
          <ol class="documents" start={offset + 1}>
            {documents.map((d) => (
              <li>
                <a href={`/doc/${encodeURIComponent(d.id)}`} lang={ui.contentLang}>
                  {text(d.title)}
                </a>
                <span class="doc-meta" lang={ui.contentLang}>
                  {[d.frame.region, d.type, d.publishedAt ?? d.versionDate ?? (d.year ? String(d.year) : null)]
                    .filter((v): v is string => Boolean(v))
                    .map(text)
                    .join(' · ')}
                </span>
                {d.superseded && <span class="superseded"> · {t('supersededBadge')}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      {(offset > 0 || offset + limit < total) && (
        <nav class="pager" aria-label={t('pagerLabel')}>
          {offset > 0 && <ResultsLink href={docsHref(state, Math.max(0, offset - limit))}>{t('pagerPrevious')}</ResultsLink>}
          {offset + limit < total && <ResultsLink href={docsHref(state, offset + limit)}>{t('pagerNext')}</ResultsLink>}
        </nav>
      )}
    </section>
  );
}
