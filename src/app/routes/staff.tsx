// The staff routes (issue #7): 承诺与部署 (/commitments, /api/commitments),
// reported figures (/figures, /api/figures) and the question statistics at
// /admin with CSV exports. Registered on the app createApp built, after its own
// routes, so its headers, CORS, ?lang= memory and error pages apply here too.
// /admin exists only when ADMIN_TOKEN is set (404 otherwise), never inside the
// embed, never in a frame (the app's CSP: frame-ancestors 'none'), never cached.
import { PolicyQaError } from '../../errors.js';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import {
  ADMIN_COOKIE,
  ADMIN_SESSION_SECONDS,
  SessionRevocations,
  bearerToken,
  cleanStaffName,
  sessionStaff,
  sessionValue,
  setStaffName,
  tokenMatches,
} from '../admin-auth.js';
import { adminThrottleOf, judgeToken, throttleKey, type TokenVerdict } from '../middleware/login-throttle.js';
import { publicIsHttps, publicOrigin, publicOriginCsrf } from '../public-origin.js';
import { answerSourceResolver, sourcePlace, type AnswerSource } from '../../staff/answer-source.js';
import { commitmentFacets, commitmentsFor, plannedYears, type Commitment } from '../../staff/commitments.js';
import { toCsv } from '../../staff/csv.js';
import { comparableMeasures, compareFigures, figuresFor, sameMeasure, sortRows, type Figure, type FigureKind } from '../../staff/figures.js';
import { followUp, type FollowUp } from '../../staff/follow-up.js';
import { resolveLang, type Lang } from '../../i18n/index.js';
import { contentConverter } from '../../i18n/traditional.js';
import { chinaDay, fillDays, hasReports, questionKey, type AnswerStatus, type QuestionStat, type ReportFilter } from '../../staff/query-log.js';
import { hasPopularCuration, isPopularAction, isPopularKey, popularRules, popularVerdict, POPULAR_ACTIONS } from '../../staff/popular.js';
import { intParam, type QaService } from '../../service.js';
import { apiContract, validQuery } from '../api-contract.js';
import { searchableText, staffSearch, STAFF_SEARCH_MIN_COVERAGE } from '../../staff/text-match.js';
import type { AppDeps } from '../deps.js';
import { ServiceUnavailable } from '../middleware/errors.js';
import { AdminLogin, AdminPage, type AdminData, type AdminFilterView, type AdminListName, type AdminRow, type PopularAdmin } from '../../../views/admin-page.js';
import { Announcer } from '../../../views/announcer.js';
import { CommitmentsPage } from '../../../views/commitments-page.js';
import { FiguresPage, type MeasureSeries } from '../../../views/figures-page.js';
import { comparisonCaption, FiguresComparePage, kindLabel, type CompareState } from '../../../views/figures-compare.js';
import { Layout, pageTitle } from '../../../views/layout.js';
import type { FilterOption, StaffUi } from '../../../views/staff-nav.js';
import { staffUi } from '../staff-ui.js';

export type StaffDeps = Pick<AppDeps, 'service' | 'settings' | 'queryLog' | 'clientKey'>;

const COMMITMENTS_PAGE = 50;
/**
 * Most commitments one request lists (one page): each brings its follow-up, a
 * ranking over later reports — about 4 ms each on the 32-report library, kept
 * per knowledge base once made — so 500 new ones held the event loop for
 * seconds (issue #16). A page of them costs at most ~0.2 s there.
 */
const MAX_COMMITMENTS_PAGE = COMMITMENTS_PAGE;
const FIGURES_PAGE = 100;
/** What a staff search reads of each item, normalised once per item (text-match.ts). */
const commitmentText = searchableText((m: Commitment) => `${m.heading.join(' ')} ${m.text}`);
const figureText = searchableText((f: Figure) => `${f.subject} ${f.heading.join(' ')} ${f.sentence}`);
const figureSubject = searchableText((f: Figure) => f.subject);
const ADMIN_LIST_LIMIT = 50;
const EXPORT_LIMIT = 5000;
const DAY_CHOICES = [7, 30, 90, 180, 365];
const DAY_MS = 86_400_000;
const CHINA_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a China day (YYYY-MM-DD, UTC+8) starts, or NaN for anything else. */
function chinaDayStart(day: string): number {
  return CHINA_DAY.test(day) ? Date.parse(`${day}T00:00:00+08:00`) : NaN;
}

/** A report's window on /admin and its exports (issue #18), read from ?days= or ?from=&to=, ?region=, ?status=. */
interface AdminWindow {
  filter: ReportFilter;
  view: AdminFilterView;
  /** Days covered (for the popular candidates and the export's file name when ?days= chose them). */
  days: number;
  sinceDate: Date;
  untilDate: Date;
}

/**
 * The window of /admin: ?from=&to= (China days, inclusive, bounded to the retention period and today; swapped
 * if reversed), else the last ?days= (default 30); ?region= (as logged) and ?status=answered|unanswered.
 */
function adminWindow(c: Context, retentionDays: number, now = Date.now()): AdminWindow {
  const today = chinaDay(now);
  const earliest = chinaDay(now - (retentionDays - 1) * DAY_MS);
  const rawFrom = (c.req.query('from') ?? '').trim();
  const rawTo = (c.req.query('to') ?? '').trim();
  const region = (c.req.query('region') ?? '').trim().slice(0, 40) || null;
  const rawStatus = c.req.query('status');
  const status: AnswerStatus | null = rawStatus === 'answered' || rawStatus === 'unanswered' ? rawStatus : null;
  const validFrom = !Number.isNaN(chinaDayStart(rawFrom));
  const validTo = !Number.isNaN(chinaDayStart(rawTo));
  let filter: ReportFilter;
  let days: number;
  let sinceDate: Date;
  let untilDate: Date;
  let explicit = false;
  let clamped = false;
  let from: string;
  let to: string;
  if (validFrom || validTo) {
    explicit = true;
    from = validFrom ? chinaDay(chinaDayStart(rawFrom)) : '';
    to = validTo ? chinaDay(chinaDayStart(rawTo)) : today;
    if (!from) from = chinaDay(chinaDayStart(to) - 29 * DAY_MS);
    if (from > to) [from, to] = [to, from];
    const bounded = (d: string) => (d < earliest ? earliest : d > today ? today : d);
    const [bf, bt] = [bounded(from), bounded(to)];
    clamped = bf !== from || bt !== to;
    [from, to] = [bf, bt];
    const since = chinaDayStart(from);
    const until = chinaDayStart(to) + DAY_MS;
    sinceDate = new Date(since);
    untilDate = new Date(Math.min(now, until - 1));
    days = Math.max(1, Math.round((until - since) / DAY_MS));
    filter = { since: sinceDate.toISOString(), until: new Date(until).toISOString(), region, status };
  } else {
    days = Math.min(intParam(c.req.query('days'), 30, 1, 3650), retentionDays);
    sinceDate = new Date(now - days * DAY_MS);
    untilDate = new Date(now);
    from = chinaDay(sinceDate);
    to = today;
    filter = { since: sinceDate.toISOString(), region, status };
  }
  const query = new URLSearchParams();
  if (explicit) {
    query.set('from', from);
    query.set('to', to);
  } else query.set('days', String(days));
  if (region) query.set('region', region);
  if (status) query.set('status', status);
  return { filter, days, sinceDate, untilDate, view: { from, to, earliest, today, region, status, explicit, clamped, query: query.toString() } };
}


function isFragmentRequest(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true';
}

/** A full page, or for htmx the #results fragment with the announcement and title. */
function render(c: Context, ui: StaffUi, title: string, body: Child, status: 200 | 401 | 429 = 200, announce?: string) {
  c.header('Vary', 'HX-Request, Cookie, Accept-Language');
  if (isFragmentRequest(c)) {
    return c.html(
      <>
        {body}
        {announce !== undefined && <Announcer text={announce} oob />}
        <title>{pageTitle(ui, title)}</title>
      </>,
      status,
    );
  }
  return c.html(
    '<!doctype html>' +
      (
        <Layout ui={ui} title={title}>
          {body}
        </Layout>
      ).toString(),
    status,
  );
}

/** ?year= as a four-digit year, else ''. */
function yearParam(c: Context): string {
  const y = (c.req.query('year') ?? '').trim();
  return /^(?:19|20)\d{2}$/.test(y) ? y : '';
}

function docParam(c: Context): string {
  return (c.req.query('doc') ?? '').trim().slice(0, 200);
}

/** The list's query string without offset (for pager links). */
function listQuery(params: Record<string, string>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  return p.toString();
}

function docOptions(items: { docId: string; docTitle: string }[], convert: (s: string) => string): FilterOption[] {
  const seen = new Map<string, string>();
  for (const i of items) if (!seen.has(i.docId)) seen.set(i.docId, convert(i.docTitle));
  return [...seen].map(([value, label]) => ({ value, label }));
}

function yearOptions(items: { year: number | null }[]): string[] {
  return [...new Set(items.map((i) => i.year).filter((y): y is number => y !== null))].sort().map(String);
}

/** Content strings of a record in the language's script (zh-TW), for the JSON API. */
function convertStrings<T extends object>(record: T, lang: Lang, fields: (keyof T)[]): T {
  if (lang !== 'zh-TW') return record;
  const convert = contentConverter(lang);
  const out = { ...record } as Record<keyof T, unknown>;
  for (const f of fields) {
    const v = out[f];
    if (typeof v === 'string') out[f] = convert(v);
    else if (Array.isArray(v)) out[f] = v.map((x) => (typeof x === 'string' ? convert(x) : x));
  }
  return out as T;
}

const registered = new WeakSet<Hono>();

/** Adds the staff routes to an app built by createApp (once per app; a second call does nothing). */
export function registerStaffRoutes(app: Hono, deps: StaffDeps): void {
  if (registered.has(app)) return;
  registered.add(app);
  const { settings, queryLog } = deps;
  const api = apiContract(settings);
  const adminEnabled = settings.ADMIN_TOKEN !== '';
  // Checked by the middleware below before any handler runs.
  const requireService = (): QaService => deps.service() as QaService;
  /** `fn` with what it reads from the knowledge base fetched first (QaService.load; at once on Node). */
  const loaded = <T,>(fn: () => T): Promise<T> => requireService().load(fn);
  /** While the knowledge base loads: 503, answered by the app's error handler as everywhere else. */
  const needService: MiddlewareHandler = async (_c, next) => {
    if (!deps.service()) throw new ServiceUnavailable();
    return next();
  };
  for (const path of ['/commitments', '/api/commitments', '/figures', '/api/figures', '/figures/compare', '/figures/compare.csv']) app.use(path, needService);
  const followUpOf = (service: QaService, c: Commitment): FollowUp =>
    followUp(service.kb, (text) => service.analyze(text), c, { minScore: settings.FOLLOW_UP_MIN_SCORE, limit: 3 });

  // ---- 承诺与部署 -------------------------------------------------------------

  const commitmentList = (c: Context, limitDefault: number) => {
    const service = requireService();
    const all = commitmentsFor(service.kb);
    const q = (c.req.query('q') ?? '').trim();
    // year: a year the commitment is planned for (its section's period: 2026, or 2026–2030 for “十五五”), not the report's.
    const year = yearParam(c);
    const region = (c.req.query('region') ?? '').trim().slice(0, 100);
    const doc = docParam(c);
    const target = (c.req.query('target') ?? '').trim();
    // One matcher per search, not one per commitment (issue #16).
    const search = q ? staffSearch(service.kb, service.analyze(q)) : null;
    // Every filter but region and year; the facets count by those two (each ignoring its own choice).
    const base = all.filter(
      (m) =>
        (!doc || m.docId === doc) &&
        (!/^\d{4}$/.test(target) || String(m.targetYear) === target) &&
        (!search || search.coverage(commitmentText(m)) >= STAFF_SEARCH_MIN_COVERAGE),
    );
    const inYear = (m: Commitment) => !year || plannedYears(m).includes(Number(year));
    const inRegion = (m: Commitment) => !region || m.region === region;
    const facets = commitmentFacets(base, inRegion, inYear);
    const matched = base.filter((m) => inRegion(m) && inYear(m));
    const limit = intParam(c.req.query('limit'), limitDefault, 1, MAX_COMMITMENTS_PAGE);
    const offset = intParam(c.req.query('offset'), 0, 0, 1_000_000);
    const entries = matched.slice(offset, offset + limit).map((commitment) => ({ commitment, followUp: followUpOf(service, commitment) }));
    return { service, all, q, year, region, doc, target, matched, facets, limit, offset, entries };
  };

  app.get('/api/commitments', async (c) => {
    // The JSON API keeps to its contract: a bad value is a 400 naming it (the pages, for people, clamp instead).
    validQuery(c, api.commitments.request.query);
    const lang = resolveLang({ query: c.req.query('lang') }).lang;
    const { q, year, region, doc, target, matched, facets, limit, offset, entries } = await loaded(() => commitmentList(c, COMMITMENTS_PAGE));
    return c.json({
      query: q,
      filters: { year: year ? Number(year) : null, region: region || null, doc: doc || null, target: /^\d{4}$/.test(target) ? Number(target) : null },
      total: matched.length,
      limit,
      offset,
      facets,
      commitments: entries.map(({ commitment, followUp: f }) => ({
        ...convertStrings(commitment, lang, ['docTitle', 'heading', 'text']),
        followUp: {
          laterDocuments: f.laterDocuments,
          candidates: f.candidates.map((x) => convertStrings(x, lang, ['title', 'heading', 'text'])),
        },
      })),
    });
  });

  app.get('/commitments', async (c) => {
    const ui = staffUi(c);
    const { all, q, year, region, doc, matched, facets, limit, offset, entries } = await loaded(() => commitmentList(c, COMMITMENTS_PAGE));
    return render(
      c,
      ui,
      ui.s('commitmentsTitle'),
      <CommitmentsPage
        ui={ui}
        admin={adminEnabled}
        q={q}
        year={year}
        region={region}
        doc={doc}
        facets={facets}
        docs={docOptions(all, ui.text)}
        total={matched.length}
        offset={offset}
        limit={limit}
        entries={entries}
        pageQuery={listQuery({ q, region, year, doc })}
      />,
      200,
      ui.s('resultCount', { count: matched.length }),
    );
  });

  // ---- 数据 -----------------------------------------------------------------

  const figureList = (c: Context, limitDefault: number) => {
    const service = requireService();
    const all = figuresFor(service.kb);
    const q = (c.req.query('q') ?? '').trim();
    const year = yearParam(c);
    const doc = docParam(c);
    const id = (c.req.query('id') ?? '').trim();
    // One matcher per search, not one per figure (issue #16).
    const search = q ? staffSearch(service.kb, service.analyze(q)) : null;
    const scored: { f: Figure; subject: number }[] = [];
    for (const f of all) {
      if ((year && String(f.year) !== year) || (doc && f.docId !== doc)) continue;
      if (!search) {
        scored.push({ f, subject: 0 });
        continue;
      }
      if (search.coverage(figureText(f)) < STAFF_SEARCH_MIN_COVERAGE) continue;
      scored.push({ f, subject: search.coverage(figureSubject(f)) });
    }
    // What a figure counts matters more than the sentence it shares with others (纠错率 before 撤销30件).
    if (search) scored.sort((a, b) => b.subject - a.subject);
    const matched = scored.map((x) => x.f);
    const limit = intParam(c.req.query('limit'), limitDefault, 1, 1000);
    const offset = intParam(c.req.query('offset'), 0, 0, 1_000_000);
    const picked = id ? all.find((f) => f.id === id) : undefined;
    const selected = picked ? { figure: picked, series: sameMeasure(all, picked) } : null;
    // Measures that several years' reports give, among the matching figures.
    const byMeasure = new Map<string, Figure[]>();
    for (const f of matched) if (f.subject) byMeasure.set(f.measure, [...(byMeasure.get(f.measure) ?? []), f]);
    const series: MeasureSeries[] = [];
    for (const [measure, figures] of byMeasure) {
      if (new Set(figures.map((f) => f.year)).size < 2) continue;
      const sorted = [...figures].sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
      series.push({ measure, subject: sorted[sorted.length - 1].subject, unit: sorted[0].unit, figures: sorted });
    }
    return { all, q, year, doc, id, matched, limit, offset, page: matched.slice(offset, offset + limit), selected, series: series.slice(0, 100) };
  };

  const FIGURE_STRINGS: (keyof Figure)[] = ['docTitle', 'heading', 'expr', 'value', 'qualifier', 'unit', 'subject', 'sentence'];

  app.get('/api/figures', async (c) => {
    validQuery(c, api.figures.request.query);
    const lang = resolveLang({ query: c.req.query('lang') }).lang;
    const { q, year, doc, id, matched, limit, offset, page, selected, series } = await loaded(() => figureList(c, FIGURES_PAGE));
    if (id && !selected) return c.json({ error: `figures: no figure has the id ${JSON.stringify(id.slice(0, 200))}` }, 404);
    const out = (f: Figure) => ({ ...convertStrings(f, lang, FIGURE_STRINGS), recordUrl: `/figures?id=${encodeURIComponent(f.id)}#f-${f.id}` });
    return c.json({
      query: q,
      filters: { year: year ? Number(year) : null, doc: doc || null, id: id || null },
      total: matched.length,
      limit,
      offset,
      figures: page.map(out),
      figure: selected ? { ...out(selected.figure), sameMeasure: selected.series.map(out) } : null,
      series: series.map((m) => ({ measure: m.measure, subject: lang === 'zh-TW' ? contentConverter(lang)(m.subject) : m.subject, unit: m.unit, figures: m.figures.map(out) })),
    });
  });

  // ---- 数据对比 (issue #18): one measure across regions, or one region across years ----

  const figureComparison = (c: Context) => {
    const all = figuresFor(requireService().kb);
    const measures = comparableMeasures(all);
    const regions = [...new Set(all.map((f) => f.region).filter((r): r is string => r !== null))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    const measure = (c.req.query('measure') ?? '').trim().slice(0, 100) || (measures.some((m) => m.measure === '地区生产总值') ? '地区生产总值' : (measures[0]?.measure ?? ''));
    const region = regions.includes(c.req.query('region') ?? '') ? (c.req.query('region') as string) : '';
    const kindQuery = c.req.query('kind') ?? '';
    const kind: FigureKind | '' = kindQuery === 'level' || kindQuery === 'growth' || kindQuery === 'share' ? kindQuery : '';
    const stanceQuery = c.req.query('stance') ?? '';
    const stance = stanceQuery === 'reported' || stanceQuery === 'target' ? stanceQuery : '';
    const ofMeasure = all.filter((f) => f.measureKey === measure && f.region);
    const years = yearOptions(ofMeasure.length ? ofMeasure : all);
    // By default the latest year that several regions report (2025 in the 2026 reports), else the latest year.
    const reportedYears = [...new Set(ofMeasure.filter((f) => f.stance === 'reported').map((f) => f.year))].filter((y): y is number => y !== null).sort();
    const year = years.includes(yearParam(c)) ? yearParam(c) : String(reportedYears[reportedYears.length - 1] ?? years[years.length - 1] ?? '');
    // Across years the table reads oldest first; across regions largest first.
    const sort = c.req.query('sort') === 'name' || (region && c.req.query('sort') !== 'value') ? 'name' : 'value';
    const order = c.req.query('order') === 'asc' ? 'asc' : c.req.query('order') === 'desc' ? 'desc' : sort === 'name' ? 'asc' : 'desc';
    const comparison = measure ? compareFigures(all, { measure, year: year ? Number(year) : null, region, kind, stance }) : null;
    if (comparison) comparison.rows = sortRows(comparison.rows, sort, order);
    const state: CompareState = { measure, year, region, kind, stance, sort, order };
    return { state, comparison, measures, years, regions, baseQuery: listQuery({ measure, year: region ? '' : year, region, kind, stance }) };
  };

  app.get('/figures/compare', async (c) => {
    const ui = staffUi(c);
    const { state, comparison, measures, years, regions, baseQuery } = await loaded(() => figureComparison(c));
    return render(
      c,
      ui,
      ui.s('compareTitle'),
      <FiguresComparePage ui={ui} admin={adminEnabled} state={state} comparison={comparison} measures={measures} years={years} regions={regions} baseQuery={baseQuery} />,
      200,
      ui.s('resultCount', { count: comparison?.rows.length ?? 0 }),
    );
  });

  app.get('/figures/compare.csv', async (c) => {
    const ui = staffUi(c);
    const { state, comparison } = await loaded(() => figureComparison(c));
    const rows = (comparison?.rows ?? []).map(({ figure: f }) => [
      f.region,
      f.year,
      f.measureKey,
      f.kind,
      f.stance ?? '',
      f.normValue,
      f.normUnit,
      f.expr,
      f.approx ? 'yes' : '',
      f.span ? `${f.span.from}-${f.span.to}` : '',
      f.docTitle,
      f.paragraph,
      new URL(f.url, c.req.url).toString(),
      f.sentence,
    ]);
    const csv = toCsv(['region', 'year', 'measure', 'kind', 'stance', 'value', 'unit', 'as_written', 'approximate', 'span', 'document', 'paragraph', 'url', 'sentence'], rows);
    const name = comparison ? `${comparison.measure}-${kindLabel(ui, comparison.kind)}-${state.region || state.year}` : 'empty';
    c.header('X-Comparison', encodeURIComponent(comparison ? comparisonCaption(ui, state, comparison) : ''));
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="policy-qa-figures.csv"; filename*=UTF-8''${encodeURIComponent(`policy-qa-${name}.csv`)}`,
    });
  });

  app.get('/figures', async (c) => {
    const ui = staffUi(c);
    const { all, q, year, doc, matched, limit, offset, page, selected, series } = await loaded(() => figureList(c, FIGURES_PAGE));
    return render(
      c,
      ui,
      ui.s('figuresTitle'),
      <FiguresPage
        ui={ui}
        admin={adminEnabled}
        q={q}
        year={year}
        doc={doc}
        years={yearOptions(all)}
        docs={docOptions(all, ui.text)}
        total={matched.length}
        offset={offset}
        limit={limit}
        figures={page}
        selected={selected}
        series={series}
        pageQuery={listQuery({ q, year, doc })}
      />,
      200,
      ui.s('resultCount', { count: matched.length }),
    );
  });

  // ---- /admin ---------------------------------------------------------------

  // Wrong tokens are counted per client (src/app/middleware/login-throttle.ts); a right one always gets in.
  const throttle = adminThrottleOf(app);
  const clientOf = (c: Context) => throttleKey(c, deps.clientKey);
  // Signed-out sessions, refused until they would have expired (in this process's memory).
  const revocations = new SessionRevocations();
  const secureCookie = (c: Context) => publicIsHttps(c, settings);

  /** Let in, or refused with 401 (or 429 during a client's back-off from wrong Bearer tokens). */
  const authorize = async (c: Context): Promise<TokenVerdict> => {
    const bearer = bearerToken(c.req.header('Authorization'));
    if (bearer !== null) {
      const verdict = judgeToken(throttle, clientOf(c), await tokenMatches(bearer, settings.ADMIN_TOKEN));
      // A program names who it acts for in X-Staff-Name (for the audit list); the token alone is 'staff'.
      if (verdict.ok) setStaffName(c, cleanStaffName(c.req.header('X-Staff-Name')));
      return verdict;
    }
    // A cookie is an HMAC (256 bits), not a guessable token: an expired or signed-out one is not counted.
    const staff = await sessionStaff(getCookie(c, ADMIN_COOKIE), settings.ADMIN_TOKEN, Date.now(), revocations);
    if (staff === null) return { ok: false, status: 401, retryAfter: 0 };
    setStaffName(c, staff);
    return { ok: true };
  };

  const loginPage = (c: Context, status: 401 | 429, failed = false) => {
    const ui = staffUi(c);
    c.header('WWW-Authenticate', 'Bearer realm="policy-qa admin"');
    return render(c, ui, ui.s('adminLoginTitle'), <AdminLogin ui={ui} failed={failed} throttled={status === 429} />, status);
  };

  const adminGate: MiddlewareHandler = async (c, next) => {
    // Off unless configured, and never part of the embed panel.
    if (!adminEnabled || c.req.query('embed') === '1') return c.notFound();
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    if (c.req.path === '/admin/login' && c.req.method === 'POST') return next();
    const verdict = await authorize(c);
    if (!verdict.ok) {
      if (verdict.status === 429) {
        c.header('Retry-After', String(verdict.retryAfter));
        c.header('WWW-Authenticate', 'Bearer realm="policy-qa admin"');
        return c.text(`too many requests: too many wrong tokens from this client; try again in ${verdict.retryAfter} s`, 429);
      }
      if (c.req.method === 'GET' && c.req.path === '/admin') return loginPage(c, 401);
      c.header('WWW-Authenticate', 'Bearer realm="policy-qa admin"');
      return c.text('unauthorized: sign in at /admin or send Authorization: Bearer <ADMIN_TOKEN>', 401);
    }
    await next();
    c.header('Cache-Control', 'no-store');
  };
  app.use('/admin', adminGate);
  app.use('/admin/*', adminGate);
  // Form posts only from this site's own pages: Sec-Fetch-Site same-origin, or an Origin equal to the public
  // origin (PUBLIC_URL, or the proxy's forwarded scheme and host: src/app/public-origin.ts).
  app.use('/admin/*', publicOriginCsrf(settings));

  app.post('/admin/login', async (c) => {
    // A body that is not a form (a malformed multipart, say) is a bad request, not a server error.
    const form = await c.req.parseBody().catch((cause: unknown) => {
      throw new PolicyQaError(400, 'login', 'send the form with a token field (application/x-www-form-urlencoded or multipart/form-data)', { cause });
    });
    const token = typeof form.token === 'string' ? form.token : '';
    // The token is checked first, whatever this client did before: only a wrong one can be throttled.
    const verdict = judgeToken(throttle, clientOf(c), await tokenMatches(token, settings.ADMIN_TOKEN));
    if (!verdict.ok) {
      if (verdict.status === 429) c.header('Retry-After', String(verdict.retryAfter));
      return loginPage(c, verdict.status, true);
    }
    // The name typed at login goes into the signed cookie: who taught an answer or published a document.
    setCookie(c, ADMIN_COOKIE, await sessionValue(settings.ADMIN_TOKEN, Date.now(), cleanStaffName(form.name)), {
      path: '/admin',
      httpOnly: true,
      sameSite: 'Strict',
      secure: secureCookie(c),
      maxAge: ADMIN_SESSION_SECONDS,
    });
    return c.redirect('/admin', 303);
  });

  app.post('/admin/logout', (c) => {
    // Revoked on the server too: a copy of the cookie is refused from now on, not only the browser's forgotten.
    revocations.revoke(getCookie(c, ADMIN_COOKIE));
    deleteCookie(c, ADMIN_COOKIE, { path: '/admin', secure: secureCookie(c) });
    return c.redirect('/admin', 303);
  });

  const windowOf = (c: Context) => adminWindow(c, settings.LOG_RETENTION_DAYS);

  /** The stored first-citation ids resolved through the loaded knowledge base (null while none is loaded). */
  const withSources = (rows: QuestionStat[], resolve: ((id: string | null) => AnswerSource | null) | null): AdminRow[] =>
    rows.map((r) => ({ ...r, source: resolve ? resolve(r.firstCitation) : null }));

  const adminData = async (w: AdminWindow, limit: number): Promise<AdminData | null | 'failed'> => {
    if (!hasReports(queryLog)) return null;
    const window = { ...w.filter, limit };
    try {
      const [mostAsked, unanswered, lowConfidence, feedbackQuestions, feedback, daily, regions] = await Promise.all([
        queryLog.mostAsked(window),
        queryLog.unanswered(window),
        queryLog.lowConfidence(window, settings.LOW_CONFIDENCE),
        queryLog.feedbackQuestions(window),
        queryLog.feedbackSummary(w.filter),
        queryLog.daily(w.filter),
        queryLog.regions ? queryLog.regions(w.filter) : Promise.resolve([] as string[]),
      ]);
      const service = deps.service();
      // Through load() (a resolver per round): over a fetching store the cited documents' paragraphs are fetched first.
      const sourced = (rows: QuestionStat[]) =>
        service ? service.load(() => withSources(rows, answerSourceResolver(service.kb))) : withSources(rows, null);
      return {
        mostAsked: await sourced(mostAsked),
        unanswered: await sourced(unanswered),
        lowConfidence: await sourced(lowConfidence),
        feedbackQuestions: await sourced(feedbackQuestions),
        feedback,
        daily: fillDays(daily, w.sinceDate, w.untilDate),
        regions: w.filter.region && !regions.includes(w.filter.region) ? [...regions, w.filter.region] : regions,
      };
    } catch (err) {
      console.warn(`policy-qa: admin reports failed: ${(err as Error).message}`);
      return 'failed';
    }
  };

  app.get('/admin', async (c) => {
    const ui = staffUi(c);
    const w = windowOf(c);
    const days = w.days;
    const data = await adminData(w, ADMIN_LIST_LIMIT);
    return render(
      c,
      ui,
      ui.s('adminTitle'),
      <AdminPage
        ui={ui}
        days={days}
        dayChoices={DAY_CHOICES.filter((d) => d <= settings.LOG_RETENTION_DAYS)}
        retentionDays={settings.LOG_RETENTION_DAYS}
        logFailure={queryLog?.writeFailure?.() ?? null}
        lowConfidence={settings.LOW_CONFIDENCE}
        filter={w.view}
        data={data}
        popular={await popularAdmin(days)}
      />,
    );
  });

  // ---- 热门问题管理 (issue #16): candidates, and pin / approve / hide / clear --------------------------------

  const popularBy = popularRules(settings);

  /** The candidates with the verdict each gets; null where the log takes no decisions. */
  const popularAdmin = async (days: number): Promise<PopularAdmin | null | 'failed'> => {
    if (!hasPopularCuration(queryLog)) return null;
    try {
      const since = new Date(Date.now() - days * 86_400_000).toISOString();
      const candidates = await queryLog.popularCandidates(since, ADMIN_LIST_LIMIT);
      return { rules: popularBy, entries: candidates.map((candidate) => ({ candidate, verdict: popularVerdict(candidate, popularBy) })) };
    } catch (err) {
      console.warn(`policy-qa: admin popular questions failed: ${(err as Error).message}`);
      return 'failed';
    }
  };

  /** A form post (the admin page's buttons) or the same fields from a script with the Bearer token: key (or question) and action. */
  app.post('/admin/popular', async (c) => {
    if (!hasPopularCuration(queryLog)) throw new PolicyQaError(503, 'popular questions', 'this server keeps no question log to decide on');
    const form = await c.req.parseBody().catch((cause: unknown) => {
      throw new PolicyQaError(400, 'popular questions', 'send a form with the fields key (or question) and action', { cause });
    });
    const action = form.action;
    if (!isPopularAction(action)) throw new PolicyQaError(400, 'popular questions', 'action must be pin, approve, hide or clear');
    const key = typeof form.key === 'string' && form.key ? form.key : typeof form.question === 'string' ? questionKey(form.question) : '';
    if (!isPopularKey(key)) throw new PolicyQaError(400, 'popular questions', 'key (or question) is missing or longer than 2000 characters');
    try {
      await queryLog.decidePopular(key, POPULAR_ACTIONS[action]);
    } catch (cause) {
      throw new PolicyQaError(503, 'popular questions', 'the decision could not be saved (the question log is busy or cannot be written); try again', { cause, retryAfter: 5 });
    }
    const days = intParam(typeof form.days === 'string' ? form.days : undefined, 30, 1, 3650);
    return c.redirect(`/admin?days=${days}#popular-title`, 303);
  });

  app.get('/admin/export/:file', async (c) => {
    const m = /^(most-asked|unanswered|low-confidence|feedback|daily)\.csv$/.exec(c.req.param('file'));
    if (!m) return c.notFound();
    const list = m[1] as AdminListName | 'daily';
    const w = windowOf(c);
    const days = w.days;
    const data = await adminData(w, EXPORT_LIMIT);
    if (data === null) return c.text('unavailable: this server keeps no question log', 503);
    if (data === 'failed') return c.text('unavailable: the question log could not be read', 503);
    const s = staffUi(c).s;
    let csv: string;
    if (list === 'daily') {
      csv = toCsv([s('colDay'), s('colAsked'), s('colAnswered')], data.daily.map((d) => [d.day, d.asked, d.answered]));
    } else {
      const rows: AdminRow[] = {
        'most-asked': data.mostAsked,
        unanswered: data.unanswered,
        'low-confidence': data.lowConfidence,
        feedback: data.feedbackQuestions,
      }[list];
      const origin = publicOrigin(c, settings);
      const place = (src: AnswerSource | null) => (src?.status === 'found' ? sourcePlace(src, (n) => s('sourceParagraph', { n })) : '');
      // The columns of before, then what /admin shows of each (issue #18): the answer, its document, article or
      // paragraph and link (or that the passage is gone), and the region.
      csv = toCsv(
        [
          s('colQuestion'),
          s('colCount'),
          s('colAnswered'),
          s('colConfidence'),
          s('colLatency'),
          s('colUseful'),
          s('colNotUseful'),
          s('colCitation'),
          s('colLastAsked'),
          s('colAnswer'),
          s('colDocument'),
          s('colPlace'),
          s('colLink'),
          s('colRegion'),
        ],
        rows.map((r) => [
          r.question,
          r.count,
          r.answered,
          r.avgConfidence === null ? '' : Math.round(r.avgConfidence * 1000) / 1000,
          Math.round(r.avgLatencyMs * 10) / 10,
          r.useful,
          r.notUseful,
          r.firstCitation ?? '',
          r.lastAsked,
          r.answer ?? '',
          r.source?.status === 'found' ? r.source.docTitle : r.source?.status === 'missing' ? s('sourceMissing', { id: r.source.passageId }) : '',
          place(r.source),
          r.source?.status === 'found' ? origin + r.source.url : '',
          r.region ?? '',
        ]),
      );
    }
    const today = new Date().toISOString().slice(0, 10);
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="policy-qa-${list}-${w.view.explicit ? `${w.view.from}_${w.view.to}` : `${days}d`}${w.view.region || w.view.status ? '-filtered' : ''}-${today}.csv"`,
    });
  });
}
