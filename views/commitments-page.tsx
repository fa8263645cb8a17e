// 承诺与部署: the reports' commitments grouped by document and section, each with
// its target year, a link to its paragraph and 后续进展 — the closest passages of
// later reports, with their similarity — or a plain "not mentioned yet".
import type { Commitment } from '../src/staff/commitments.js';
import type { FollowUp } from '../src/staff/follow-up.js';
import { siteHref } from './ui.js';
import { Pager, StaffFilter, StaffNav, type FilterOption, type StaffUi } from './staff-nav.js';

export interface CommitmentEntry {
  commitment: Commitment;
  followUp: FollowUp;
}

export interface CommitmentsPageProps {
  ui: StaffUi;
  admin: boolean;
  q: string;
  year: string;
  doc: string;
  years: string[];
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
        <p class="muted">{s('followUpNoLater', { year: c.targetYear ?? c.year ?? '' })}</p>
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

export function CommitmentList({ ui, total, offset, limit, entries, pageQuery }: Pick<CommitmentsPageProps, 'ui' | 'total' | 'offset' | 'limit' | 'entries' | 'pageQuery'>) {
  const { s, text } = ui;
  const byDoc = groupBy(entries, (e) => e.commitment.docId);
  const page = (o: number) => `/commitments?${pageQuery}${pageQuery ? '&' : ''}offset=${o}`;
  return (
    <div id="staff-list">
      <p class="count">{s('resultCount', { count: total })}</p>
      {entries.length === 0 && <p class="empty">{s('commitmentsEmpty')}</p>}
      {byDoc.map((docGroup) => {
        const first = docGroup.items[0].commitment;
        return (
          <section class="staff-group" aria-labelledby={`doc-${first.docId}`}>
            <h2 id={`doc-${first.docId}`} lang={ui.contentLang}>
              {text(first.docTitle)}
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
                          <span class="tag">{c.kind === 'plan' ? s('kindPlan') : s('kindPledge')}</span>{' '}
                          {c.targetYear !== null && (
                            <span>{c.targetYearStated ? s('targetYear', { year: c.targetYear }) : s('targetYearImplied', { year: c.targetYear })}</span>
                          )}{' '}
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

export function CommitmentsPage(props: CommitmentsPageProps) {
  const { ui, admin, q, year, doc, years, docs } = props;
  const { s } = ui;
  return (
    <section id="results" class="staff" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="commitments" admin={admin} />
      <h1 id="staff-title">{s('commitmentsTitle')}</h1>
      <p>{s('commitmentsIntro')}</p>
      <StaffFilter ui={ui} action="/commitments" q={q} year={year} doc={doc} years={years} docs={docs} />
      <CommitmentList {...props} />
    </section>
  );
}
