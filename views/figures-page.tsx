// 数据: the reports' figures — value, what it counts, the sentence (the figure
// marked) and a link to its paragraph; a selected figure (?id=, the link an
// answer's fact carries) with the same measure in other years; and every measure
// that several years' reports give, side by side. Each figure names its region,
// linked to its measure compared across regions (/figures/compare, issue #18).
import { escapeHtml } from '../src/text/highlight.js';
import type { Figure } from '../src/staff/figures.js';
import { siteHref } from './ui.js';
import { Pager, StaffFilter, StaffNav, TableScroll, type FilterOption, type StaffUi } from './staff-nav.js';

export interface MeasureSeries {
  measure: string;
  subject: string;
  unit: string;
  /** Oldest first; one or more figures per year. */
  figures: Figure[];
}

export interface FiguresPageProps {
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
  figures: Figure[];
  /** The figure asked for by ?id=, with its measure across years. */
  selected: { figure: Figure; series: Figure[] } | null;
  /** Measures that more than one year's reports give (among the listed figures). */
  series: MeasureSeries[];
  pageQuery: string;
}

/** The figure's expression marked in its sentence (the first occurrence after NFKC, as extracted). */
function markedSentence(ui: StaffUi, f: Figure): string {
  const sentence = ui.text(f.sentence.normalize('NFKC'));
  const expr = ui.text(f.expr);
  const at = sentence.indexOf(expr);
  if (at === -1) return escapeHtml(sentence);
  return escapeHtml(sentence.slice(0, at)) + `<mark>${escapeHtml(expr)}</mark>` + escapeHtml(sentence.slice(at + expr.length));
}

export function figureValue(ui: StaffUi, f: Figure): string {
  const approx = f.qualifier.startsWith('余') || f.qualifier.startsWith('多') ? f.qualifier.slice(0, 1) : '';
  const after = approx ? f.qualifier.slice(1) : f.qualifier;
  return ui.text(`${f.value}${approx}${f.unit}${after}`);
}

/** The figure's measure across regions in its year (of its kind), or nothing to compare when its measure is unknown. */
function compareHref(ui: StaffUi, f: Figure): string {
  if (!f.measureKey || f.year === null) return siteHref(ui, '/figures/compare');
  return siteHref(ui, `/figures/compare?measure=${encodeURIComponent(f.measureKey)}&year=${f.year}&kind=${f.kind}`);
}

function figureHref(ui: StaffUi, f: Figure): string {
  return siteHref(ui, `/figures?id=${encodeURIComponent(f.id)}#f-${f.id}`);
}

function SeriesTable({ ui, series, caption }: { ui: StaffUi; series: MeasureSeries[]; caption: string }) {
  const { s, text } = ui;
  const years = [...new Set(series.flatMap((m) => m.figures.map((f) => f.year)).filter((y): y is number => y !== null))].sort();
  return (
    <TableScroll label={ui.s('tableOf', { title: caption })}>
      <table class="staff-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s('figureSubject')}</th>
            {years.map((y) => (
              <th scope="col">{y}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((m) => (
            <tr>
              <th scope="row" lang={ui.contentLang}>
                {text(m.subject)}
              </th>
              {years.map((y) => (
                <td>
                  {m.figures
                    .filter((f) => f.year === y)
                    .map((f, i) => (
                      <>
                        {i > 0 && ' / '}
                        <a href={figureHref(ui, f)}>{figureValue(ui, f)}</a>
                      </>
                    ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function FigureList({ ui, total, offset, limit, figures, selected, series, pageQuery }: Omit<FiguresPageProps, 'admin' | 'q' | 'year' | 'doc' | 'years' | 'docs'>) {
  const { s, text } = ui;
  const page = (o: number) => `/figures?${pageQuery}${pageQuery ? '&' : ''}offset=${o}`;
  return (
    <div id="staff-list">
      {selected && (
        <section class="selected-figure" aria-labelledby="selected-title">
          <h2 id="selected-title">{s('figureSelected')}</h2>
          <p>
            <strong class="fact">{figureValue(ui, selected.figure)}</strong>{' '}
            <span lang={ui.contentLang}>{text(selected.figure.subject)}</span>
          </p>
          <p lang={ui.contentLang} dangerouslySetInnerHTML={{ __html: markedSentence(ui, selected.figure) }} />
          <p class="meta">
            <a href={siteHref(ui, selected.figure.url)} lang={ui.contentLang}>
              {text(selected.figure.docTitle)}
            </a>{' '}
            · <a href={siteHref(ui, selected.figure.url)}>{s('viewParagraph', { n: selected.figure.paragraph })}</a>
          </p>
          {new Set(selected.series.map((f) => f.year)).size > 1 && (
            <SeriesTable
              ui={ui}
              caption={s('figureAcrossYears', { subject: text(selected.figure.subject) })}
              series={[{ measure: selected.figure.measure, subject: selected.figure.subject, unit: selected.figure.unit, figures: selected.series }]}
            />
          )}
        </section>
      )}
      {series.length > 0 && <SeriesTable ui={ui} caption={s('figureSeries')} series={series} />}
      <p class="count">{s('resultCount', { count: total })}</p>
      {figures.length === 0 ? (
        <p class="empty">{s('figuresEmpty')}</p>
      ) : (
        <TableScroll label={s('tableOf', { title: s('figuresTitle') })}>
          <table class="staff-table figures">
            <caption class="visually-hidden">{s('figuresTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{s('figureValue')}</th>
                <th scope="col">{s('figureSubject')}</th>
                <th scope="col">{s('figureSentence')}</th>
                <th scope="col">{s('figureSource')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((f) => (
                <tr id={`f-${f.id}`} class={selected?.figure.id === f.id ? 'selected' : undefined}>
                  <td class="value">{figureValue(ui, f)}</td>
                  <td lang={ui.contentLang}>{text(f.subject)}</td>
                  <td lang={ui.contentLang} dangerouslySetInnerHTML={{ __html: markedSentence(ui, f) }} />
                  <td>
                    {f.region && (
                      <a href={compareHref(ui, f)} lang={ui.contentLang} class="figure-region">
                        {text(f.region)}
                      </a>
                    )}
                    {f.region && ' · '}
                    <a href={siteHref(ui, f.url)} title={text(f.docTitle)}>
                      {f.year !== null && `${f.year} · `}
                      {s('viewParagraph', { n: f.paragraph })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager ui={ui} offset={offset} limit={limit} total={total} page={page} />
    </div>
  );
}

export function FiguresPage(props: FiguresPageProps) {
  const { ui, admin, q, year, doc, years, docs } = props;
  const { s } = ui;
  return (
    <section id="results" class="staff" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="figures" admin={admin} />
      <h1 id="staff-title">{s('figuresTitle')}</h1>
      <p>{s('figuresIntro')}</p>
      <p>
        <a href={siteHref(ui, '/figures/compare')}>{s('compareLink')}</a>
      </p>
      <StaffFilter ui={ui} action="/figures" q={q} year={year} doc={doc} years={years} docs={docs} />
      <FigureList {...props} />
    </section>
  );
}
