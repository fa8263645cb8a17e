// 问答统计 (/admin): most asked, unanswered and low-confidence questions, feedback
// and a daily volume chart — an inline SVG drawn with presentation attributes
// only (the CSP allows no inline styles), labelled for screen readers, with the
// same numbers in a table. Each list links its CSV export. Also the login form.
// 热门问题管理: the candidates for the home page's popular list with their
// counts, whether each is shown (or why not), and plain POST forms (no script
// needed) to pin, approve, hide or clear it.
// Each question shows the answer it was given (or 未回答), its document and
// article or paragraph as a link to the passage (or that the passage is no
// longer in the knowledge base), its confidence and 有用/没用 votes and its region
// (issue #18); a plain GET form filters by date range, region and answered or
// not, and each list's CSV export carries the same filter.
import { STAFF_NAME_MAX } from '../src/app/admin-auth.js';
import { chinaDateTime, type AnswerStatus, type DailyVolume, type FeedbackSummary, type QueryLogWriteFailure, type QuestionStat } from '../src/staff/query-log.js';
import { sourcePlace, type AnswerSource } from '../src/staff/answer-source.js';
import type { PopularAction, PopularCandidate, PopularRules, PopularVerdict } from '../src/staff/popular.js';
import type { StaffMessageKey } from '../src/i18n/staff.js';
import { StaffNav, TableScroll, type StaffUi } from './staff-nav.js';

export type AdminListName = 'most-asked' | 'unanswered' | 'low-confidence' | 'feedback';

/** A question of a list, with its first citation resolved through the loaded knowledge base (null: none loaded, or no citation). */
export type AdminRow = QuestionStat & { source: AnswerSource | null };

export interface AdminData {
  mostAsked: AdminRow[];
  unanswered: AdminRow[];
  lowConfidence: AdminRow[];
  feedbackQuestions: AdminRow[];
  feedback: FeedbackSummary;
  daily: DailyVolume[];
  /** The regions logged in the date range, for the region filter. */
  regions?: string[];
}

/** The filter as the page shows it (China days, inclusive). */
export interface AdminFilterView {
  from: string;
  to: string;
  /** The first and last day the form offers (the retention period, today). */
  earliest: string;
  today: string;
  region: string | null;
  status: AnswerStatus | null;
  /** Chosen by ?from=&to= (else by ?days=). */
  explicit: boolean;
  /** The dates asked for were moved into the retention period or before today. */
  clamped: boolean;
  /** The query string that reproduces this filter (for the exports). */
  query: string;
}

export interface AdminPageProps {
  ui: StaffUi;
  days: number;
  dayChoices: number[];
  retentionDays: number;
  lowConfidence: number;
  /** Rows the question log lost since it opened (a full disk, say): shown at the top. */
  logFailure?: QueryLogWriteFailure | null;
  /** null: no question log on this server; 'failed': it could not be read. */
  data: AdminData | null | 'failed';
  /** The date range, region and answered filter; absent: the last `days` days, everything. */
  filter?: AdminFilterView;
  /** 热门问题管理; absent or null where the log takes no decisions. */
  popular?: PopularAdmin | null | 'failed';
}

/** The popular-question candidates as /admin shows them. */
export interface PopularAdmin {
  rules: PopularRules;
  entries: { candidate: PopularCandidate; verdict: PopularVerdict }[];
}

const VERDICT_TEXT: Record<PopularVerdict, StaffMessageKey> = {
  shown: 'popularShown',
  hidden: 'popularWhyHidden',
  contact: 'popularWhyContact',
  refused: 'popularWhyRefused',
  lowConfidence: 'popularWhyLowConfidence',
  votedDown: 'popularWhyVotedDown',
  tooFew: 'popularWhyTooFew',
  awaitingApproval: 'popularWhyAwaiting',
};

const STATE_TEXT: Record<NonNullable<PopularCandidate['state']> | 'none', StaffMessageKey> = {
  pinned: 'popularStatePinned',
  approved: 'popularStateApproved',
  hidden: 'popularStateHidden',
  none: 'popularStateNone',
};

const ACTION_TEXT: Record<PopularAction, StaffMessageKey> = {
  pin: 'popularPin',
  approve: 'popularApprove',
  hide: 'popularHide',
  clear: 'popularClear',
};

/** The buttons that change something: no "pin" on a pinned entry, no "clear" on an undecided one. */
function actionsFor(state: PopularCandidate['state']): PopularAction[] {
  const all: [PopularAction, boolean][] = [
    ['pin', state !== 'pinned'],
    ['approve', state !== 'approved'],
    ['hide', state !== 'hidden'],
    ['clear', state !== null],
  ];
  return all.filter(([, offered]) => offered).map(([action]) => action);
}

function PopularSection({ ui, days, popular }: { ui: StaffUi; days: number; popular: PopularAdmin | 'failed' }) {
  const { s } = ui;
  return (
    <section class="admin-list" aria-labelledby="popular-title">
      <h2 id="popular-title">{s('popularAdminTitle')}</h2>
      {popular === 'failed' ? (
        <p class="error" role="alert">
          {s('adminLogFailed')}
        </p>
      ) : (
        <>
          <p>
            {s('popularAdminIntro', { clients: popular.rules.minClients, days: popular.rules.minDays, threshold: popular.rules.lowConfidence })}{' '}
            {s(popular.rules.needsApproval ? 'popularApprovalOn' : 'popularApprovalOff')}
          </p>
          {popular.entries.length === 0 ? (
            <p class="empty">{s('emptyList')}</p>
          ) : (
            <TableScroll label={s('tableOf', { title: s('popularAdminTitle') })}>
              <table class="staff-table">
                <thead>
                  <tr>
                    <th scope="col">{s('colQuestion')}</th>
                    <th scope="col">{s('popularColClients')}</th>
                    <th scope="col">{s('popularColDays')}</th>
                    <th scope="col">{s('colCount')}</th>
                    <th scope="col">{s('popularColState')}</th>
                    <th scope="col">{s('popularColShown')}</th>
                    <th scope="col">{s('popularColActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {popular.entries.map(({ candidate: c, verdict }) => (
                    <tr>
                      <th scope="row" lang={ui.contentLang}>
                        <a href={`/search?q=${encodeURIComponent(c.question)}`}>{ui.text(c.question)}</a>
                      </th>
                      <td>{c.clients}</td>
                      <td>{c.days}</td>
                      <td>{c.asks}</td>
                      <td>{s(STATE_TEXT[c.state ?? 'none'])}</td>
                      <td>{s(VERDICT_TEXT[verdict])}</td>
                      <td>
                        <form class="staff-filter popular-decision" action="/admin/popular" method="post">
                          <input type="hidden" name="key" value={c.key} />
                          <input type="hidden" name="days" value={String(days)} />
                          {actionsFor(c.state).map((action) => (
                            <button type="submit" name="action" value={action} aria-label={s('popularButtonLabel', { action: s(ACTION_TEXT[action]), question: ui.text(c.question) })}>
                              {s(ACTION_TEXT[action])}
                            </button>
                          ))}
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  );
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : '—';
}

function exportHref(list: AdminListName | 'daily', query: string): string {
  return `/admin/export/${list}.csv?${query}`;
}

/** The answer given to the last ask, or 未回答 (or, for entries from before answers were logged, that it was not). */
function AnswerCell({ ui, row }: { ui: StaffUi; row: AdminRow }) {
  const { s } = ui;
  if (row.answer) {
    return (
      <td class="answer-text" lang={ui.contentLang}>
        {ui.text(row.answer)}
      </td>
    );
  }
  const unanswered = row.lastAnswered === false || (row.lastAnswered === undefined && row.answered === 0);
  return <td class="answer-text muted">{unanswered ? s('notAnswered') : s('answerNotLogged')}</td>;
}

/** The first citation as its document and article or paragraph, linked; or that it is gone; or its raw id while no knowledge base is loaded. */
function SourceCell({ ui, row }: { ui: StaffUi; row: AdminRow }) {
  const { s } = ui;
  const src = row.source;
  if (src?.status === 'found') {
    const place = sourcePlace(src, (n) => s('sourceParagraph', { n }));
    // The nearest heading, shortened: some reports' headings are whole sentences (一是…).
    const last = [...(src.heading[src.heading.length - 1] ?? '')];
    const heading = last.length > 24 ? last.slice(0, 23).join('') + '…' : last.join('');
    return (
      <td class="answer-source">
        <a href={src.url} lang={ui.contentLang}>
          {s('sourceLink', { title: ui.text(src.docTitle), place: ui.text(place) })}
        </a>
        {heading && (
          <span class="muted heading" lang={ui.contentLang}>
            {ui.text(heading)}
          </span>
        )}
      </td>
    );
  }
  if (src?.status === 'missing') {
    return <td class="answer-source source-missing">{s('sourceMissing', { id: src.passageId })}</td>;
  }
  return <td class="citation">{row.firstCitation ?? '—'}</td>;
}

function StatTable({ ui, id, title, rows, list, query }: { ui: StaffUi; id: string; title: string; rows: AdminRow[]; list: AdminListName; query: string }) {
  const { s } = ui;
  const teachable = list !== 'most-asked';
  return (
    <section class="admin-list" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>
        <a href={exportHref(list, query)} download>
          {s('exportCsv')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="empty">{s('emptyList')}</p>
      ) : (
        <TableScroll label={s('tableOf', { title })}>
          <table class="staff-table">
            <thead>
              <tr>
                <th scope="col">{s('colQuestion')}</th>
                <th scope="col">{s('colCount')}</th>
                <th scope="col">{s('colAnswered')}</th>
                <th scope="col">{s('colConfidence')}</th>
                <th scope="col">{s('colAnswer')}</th>
                <th scope="col">{s('colSource')}</th>
                <th scope="col">{s('colUseful')}</th>
                <th scope="col">{s('colNotUseful')}</th>
                <th scope="col">{s('colRegion')}</th>
                <th scope="col">{s('colLastAsked')}</th>
                {teachable && <th scope="col">{s('libColWhat')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row" lang={ui.contentLang}>
                    <a href={`/search?q=${encodeURIComponent(r.question)}`}>{ui.text(r.question)}</a>
                  </th>
                  <td>{r.count}</td>
                  <td>{r.answered}</td>
                  <td>{r.avgConfidence === null ? '—' : r.avgConfidence.toFixed(2)}</td>
                  <AnswerCell ui={ui} row={r} />
                  <SourceCell ui={ui} row={r} />
                  <td>{r.useful}</td>
                  <td>{r.notUseful}</td>
                  <td class="nowrap" lang={ui.contentLang}>
                    {r.region ? ui.text(r.region) : '—'}
                  </td>
                  <td class="nowrap">{chinaDateTime(r.lastAsked)}</td>
                  {/* Unanswered, low-confidence and 没用 questions can be taught the passage that answers them. */}
                  {teachable && (
                    <td>
                      <a class="teach-link nowrap" href={`/admin/teach?q=${encodeURIComponent(r.question)}`} aria-label={s('teachThisLabel', { question: ui.text(r.question) })}>
                        {s('teachThis')}
                      </a>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

const CHART = { width: 640, height: 180, top: 16, bottom: 28, left: 36, right: 8 };

/** Daily volume as bars (answered darker inside the asked total), with axis labels; the table carries the data. */
export function DailyChart({ ui, daily }: { ui: StaffUi; daily: DailyVolume[] }) {
  const { s } = ui;
  const max = Math.max(1, ...daily.map((d) => d.asked));
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const step = plotW / Math.max(1, daily.length);
  const barW = Math.max(1, step * 0.7);
  const y = (v: number) => CHART.top + plotH - (v / max) * plotH;
  const total = daily.reduce((n, d) => n + d.asked, 0);
  const from = daily[0]?.day ?? '';
  const to = daily[daily.length - 1]?.day ?? '';
  const label = s('dailyChartLabel', { from, to, total });
  return (
    <svg class="daily-chart" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-labelledby="daily-chart-title" preserveAspectRatio="xMidYMid meet">
      <title id="daily-chart-title">{label}</title>
      <line x1={CHART.left} y1={CHART.top + plotH} x2={CHART.width - CHART.right} y2={CHART.top + plotH} stroke="#595959" stroke-width="1" />
      <text x={CHART.left - 6} y={CHART.top + 4} text-anchor="end" font-size="12" fill="#333333">
        {max}
      </text>
      <text x={CHART.left - 6} y={CHART.top + plotH} text-anchor="end" font-size="12" fill="#333333">
        0
      </text>
      {daily.map((d, i) => {
        const x = CHART.left + i * step + (step - barW) / 2;
        return (
          <g>
            <rect x={x.toFixed(1)} y={y(d.asked).toFixed(1)} width={barW.toFixed(1)} height={(CHART.top + plotH - y(d.asked)).toFixed(1)} fill="#e8b4b8" />
            <rect x={x.toFixed(1)} y={y(d.answered).toFixed(1)} width={barW.toFixed(1)} height={(CHART.top + plotH - y(d.answered)).toFixed(1)} fill="#a3111c" />
          </g>
        );
      })}
      <text x={CHART.left} y={CHART.height - 8} font-size="12" fill="#333333">
        {from}
      </text>
      <text x={CHART.width - CHART.right} y={CHART.height - 8} text-anchor="end" font-size="12" fill="#333333">
        {to}
      </text>
    </svg>
  );
}

/** The log's failure to write, at the top of /admin: staff would otherwise see only quieter statistics. */
function LogWriteNotice({ ui, failure }: { ui: StaffUi; failure: QueryLogWriteFailure }) {
  const vars = { dropped: failure.dropped, since: chinaDateTime(failure.since), reason: failure.reason };
  return (
    <p class="error" role={failure.failing ? 'alert' : 'status'}>
      {ui.s(failure.failing ? 'adminLogWriteFailing' : 'adminLogWriteRecovered', vars)}
    </p>
  );
}

/** The filter form: a plain GET (no script needed) by date range, region and answered or not; quick ranges as links. */
function AdminFilterForm({ ui, filter, dayChoices, days, retentionDays, regions }: { ui: StaffUi; filter: AdminFilterView; dayChoices: number[]; days: number; retentionDays: number; regions: string[] }) {
  const { s } = ui;
  const keep: [string, string][] = [];
  if (filter.region) keep.push(['region', filter.region]);
  if (filter.status) keep.push(['status', filter.status]);
  const quick = (d: number) => `/admin?${new URLSearchParams([['days', String(d)], ...keep]).toString()}`;
  return (
    <>
      <form class="staff-filter admin-filter" role="search" aria-label={s('filterLegend')} action="/admin" method="get">
        <div class="field">
          <label for="admin-from">{s('filterFrom')}</label>
          <input id="admin-from" name="from" type="date" value={filter.from} min={filter.earliest || undefined} max={filter.today || undefined} />
        </div>
        <div class="field">
          <label for="admin-to">{s('filterTo')}</label>
          <input id="admin-to" name="to" type="date" value={filter.to} min={filter.earliest || undefined} max={filter.today || undefined} />
        </div>
        <div class="field">
          <label for="admin-region">{s('filterRegion')}</label>
          <select id="admin-region" name="region">
            <option value="">{s('filterAll')}</option>
            {regions.map((r) => (
              <option value={r} selected={r === filter.region} lang={ui.contentLang}>
                {ui.text(r)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="admin-status">{s('filterStatus')}</label>
          <select id="admin-status" name="status">
            <option value="">{s('filterAll')}</option>
            <option value="answered" selected={filter.status === 'answered'}>
              {s('statusAnswered')}
            </option>
            <option value="unanswered" selected={filter.status === 'unanswered'}>
              {s('statusUnanswered')}
            </option>
          </select>
        </div>
        <button type="submit">{s('filterButton')}</button>
      </form>
      <nav class="admin-quick" aria-label={s('adminQuickRanges')}>
        <ul>
          {dayChoices.map((d) => (
            <li>
              <a href={quick(d)} aria-current={!filter.explicit && d === days ? 'true' : undefined}>
                {s('adminLastDays', { days: d })}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="muted">{s('regionNote')}</p>
      {filter.clamped && (
        <p class="notice" role="status">
          {s('adminRangeClamped', { from: filter.from, to: filter.to, days: retentionDays })}
        </p>
      )}
    </>
  );
}

export function AdminPage({ ui, days, dayChoices, retentionDays, lowConfidence, data, popular, logFailure, filter: given }: AdminPageProps) {
  const { s } = ui;
  const filter: AdminFilterView = given ?? { from: '', to: '', earliest: '', today: '', region: null, status: null, explicit: false, clamped: false, query: `days=${days}` };
  const regions = data && data !== 'failed' ? (data.regions ?? []) : filter.region ? [filter.region] : [];
  return (
    <section id="results" class="staff admin" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="admin" admin />
      <h1 id="staff-title">{s('adminTitle')}</h1>
      <p>{filter.explicit ? s('adminRangeIntro', { from: filter.from, to: filter.to }) : s('adminIntro', { days })}</p>
      {logFailure && <LogWriteNotice ui={ui} failure={logFailure} />}
      <AdminFilterForm ui={ui} filter={filter} dayChoices={dayChoices} days={days} retentionDays={retentionDays} regions={regions} />
      <form class="logout" action="/admin/logout" method="post">
        <button type="submit" class="secondary">
          {s('adminLogout')}
        </button>
      </form>
      <p class="muted">{s('privacyNote', { days: retentionDays })}</p>
      {data === null ? (
        <p class="error" role="status">
          {s('adminNoLog')}
        </p>
      ) : data === 'failed' ? (
        <p class="error" role="alert">
          {s('adminLogFailed')}
        </p>
      ) : (
        <>
          <section aria-labelledby="feedback-title">
            <h2 id="feedback-title">{s('feedbackTitle')}</h2>
            <p>
              {s('feedbackSummary', {
                asked: data.feedback.asked,
                rated: data.feedback.useful + data.feedback.notUseful,
                useful: data.feedback.useful,
                notUseful: data.feedback.notUseful,
                ratio: percent(data.feedback.useful, data.feedback.useful + data.feedback.notUseful),
              })}
            </p>
          </section>
          <section aria-labelledby="daily-title">
            <h2 id="daily-title">{s('dailyTitle')}</h2>
            <p>
              <a href={exportHref('daily', filter.query)} download>
                {s('exportCsv')}
              </a>
            </p>
            <DailyChart ui={ui} daily={data.daily} />
            <details>
              <summary>{s('dailyTitle')}</summary>
              <TableScroll label={s('tableOf', { title: s('dailyTitle') })}>
                <table class="staff-table">
                  <thead>
                    <tr>
                      <th scope="col">{s('colDay')}</th>
                      <th scope="col">{s('colAsked')}</th>
                      <th scope="col">{s('colAnswered')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.daily.map((d) => (
                      <tr>
                        <th scope="row">{d.day}</th>
                        <td>{d.asked}</td>
                        <td>{d.answered}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </details>
          </section>
          <StatTable ui={ui} id="most-asked-title" title={s('mostAskedTitle')} rows={data.mostAsked} list="most-asked" query={filter.query} />
          <StatTable ui={ui} id="unanswered-title" title={s('unansweredTitle')} rows={data.unanswered} list="unanswered" query={filter.query} />
          <StatTable
            ui={ui}
            id="low-confidence-title"
            title={s('lowConfidenceTitle', { threshold: lowConfidence })}
            rows={data.lowConfidence}
            list="low-confidence"
            query={filter.query}
          />
          <StatTable ui={ui} id="feedback-list-title" title={s('feedbackListTitle')} rows={data.feedbackQuestions} list="feedback" query={filter.query} />
        </>
      )}
      {popular && <PopularSection ui={ui} days={days} popular={popular} />}
    </section>
  );
}

export function AdminLogin({ ui, failed, throttled }: { ui: StaffUi; failed: boolean; throttled: boolean }) {
  const { s } = ui;
  return (
    <section id="results" class="staff admin-login" aria-labelledby="staff-title">
      <h1 id="staff-title">{s('adminLoginTitle')}</h1>
      <p>{s('adminLoginIntro')}</p>
      {(failed || throttled) && (
        <p class="error" role="alert">
          {throttled ? s('adminLoginThrottled') : s('adminLoginFailed')}
        </p>
      )}
      <form class="staff-filter" action="/admin/login" method="post">
        <div class="field">
          <label for="admin-name">{s('adminNameLabel')}</label>
          <input id="admin-name" name="name" type="text" autocomplete="name" maxlength={STAFF_NAME_MAX} required />
        </div>
        <div class="field">
          <label for="admin-token">{s('adminTokenLabel')}</label>
          <input id="admin-token" name="token" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit">{s('adminLoginButton')}</button>
      </form>
    </section>
  );
}
