// 问答统计 (/admin): most asked, unanswered and low-confidence questions, feedback
// and a daily volume chart — an inline SVG drawn with presentation attributes
// only (the CSP allows no inline styles), labelled for screen readers, with the
// same numbers in a table. Each list links its CSV export. Also the login form.
// 热门问题管理: the candidates for the home page's popular list with their
// counts, whether each is shown (or why not), and plain POST forms (no script
// needed) to pin, approve, hide or clear it.
import { chinaDateTime, type DailyVolume, type FeedbackSummary, type QueryLogWriteFailure, type QuestionStat } from '../src/staff/query-log.js';
import type { PopularAction, PopularCandidate, PopularRules, PopularVerdict } from '../src/staff/popular.js';
import type { StaffMessageKey } from '../src/i18n/staff.js';
import { StaffNav, TableScroll, type StaffUi } from './staff-nav.js';

export type AdminListName = 'most-asked' | 'unanswered' | 'low-confidence' | 'feedback';

export interface AdminData {
  mostAsked: QuestionStat[];
  unanswered: QuestionStat[];
  lowConfidence: QuestionStat[];
  feedbackQuestions: QuestionStat[];
  feedback: FeedbackSummary;
  daily: DailyVolume[];
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

function exportHref(list: AdminListName | 'daily', days: number): string {
  return `/admin/export/${list}.csv?days=${days}`;
}

function StatTable({ ui, id, title, rows, list, days }: { ui: StaffUi; id: string; title: string; rows: QuestionStat[]; list: AdminListName; days: number }) {
  const { s } = ui;
  const feedback = list === 'feedback';
  return (
    <section class="admin-list" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>
        <a href={exportHref(list, days)} download>
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
                {feedback ? (
                  <>
                    <th scope="col">{s('colUseful')}</th>
                    <th scope="col">{s('colNotUseful')}</th>
                  </>
                ) : (
                  <>
                    <th scope="col">{s('colAnswered')}</th>
                    <th scope="col">{s('colConfidence')}</th>
                  </>
                )}
                <th scope="col">{s('colCitation')}</th>
                <th scope="col">{s('colLastAsked')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row" lang={ui.contentLang}>
                    <a href={`/search?q=${encodeURIComponent(r.question)}`}>{ui.text(r.question)}</a>
                  </th>
                  <td>{r.count}</td>
                  {feedback ? (
                    <>
                      <td>{r.useful}</td>
                      <td>{r.notUseful}</td>
                    </>
                  ) : (
                    <>
                      <td>{r.answered}</td>
                      <td>{r.avgConfidence === null ? '—' : r.avgConfidence.toFixed(2)}</td>
                    </>
                  )}
                  <td class="citation">{r.firstCitation ?? '—'}</td>
                  <td>{chinaDateTime(r.lastAsked)}</td>
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

export function AdminPage({ ui, days, dayChoices, retentionDays, lowConfidence, data, popular, logFailure }: AdminPageProps) {
  const { s } = ui;
  return (
    <section id="results" class="staff admin" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="admin" admin />
      <h1 id="staff-title">{s('adminTitle')}</h1>
      <p>{s('adminIntro', { days })}</p>
      {logFailure && <LogWriteNotice ui={ui} failure={logFailure} />}
      <form class="staff-filter" action="/admin" method="get">
        <div class="field">
          <label for="admin-days">{s('adminWindow')}</label>
          <select id="admin-days" name="days">
            {dayChoices.map((d) => (
              <option value={String(d)} selected={d === days}>
                {s('adminDays', { days: d })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{s('filterButton')}</button>
      </form>
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
              <a href={exportHref('daily', days)} download>
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
          <StatTable ui={ui} id="most-asked-title" title={s('mostAskedTitle')} rows={data.mostAsked} list="most-asked" days={days} />
          <StatTable ui={ui} id="unanswered-title" title={s('unansweredTitle')} rows={data.unanswered} list="unanswered" days={days} />
          <StatTable
            ui={ui}
            id="low-confidence-title"
            title={s('lowConfidenceTitle', { threshold: lowConfidence })}
            rows={data.lowConfidence}
            list="low-confidence"
            days={days}
          />
          <StatTable ui={ui} id="feedback-list-title" title={s('feedbackListTitle')} rows={data.feedbackQuestions} list="feedback" days={days} />
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
          <label for="admin-token">{s('adminTokenLabel')}</label>
          <input id="admin-token" name="token" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit">{s('adminLoginButton')}</button>
      </form>
    </section>
  );
}
