// 数据对比 (/figures/compare, issue #18): one measure across regions for one year,
// or one region across years — a form that works without JavaScript, a bar chart
// (SVG with a title and description; the table under it is its accessible
// source), and the table itself: each row's value in the normalised unit, the
// value as written, its stance and a link to its paragraph, sortable by plain
// links (aria-sort on the sorted column) and downloadable as CSV.
import type { CompareRow, CompareSort, Comparison, FigureKind } from '../src/staff/figures.js';
import { formatAmount } from '../src/staff/units.js';
import { siteHref } from './ui.js';
import { StaffNav, TableScroll, type StaffUi } from './staff-nav.js';

export interface CompareState {
  measure: string;
  year: string;
  region: string;
  kind: FigureKind | '';
  stance: 'reported' | 'target' | '';
  sort: CompareSort;
  order: 'asc' | 'desc';
}

export interface FiguresComparePageProps {
  ui: StaffUi;
  admin: boolean;
  state: CompareState;
  comparison: Comparison | null;
  measures: { measure: string; regions: number }[];
  years: string[];
  regions: string[];
  /** The query string of this comparison without sort/order (for the sort and CSV links). */
  baseQuery: string;
}

export function kindLabel(ui: StaffUi, kind: FigureKind | null): string {
  if (kind === 'growth') return ui.s('kindGrowth');
  if (kind === 'share') return ui.s('kindShare');
  return ui.s('kindLevel');
}

function rowName(row: CompareRow, acrossYears: boolean): string {
  return acrossYears ? String(row.year) : row.region;
}

export function comparisonCaption(ui: StaffUi, state: CompareState, comparison: Comparison): string {
  const vars = { measure: ui.text(comparison.measure), kind: kindLabel(ui, comparison.kind), unit: comparison.unit, year: state.year, region: ui.text(state.region) };
  return state.region ? ui.s('compareAcrossYears', vars) : ui.s('compareAcrossRegions', vars);
}

/** A horizontal bar chart of the rows, in the table's order; negative values to the left of the zero line. */
function BarChart({ ui, rows, caption, acrossYears, unit }: { ui: StaffUi; rows: CompareRow[]; caption: string; acrossYears: boolean; unit: string }) {
  const values = rows.map((r) => r.figure.normValue);
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const width = 560;
  const left = 132;
  const right = 100;
  const barHeight = 20;
  const gap = 6;
  const top = 8;
  const height = top * 2 + rows.length * (barHeight + gap);
  const span = max - min || 1;
  const x = (v: number) => left + ((v - min) / span) * (width - left - right);
  return (
    <figure class="figure-chart">
      <TableScroll label={ui.s('compareChart', { caption })}>
        <svg
          role="img"
          aria-labelledby="compare-chart-title compare-chart-desc"
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
          lang={ui.contentLang}
        >
          <title id="compare-chart-title">{ui.s('compareChart', { caption })}</title>
          <desc id="compare-chart-desc">{ui.s('compareChartDesc', { count: rows.length })}</desc>
          <line class="axis" x1={x(0)} x2={x(0)} y1={top / 2} y2={height - top / 2} />
          {rows.map((row, i) => {
            const v = row.figure.normValue;
            const y = top + i * (barHeight + gap);
            const x0 = Math.min(x(0), x(v));
            const w = Math.max(1, Math.abs(x(v) - x(0)));
            return (
              <g class={row.figure.approx ? 'bar approx' : 'bar'}>
                <text class="label" x={left - 8} y={y + barHeight - 5} text-anchor="end">
                  {ui.text(rowName(row, acrossYears))}
                </text>
                <rect x={x0} y={y} width={w} height={barHeight} />
                <text class="value" x={Math.max(x(0), x(v)) + 4} y={y + barHeight - 5}>
                  {`${row.figure.approx ? '≈' : ''}${formatAmount(v)}${unit === '%' ? '%' : ''}`}
                </text>
              </g>
            );
          })}
        </svg>
      </TableScroll>
    </figure>
  );
}

function sortLink(ui: StaffUi, baseQuery: string, sort: CompareSort, order: 'asc' | 'desc'): string {
  return siteHref(ui, `/figures/compare?${baseQuery}&sort=${sort}&order=${order}`);
}

function SortHeader({ ui, state, baseQuery, sort, label }: { ui: StaffUi; state: CompareState; baseQuery: string; sort: CompareSort; label: string }) {
  const current = state.sort === sort;
  // The link sorts the other way round when this column is the sorted one; values first sort largest first.
  const next: 'asc' | 'desc' = current ? (state.order === 'asc' ? 'desc' : 'asc') : sort === 'value' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={current ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a
        href={sortLink(ui, baseQuery, sort, next)}
        class="sort-link"
        aria-label={ui.s('compareSortBy', { column: label, order: ui.s(next === 'asc' ? 'compareAsc' : 'compareDesc') })}
      >
        {label}
        <span aria-hidden="true">{current ? (state.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </a>
    </th>
  );
}

function note(ui: StaffUi, row: CompareRow): string {
  const f = row.figure;
  const parts: string[] = [];
  if (f.approx) parts.push(ui.s('compareApprox'));
  if (f.baseline) parts.push(ui.s('compareBaseline'));
  if (f.span) parts.push(ui.s('compareSpan', { from: f.span.from, to: f.span.to }));
  if (row.others > 0) parts.push(ui.s('compareOthers', { n: row.others }));
  return parts.join('；');
}

export function CompareTable({ ui, state, comparison, baseQuery }: { ui: StaffUi; state: CompareState; comparison: Comparison; baseQuery: string }) {
  const { s, text } = ui;
  const acrossYears = state.region !== '';
  const caption = comparisonCaption(ui, state, comparison);
  const nameLabel = acrossYears ? s('compareYear') : s('compareRegion');
  return (
    <div id="compare-result">
      <BarChart ui={ui} rows={comparison.rows} caption={caption} acrossYears={acrossYears} unit={comparison.unit} />
      <p class="compare-actions">
        <a href={siteHref(ui, `/figures/compare.csv?${baseQuery}&sort=${state.sort}&order=${state.order}`)} download>
          {s('compareCsv')}
        </a>
      </p>
      <TableScroll label={s('tableOf', { title: caption })}>
        <table class="staff-table compare-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <SortHeader ui={ui} state={state} baseQuery={baseQuery} sort="name" label={nameLabel} />
              <SortHeader ui={ui} state={state} baseQuery={baseQuery} sort="value" label={s('compareColValue', { unit: comparison.unit })} />
              <th scope="col">{s('compareColOriginal')}</th>
              <th scope="col">{s('compareStance')}</th>
              <th scope="col">{s('compareColNote')}</th>
              <th scope="col">{s('figureSource')}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => {
              const f = row.figure;
              return (
                <tr>
                  <th scope="row" lang={acrossYears ? undefined : ui.contentLang}>
                    {text(rowName(row, acrossYears))}
                  </th>
                  <td class="num" data-value={String(f.normValue)}>
                    {formatAmount(f.normValue)}
                  </td>
                  <td lang={ui.contentLang}>{text(f.expr)}</td>
                  <td>{f.stance === 'target' ? s('stanceTarget') : f.stance === 'reported' ? s('stanceReported') : ''}</td>
                  <td>{note(ui, row)}</td>
                  <td>
                    <a href={siteHref(ui, f.url)} lang={ui.contentLang}>
                      {text(f.docTitle)}
                    </a>{' '}
                    · <a href={siteHref(ui, `/figures?id=${encodeURIComponent(f.id)}#f-${f.id}`)}>{s('viewParagraph', { n: f.paragraph })}</a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function CompareForm({ ui, state, measures, years, regions }: Pick<FiguresComparePageProps, 'ui' | 'state' | 'measures' | 'years' | 'regions'>) {
  const { s, text } = ui;
  return (
    <form class="staff-filter compare-form" role="search" aria-label={s('compareTitle')} action="/figures/compare" method="get">
      <div class="field">
        <label for="compare-measure">{s('compareMeasure')}</label>
        <input id="compare-measure" name="measure" type="text" value={state.measure} list="compare-measures" maxlength={100} autocomplete="off" lang="zh-CN" />
        <datalist id="compare-measures">
          {measures.map((m) => (
            <option value={m.measure} label={text(m.measure)} />
          ))}
        </datalist>
      </div>
      <div class="field">
        <label for="compare-region">{s('compareRegion')}</label>
        <select id="compare-region" name="region">
          <option value="">{s('compareRegionAll')}</option>
          {regions.map((r) => (
            <option value={r} selected={r === state.region} lang={ui.contentLang}>
              {text(r)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="compare-year">{s('compareYear')}</label>
        <select id="compare-year" name="year">
          {years.map((y) => (
            <option value={y} selected={y === state.year}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="compare-kind">{s('compareKind')}</label>
        <select id="compare-kind" name="kind">
          <option value="">{s('compareKindAuto')}</option>
          {(['level', 'growth', 'share'] as const).map((k) => (
            <option value={k} selected={k === state.kind}>
              {kindLabel(ui, k)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="compare-stance">{s('compareStance')}</label>
        <select id="compare-stance" name="stance">
          <option value="">{s('compareStanceAll')}</option>
          <option value="reported" selected={state.stance === 'reported'}>
            {s('stanceReported')}
          </option>
          <option value="target" selected={state.stance === 'target'}>
            {s('stanceTarget')}
          </option>
        </select>
      </div>
      <button type="submit">{s('compareButton')}</button>
    </form>
  );
}

export function FiguresComparePage(props: FiguresComparePageProps) {
  const { ui, admin, state, comparison, measures, baseQuery } = props;
  const { s, text } = ui;
  return (
    <section id="results" class="staff figures-compare" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="figures" admin={admin} />
      <h1 id="staff-title">{s('compareTitle')}</h1>
      <p>{s('compareIntro')}</p>
      <CompareForm {...props} />
      {comparison && comparison.rows.length > 0 ? (
        <CompareTable ui={ui} state={state} comparison={comparison} baseQuery={baseQuery} />
      ) : (
        <p class="empty">{s('compareEmpty')}</p>
      )}
      <nav class="compare-measures" aria-labelledby="compare-measures-title">
        <h2 id="compare-measures-title">{s('compareMeasures')}</h2>
        <ul>
          {measures.slice(0, 24).map((m) => (
            <li>
              <a
                href={siteHref(ui, `/figures/compare?measure=${encodeURIComponent(m.measure)}&year=${encodeURIComponent(state.year)}`)}
                aria-current={m.measure === state.measure ? 'true' : undefined}
                lang={ui.contentLang}
              >
                {text(m.measure)}
              </a>{' '}
              <span class="count">({m.regions})</span>
            </li>
          ))}
        </ul>
      </nav>
    </section>
  );
}
