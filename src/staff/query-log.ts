// The question log: what citizens asked, whether it was answered, and their
// 有用/没用 feedback. It feeds 热门问题 and suggestions, and the staff page
// /admin (QueryLogReports: most asked, unanswered, low confidence, feedback,
// daily volume). Runtimes provide the storage (SQLite on Node); the app calls it
// through the safe* helpers so that logging can never delay or fail an answer.
// No IP address, cookie or other visitor identifier is ever stored, phone, ID
// and account numbers and e-mail addresses typed into a question are masked
// before storage (redactQuestion), and rows older than the retention period
// (LOG_RETENTION_DAYS) are deleted.
import { compactForm } from '../text/normalize.js';
import { isPublishableQuestion } from './popular-filter.js';
import type { PopularRules } from './popular.js';

/** Where a question was asked. */
export type QuestionChannel = 'page' | 'embed' | 'api';

export interface LoggedQuestion {
  /** Random id (see newQuestionId) that the answer card carries for feedback. */
  id: string;
  question: string;
  /** The grouping key: questionKey(question). */
  key: string;
  answered: boolean;
  /** Passage id of the first citation, if any. */
  firstCitation: string | null;
  latencyMs: number;
  /** The answer's confidence (0–1); the unanswered have one too (why it fell short). Absent from older entries. */
  confidence?: number | null;
  lang: string;
  channel: QuestionChannel;
  /** ISO timestamp. */
  askedAt: string;
  /** The client's salted hash for the day (DailyClientHasher): who asked, for 热门问题 counts, never an address. Null or absent without a client key. */
  clientHash?: string | null;
  /** The answer text given (null: 没有找到答案); the log stores it masked and bounded (answerForLog). Absent from older entries. */
  answer?: string | null;
  /** The region the question is about (logRegion): the one it named, else its first citation's document's. */
  region?: string | null;
}

export interface PopularQuestion {
  question: string;
  /** Distinct clients (one a day) that asked it. */
  count: number;
}

/** What a vote did: stored; no logged question has the id; the question was rated before (the first vote stands); the log cannot be written now. */
export type FeedbackOutcome = 'saved' | 'unknown' | 'already-rated' | 'unavailable';

/** The question log's failure to write, as /admin reports it. */
export interface QueryLogWriteFailure {
  /** Rows (asked questions) lost: their write failed, or they found the queue full behind a stuck write. */
  dropped: number;
  /** ISO timestamp of the first failure. */
  since: string;
  /** Whether the last write failed too (false: writing works again). */
  failing: boolean;
  /** The last failure's reason (SQLite's message). */
  reason: string;
}

export interface QueryLog {
  /** Stores an asked question. May defer the write; must not be awaited by answers. */
  record(entry: LoggedQuestion): void | Promise<void>;
  /**
   * Attaches 有用 (true) / 没用 (false) to a logged question. One vote per question: a later vote replaces nothing
   * ('already-rated'). 'unavailable' while the log cannot be written (a full disk, say).
   */
  feedback(id: string, useful: boolean): FeedbackOutcome | Promise<FeedbackOutcome>;
  /** Why rows were lost, when the log has failed to write since it opened; null when it never has. For /admin. */
  writeFailure?(): QueryLogWriteFailure | null;
  /**
   * 热门问题 by the rules of src/staff/popular.ts (distinct clients on distinct days, the answer and contact checks,
   * staff decisions): pinned first, then by clients. Without `rules`, the log's own defaults.
   */
  popular(limit: number, rules?: PopularRules): PopularQuestion[] | Promise<PopularQuestion[]>;
}

/** One question (grouped by questionKey) in a staff report. */
export interface QuestionStat {
  /** The most recent wording. */
  question: string;
  count: number;
  /** How many of the asks were answered. */
  answered: number;
  /** ISO timestamp of the last ask. */
  lastAsked: string;
  /** Mean confidence of the asks that recorded one; null when none did. */
  avgConfidence: number | null;
  avgLatencyMs: number;
  useful: number;
  notUseful: number;
  /** Passage id of the last ask's first citation. */
  firstCitation: string | null;
  /** The answer text the last ask got (masked, at most ANSWER_LOG_CHARS); null when unanswered or logged before answers were. */
  answer?: string | null;
  /** The region of the last ask (logRegion), or null. */
  region?: string | null;
  /** Whether the last ask was answered. */
  lastAnswered?: boolean;
}

export interface FeedbackSummary {
  asked: number;
  useful: number;
  notUseful: number;
}

export interface DailyVolume {
  /** YYYY-MM-DD in China Standard Time (UTC+8). */
  day: string;
  asked: number;
  answered: number;
}

/** Which asks a staff report counts: a time range, and optionally one region and answered or not. */
export interface ReportFilter {
  /** ISO timestamp: asks before it are left out. */
  since: string;
  /** ISO timestamp: asks at or after it are left out; absent: up to now. */
  until?: string;
  /** Only asks logged with this region (LoggedQuestion.region). */
  region?: string | null;
  /** Only answered, or only unanswered, asks; absent or null: all. */
  status?: AnswerStatus | null;
}

export type AnswerStatus = 'answered' | 'unanswered';

/** The window and size of a staff report. */
export interface ReportWindow extends ReportFilter {
  limit: number;
}

/** A filter as given: a bare ISO `since` (the older form) or a ReportFilter. */
export type ReportFilterArg = string | ReportFilter;

/**
 * The WHERE clause (over `questions`) and its parameters for a filter: shared by the Node and D1 logs so
 * both count the same asks.
 */
export function reportWhere(filter: ReportFilterArg): { sql: string; params: unknown[] } {
  const f: ReportFilter = typeof filter === 'string' ? { since: filter } : filter;
  const parts = ['asked_at >= ?'];
  const params: unknown[] = [f.since];
  if (f.until) {
    parts.push('asked_at < ?');
    params.push(f.until);
  }
  if (f.region) {
    parts.push('region = ?');
    params.push(f.region);
  }
  if (f.status === 'answered') parts.push('answered = 1');
  else if (f.status === 'unanswered') parts.push('answered = 0');
  return { sql: parts.join(' AND '), params };
}

/** Most characters of an answer the log keeps. */
export const ANSWER_LOG_CHARS = 300;

/** An answer as the log keeps it: masked like a question (redactQuestion), then at most ANSWER_LOG_CHARS characters (… marks a cut). */
export function answerForLog(answer: string | null | undefined): string | null {
  if (!answer) return null;
  const masked = [...redactQuestion(answer)];
  return masked.length > ANSWER_LOG_CHARS ? masked.slice(0, ANSWER_LOG_CHARS - 1).join('') + '…' : masked.join('');
}

/** The region a logged question is about: the first it named (广东 → 广东省), else its first citation's document's; null if neither. */
export function logRegion(named: readonly string[], firstCitationRegion: string | null | undefined): string | null {
  const region = named[0] ?? firstCitationRegion ?? null;
  return region ? region.slice(0, 40) : null;
}

type MaybePromise<T> = T | Promise<T>;

/** What /admin reads from a log. A log without it (or a failing one) shows no reports. */
export interface QueryLogReports {
  /** The regions logged with the asks in the range (`region` of the filter is ignored), for /admin's region filter. Optional. */
  regions?(filter: ReportFilterArg): MaybePromise<string[]>;
  mostAsked(window: ReportWindow): MaybePromise<QuestionStat[]>;
  /** Questions asked and not answered (没有找到答案). */
  unanswered(window: ReportWindow): MaybePromise<QuestionStat[]>;
  /** Answered questions whose recorded confidence was below `below`. */
  lowConfidence(window: ReportWindow, below: number): MaybePromise<QuestionStat[]>;
  /** Questions that got 有用/没用, most 没用 first. */
  feedbackQuestions(window: ReportWindow): MaybePromise<QuestionStat[]>;
  feedbackSummary(filter: ReportFilterArg): MaybePromise<FeedbackSummary>;
  /** Asks per day, oldest first; days without asks are left out (see fillDays). */
  daily(filter: ReportFilterArg): MaybePromise<DailyVolume[]>;
  /** Deletes entries asked before the retention period; returns how many. */
  prune(): MaybePromise<number>;
}

// ---- The reports' SQL, the same on Node (SQLite) and D1 (src/adapters/*/query-log.ts) ----
// (PostgreSQL, for LOG_URL: the same reports in its dialect, query-log-postgres.ts.)

/**
 * One group of asks (by question_key), as the staff reports show it. The wording, first citation, answer and
 * region are the group's latest ask's among the filtered ones: SQLite takes a bare column from the row that
 * holds the query's one MAX() (as D1 does: it is SQLite).
 */
export const STAT_COLUMNS = `MAX(asked_at) AS lastAsked, question, first_citation AS firstCitation, answer, region, answered AS lastAnswered,
  COUNT(*) AS count, SUM(answered) AS answered, AVG(confidence) AS avgConfidence,
  AVG(latency_ms) AS avgLatencyMs, COALESCE(SUM(useful = 1), 0) AS useful, COALESCE(SUM(useful = 0), 0) AS notUseful`;

/** The SELECT of a staff list: `extra` narrows the filter's asks further; ORDER BY `order`; the last parameter is the limit. */
export function statsQuery(window: ReportWindow, extra: string, extraParams: unknown[], order: string): { sql: string; params: unknown[] } {
  const where = reportWhere(window);
  return {
    sql: `SELECT ${STAT_COLUMNS} FROM questions WHERE ${where.sql}${extra ? ` AND ${extra}` : ''} GROUP BY question_key ORDER BY ${order} LIMIT ?`,
    params: [...where.params, ...extraParams, window.limit],
  };
}

/** A stats row as SQLite returns it, with numbers as numbers. */
export function statFromRow(r: QuestionStat): QuestionStat {
  return {
    question: r.question,
    count: Number(r.count),
    answered: Number(r.answered),
    lastAsked: r.lastAsked,
    avgConfidence: r.avgConfidence === null ? null : Number(r.avgConfidence),
    avgLatencyMs: Number(r.avgLatencyMs),
    useful: Number(r.useful),
    notUseful: Number(r.notUseful),
    firstCitation: r.firstCitation ?? null,
    answer: r.answer ?? null,
    region: r.region ?? null,
    lastAnswered: r.lastAnswered === undefined || r.lastAnswered === null ? undefined : Boolean(Number(r.lastAnswered)),
  };
}

/** The lists of /admin: the extra condition and order of each (shared by the D1 log). */
export const STAT_LISTS = {
  mostAsked: { extra: '', order: 'count DESC, lastAsked DESC' },
  unanswered: { extra: 'answered = 0', order: 'count DESC, lastAsked DESC' },
  lowConfidence: { extra: 'answered = 1 AND confidence IS NOT NULL AND confidence < ?', order: 'count DESC, avgConfidence ASC, lastAsked DESC' },
  feedback: { extra: 'useful IS NOT NULL', order: 'notUseful DESC, count DESC, lastAsked DESC' },
} as const;

export const FEEDBACK_SUMMARY_SQL = (where: string) =>
  `SELECT COUNT(*) AS asked, COALESCE(SUM(useful = 1), 0) AS useful, COALESCE(SUM(useful = 0), 0) AS notUseful FROM questions WHERE ${where}`;
/** Days in China Standard Time (UTC+8), the portal's own. */
export const DAILY_SQL = (where: string) =>
  `SELECT substr(datetime(asked_at, '+8 hours'), 1, 10) AS day, COUNT(*) AS asked, SUM(answered) AS answered FROM questions WHERE ${where} GROUP BY day ORDER BY day`;
export const REGIONS_SQL = (where: string) => `SELECT DISTINCT region FROM questions WHERE ${where} AND region IS NOT NULL ORDER BY region LIMIT 200`;

export function hasReports(log: QueryLog | undefined): log is QueryLog & QueryLogReports {
  return !!log && typeof (log as Partial<QueryLogReports>).mostAsked === 'function' && typeof (log as Partial<QueryLogReports>).daily === 'function';
}

/** The day (YYYY-MM-DD, UTC+8: the portal's visitors and staff are in China) of an instant. */
export function chinaDay(at: Date | number): string {
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An instant as China Standard Time, to the minute: 2024-03-03 23:59. */
export function chinaDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Daily volume with a row for every day from `since` to `until` (inclusive), zeros where nobody asked. */
export function fillDays(rows: DailyVolume[], since: Date, until: Date): DailyVolume[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DailyVolume[] = [];
  const last = chinaDay(until);
  for (let t = since.getTime(); ; t += 86_400_000) {
    const day = chinaDay(t);
    out.push(byDay.get(day) ?? { day, asked: 0, answered: 0 });
    if (day >= last || out.length > 3700) break;
  }
  return out;
}

/** The cut-off for a retention period: entries asked before it are deleted. */
export function retentionCutoff(days: number, now: number = Date.now()): string {
  return new Date(now - days * 86_400_000).toISOString();
}

/** What a masked phone, ID or account number or e-mail address becomes in the log. */
export const MASK = '＊＊＊';

/** Digits as people type them: ASCII, full-width, and Chinese read digit by digit (一三八…, 幺 for 1, 壹贰叁 …). */
const DIGIT_CHARS = '0-9０-９〇零一壹幺二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖';
const DIGIT_VALUE: Record<string, string> = {};
for (const [digit, chars] of Object.entries({ 0: '〇零', 1: '一壹幺', 2: '二贰貳两兩', 3: '三叁參', 4: '四肆', 5: '五伍', 6: '六陆陸', 7: '七柒', 8: '八捌', 9: '九玖' })) {
  for (const ch of chars) DIGIT_VALUE[ch] = digit;
}
for (let d = 0; d <= 9; d++) DIGIT_VALUE[String.fromCharCode(0xff10 + d)] = String(d);
/** What people put between the groups of a number they type: spaces, dots, dashes, underscores, slashes, brackets. */
const GROUP_SEPARATORS = '\\s.．_\\-－‐‑–—/／()（）·・';
/**
 * A number typed in groups: an opening bracket or + (as in (0662) or +86), digit groups joined by one or two
 * separators, and an ID number's final X. The digit and separator classes are disjoint, so the match is linear.
 */
const NUMBER_RUN = new RegExp(`[(（+＋]?[${DIGIT_CHARS}]+(?:[${GROUP_SEPARATORS}]{1,2}[${DIGIT_CHARS}]+)*(?:[${GROUP_SEPARATORS}]?[Xx×])?`, 'g');
const DIGIT_GROUP = new RegExp(`[${DIGIT_CHARS}]+`, 'g');
/** Units after a plain number that make it an amount (1500000元, 250000人), not an identifier. */
const AMOUNT_UNIT = /^[元万亿件人名个户家次项份台辆套吨亩米倍册所座栋间张条%％‰岁天]/;
/** An e-mail address, with an ASCII or full-width @ and dots. */
const EMAIL = /[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:[.．][A-Za-z0-9\-]+)+/g;

const groupValue = (group: string) => group.replace(/[^0-9]/g, (ch) => DIGIT_VALUE[ch] ?? ch);
const isYear = (group: string) => /^(?:19|20)\d\d$/.test(group);
const isMonthOrDay = (group: string) => /^\d{1,2}$/.test(group) && Number(group) <= 31;

/** Whether a number run is an identifier to mask: a phone, ID, account or landline number, not a date, span of years or amount. */
function isIdentifier(run: string, following: string): boolean {
  const groups = (run.match(DIGIT_GROUP) ?? []).map(groupValue);
  const digits = groups.reduce((n, g) => n + g.length, 0);
  if (digits < 6) return false;
  // 2021-2025, 2022-01-26, 2021.1—2021.12: years with months and days.
  if (groups.some(isYear) && groups.every((g) => isYear(g) || isMonthOrDay(g))) return false;
  // 1500000元 or 123456.5万元: a plain amount (no more than ten digits, so never a mobile number).
  if (digits <= 10 && /^[0-9０-９]+(?:[.．][0-9０-９]+)?$/.test(run) && AMOUNT_UNIT.test(following)) return false;
  return true;
}

/**
 * Masks what could identify a citizen in a question before it is stored: e-mail addresses, and phone, ID,
 * account and landline numbers — six or more digits, however they are typed: grouped by spaces, dots, dashes,
 * underscores, slashes or brackets (138.1234.5678, (138)1234/5678, 010-12345678, 440102 19900101 123X), in
 * full-width digits, or in Chinese digits read one by one (一三八一二三四五六七八). Ordinary numbers stay: counts
 * and amounts with their units (108件, 29.6%, 6万余名, 1500000元), years and spans of them (2021年, 2021-2025年),
 * dates, short numbers (12345热线) and numbers written with 十百千万 (第一百二十条).
 */
export function redactQuestion(question: string): string {
  const withoutEmail = question.includes('@') || question.includes('＠') ? question.replace(EMAIL, MASK) : question;
  return withoutEmail.replace(NUMBER_RUN, (run: string, at: number, text: string) =>
    isIdentifier(run, text.slice(at + run.length, at + run.length + 1)) ? MASK : run,
  );
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Random bytes drawn in blocks: one getRandomValues call per 680 ids instead of one per id. */
const randomPool = new Uint8Array(4080);
let randomAt = randomPool.length;
let idMs = NaN;
let idTime = '';

/**
 * An unguessable id: feedback cannot be attached to other people's questions by
 * counting. 24 hex digits: the millisecond it was made (12) then 48 random bits
 * (12). Knowing one id tells nothing about another: the random part must still
 * be guessed, ~2^47 tries for one id of a known millisecond. The time prefix
 * makes a log's ids grow, so its primary-key index is appended to instead of
 * rewritten at random pages (a busy server's log insert costs half as much).
 */
export function newQuestionId(now: number = Date.now()): string {
  if (randomAt + 6 > randomPool.length) {
    crypto.getRandomValues(randomPool);
    randomAt = 0;
  }
  const p = randomPool;
  const i = randomAt;
  randomAt += 6;
  // 48 bits of milliseconds (until the year 10889), as 12 hex digits; the last one reused within its millisecond.
  if (now !== idMs) {
    idMs = now;
    idTime = Math.floor(now).toString(16).padStart(12, '0').slice(-12);
  }
  return idTime + HEX[p[i]] + HEX[p[i + 1]] + HEX[p[i + 2]] + HEX[p[i + 3]] + HEX[p[i + 4]] + HEX[p[i + 5]];
}

export function isQuestionId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);
}

/** Questions that differ only in script, width, spacing or final punctuation count as one. */
export function questionKey(question: string): string {
  return compactForm(question).replace(/[?？!！。.,，;；:：、~～\s]+$/u, '');
}

/**
 * Questions fit to show other visitors as 热门问题: short, and with no contact details (web address, phone,
 * WeChat/QQ id, e-mail) or masked personal data (src/staff/popular-filter.ts).
 */
export function isShareableQuestion(question: string): boolean {
  return isPublishableQuestion(question);
}

/** Records without ever throwing or rejecting: a failed log write is dropped, the answer goes on. */
export function safeRecord(log: QueryLog | undefined, entry: LoggedQuestion): void {
  if (!log) return;
  try {
    const pending = log.record(entry);
    if (pending) pending.catch(() => undefined);
  } catch {
    // Dropped on purpose: the log is a convenience, the answer is the service.
  }
}

/** Popular questions by `rules` (popularRules(settings)), or none when the log is missing or failing. */
export async function safePopular(log: QueryLog | undefined, limit: number, rules?: PopularRules): Promise<PopularQuestion[]> {
  if (!log) return [];
  try {
    return (await log.popular(limit, rules)).filter((p) => isShareableQuestion(p.question));
  } catch {
    return [];
  }
}
