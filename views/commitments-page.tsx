// 承诺与部署: the reports' commitments grouped by document and section, each with
// its region, planned years, a link to its paragraph and 后续进展 — the closest
// passages of later reports of the same region, with their similarity — or a
// plain "not mentioned yet". Filtered by words, region, planned year and
// document; the list (swapped alone by htmx) opens with the counts per region.
import type { Commitment, CommitmentFacets } from '../src/staff/commitments.js';
import type { FollowUp } from '../src/staff/follow-up.js';
import { siteHref } from './ui.js';
import { Pager, SelectField, StaffNav, type FilterOption, type StaffUi } from './staff-nav.js';

export interface CommitmentEntry {
  commitment: Commitment;
  followUp: FollowUp;
}

export interface CommitmentsPageProps {
  ui: StaffUi;
  admin: boolean;
  q: string;
  /** The planned year chosen ('' for all). */
  year: string;
  /** The region chosen (广东省; '' for all). */
  region: string;
  doc: string;
  /** Commitments per region and per planned year under the other filters. */
  facets: CommitmentFacets;
  docs: FilterOption[];
  total: number;
  offset: number;
  limit: number;
  entries: CommitmentEntry[];
  /** The query string of this list without offset, for the pager. */
  pageQuery: string;
}

interface Group<T> {
  key: string;
  items: T[];
}

function groupBy<T>(items: T[], key: (item: T) => string): Group<T>[] {
  const groups: Group<T>[] = [];
  for (const item of items) {
    const k = key(item);
    const last = groups[groups.length - 1];
    if (last && last.key === k) last.items.push(item);
    else groups.push({ key: k, items: [item] });
  }
  return groups;
}

function FollowUpView({ ui, entry }: { ui: StaffUi; entry: CommitmentEntry }) {
  const { s, text } = ui;
  const { commitment: c, followUp: f } = entry;
  const id = `fu-${c.id}`;
  return (
    <div class="follow-up" aria-labelledby={id}>
      <h4 id={id}>{s('followUpTitle')}</h4>
      {f.laterDocuments === 0 ? (
        <p class="muted">{c.region ? s('followUpNoLater', { region: text(c.region) }) : s('followUpNoRegion')}</p>
      ) : f.candidates.length === 0 ? (
        <p class="muted">{s('followUpNone')}</p>
      ) : (
        <ul>
          {f.candidates.map((x) => (
            <li>
              <a href={siteHref(ui, x.url)} lang={ui.contentLang}>
                {text(x.title)}
              </a>{' '}
              <span class="score">{s('followUpScore', { score: x.score.toFixed(2) })}</span>
              <p class="snippet" lang={ui.contentLang}>
                {text(x.text)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** 2026, or 2026—2030 for a plan of several years. */
function periodLabel(c: Commitment): string {
  if (!c.period) return '';
  return c.period.from === c.period.to ? String(c.period.from) : `${c.period.from}—${c.period.to}`;
}

/** The list's address with one filter changed (offset dropped). */
function withFilter(pageQuery: string, name: string, value: string): string {
  const params = new URLSearchParams(pageQuery);
  if (value) params.set(name, value);
  else params.delete(name);
  const query = params.toString();
  return `/commitments${query ? `?${query}` : ''}`;
}

/** The counts per region: links that choose the region (or all), the chosen one marked. */
function RegionFacet({ ui, region, facets, pageQuery }: { ui: StaffUi; region: string; facets: CommitmentFacets; pageQuery: string }) {
  const { s, text } = ui;
  if (facets.region.length === 0) return null;
  const total = facets.region.reduce((sum, f) => sum + f.count, 0);
  return (
    <nav class="commitment-facets" aria-label={s('regionFacet')}>
      <p class="facet-title">{s('regionFacet')}</p>
      <ul>
        <li>
          <a href={withFilter(pageQuery, 'region', '')} aria-current={region === '' ? 'true' : undefined}>
            {s('regionFacetAll')} <span class="facet-count">{total}</span>
          </a>
        </li>
        {facets.region.map((f) => (
          <li>
            <a href={withFilter(pageQuery, 'region', f.value)} aria-current={f.value === region ? 'true' : undefined} lang={ui.contentLang}>
              {text(f.value)} <span class="facet-count">{f.count}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function CommitmentList({
  ui,
  total,
  offset,
  limit,
  entries,
  pageQuery,
  region,
  facets,
}: Pick<CommitmentsPageProps, 'ui' | 'total' | 'offset' | 'limit' | 'entries' | 'pageQuery' | 'region' | 'facets'>) {
  const { s, text } = ui;
  const byDoc = groupBy(entries, (e) => e.commitment.docId);
  const page = (o: number) => `/commitments?${pageQuery}${pageQuery ? '&' : ''}offset=${o}`;
  return (
    <div id="staff-list">
      <RegionFacet ui={ui} region={region} facets={facets} pageQuery={pageQuery} />
      <p class="count">{s('resultCount', { count: total })}</p>
      {entries.length === 0 && <p class="empty">{s('commitmentsEmpty')}</p>}
      {byDoc.map((docGroup) => {
        const first = docGroup.items[0].commitment;
        return (
          <section class="staff-group" aria-labelledby={`doc-${first.docId}`}>
            <h2 id={`doc-${first.docId}`} lang={ui.contentLang}>
              {text(first.docTitle)}
              {first.region !== null && <span class="count"> · {text(first.region)}</span>}
              {first.year !== null && <span class="count"> · {s('reportYear', { year: first.year })}</span>}
            </h2>
            {groupBy(docGroup.items, (e) => e.commitment.heading.join('\u0000')).map((section) => (
              <>
                <h3 class="heading-path" lang={ui.contentLang}>
                  {section.items[0].commitment.heading.map((h, i) => (
                    <>
                      {i > 0 && <span aria-hidden="true"> › </span>}
                      <span>{text(h)}</span>
                    </>
                  ))}
                </h3>
                <ol class="commitments">
                  {section.items.map((e) => {
                    const c = e.commitment;
                    return (
                      <li id={`c-${c.id}`} class="commitment">
                        <p lang={ui.contentLang}>{text(c.text)}</p>
                        <p class="meta">
                          <span class="tag">{s('kindPlan')}</span>{' '}
                          {c.period && <span class="plan-period">{s('planPeriod', { period: periodLabel(c) })}</span>}{' '}
                          {c.targetYear !== null && c.targetYear !== c.period?.to && <span>· {s('targetYear', { year: c.targetYear })}</span>}{' '}
                          · <a href={siteHref(ui, c.url)}>{s('viewParagraph', { n: c.paragraph })}</a>
                        </p>
                        <FollowUpView ui={ui} entry={e} />
                      </li>
                    );
                  })}
                </ol>
              </>
            ))}
          </section>
        );
      })}
      <Pager ui={ui} offset={offset} limit={limit} total={total} page={page} />
    </div>
  );
}

/** The filter form: plain GET without JavaScript; with htmx only the list (and its counts) is swapped. */
function CommitmentFilter({ ui, q, year, region, doc, facets, docs }: Pick<CommitmentsPageProps, 'ui' | 'q' | 'year' | 'region' | 'doc' | 'facets' | 'docs'>) {
  const { s, text } = ui;
  // The chosen values stay offered even when the other filters leave them nothing.
  const regions = facets.region.map((f) => f.value);
  if (region && !regions.includes(region)) regions.push(region);
  const years = facets.year.map((f) => f.value);
  if (year && !years.includes(year)) years.push(year);
  return (
    <form
      class="staff-filter"
      role="search"
      aria-label={s('filterLegend')}
      action="/commitments"
      method="get"
      hx-get="/commitments"
      hx-target="#staff-list"
      hx-select="#staff-list"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="submit, change"
    >
      <div class="field">
        <label for="staff-q">{s('filterQuery')}</label>
        <input id="staff-q" name="q" type="search" value={text(q)} maxlength={500} autocomplete="off" />
      </div>
      <SelectField ui={ui} id="staff-region" name="region" label={s('filterRegion')} value={region} options={regions.map((r) => ({ value: r, label: text(r) }))} content />
      <SelectField ui={ui} id="staff-year" name="year" label={s('filterPlannedYear')} value={year} options={years.map((y) => ({ value: y, label: y }))} />
      <SelectField ui={ui} id="staff-doc" name="doc" label={s('filterDoc')} value={doc} options={docs} content />
      <button type="submit">{s('filterButton')}</button>
    </form>
  );
}

export function CommitmentsPage(props: CommitmentsPageProps) {
  const { ui, admin } = props;
  const { s } = ui;
  return (
    <section id="results" class="staff" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="commitments" admin={admin} />
      <h1 id="staff-title">{s('commitmentsTitle')}</h1>
      <p>{s('commitmentsIntro')}</p>
      <CommitmentFilter {...props} />
      <CommitmentList {...props} />
    </section>
  );
}
