// The question log: what citizens asked, whether it was answered, and their
// 有用/没用 feedback. It feeds 热门问题 and suggestions, and the staff page
// /admin (QueryLogReports: most asked, unanswered, low confidence, feedback,
// daily volume). Runtimes provide the storage (SQLite on Node); the app calls it
// through the safe* helpers so that logging can never delay or fail an answer.
// No IP address, cookie or other visitor identifier is ever stored, long digit
// runs (phone and ID numbers) are masked before storage, and rows older than the
// retention period (LOG_RETENTION_DAYS) are deleted.
import { compactForm } from '../text/normalize.js';

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
}

export interface PopularQuestion {
  question: string;
  count: number;
}

export interface QueryLog {
  /** Stores an asked question. May defer the write; must not be awaited by answers. */
  record(entry: LoggedQuestion): void | Promise<void>;
  /** Attaches 有用 (true) / 没用 (false) to a logged question; false when the id is unknown. Later feedback replaces earlier. */
  feedback(id: string, useful: boolean): boolean | Promise<boolean>;
  /** The most asked answered questions, most asked first, each asked at least the configured minimum times. */
  popular(limit: number): PopularQuestion[] | Promise<PopularQuestion[]>;
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

/** The window and size of a staff report. */
export interface ReportWindow {
  /** ISO timestamp: asks before it are left out. */
  since: string;
  limit: number;
}

type MaybePromise<T> = T | Promise<T>;

/** What /admin reads from a log. A log without it (or a failing one) shows no reports. */
export interface QueryLogReports {
  mostAsked(window: ReportWindow): MaybePromise<QuestionStat[]>;
  /** Questions asked and not answered (没有找到答案). */
  unanswered(window: ReportWindow): MaybePromise<QuestionStat[]>;
  /** Answered questions whose recorded confidence was below `below`. */
  lowConfidence(window: ReportWindow, below: number): MaybePromise<QuestionStat[]>;
  /** Questions that got 有用/没用, most 没用 first. */
  feedbackQuestions(window: ReportWindow): MaybePromise<QuestionStat[]>;
  feedbackSummary(since: string): MaybePromise<FeedbackSummary>;
  /** Asks per day, oldest first; days without asks are left out (see fillDays). */
  daily(since: string): MaybePromise<DailyVolume[]>;
  /** Deletes entries asked before the retention period; returns how many. */
  prune(): MaybePromise<number>;
}

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

/**
 * Masks runs of six or more digits (spaces and hyphens allowed inside): phone,
 * ID and account numbers that a citizen may type into a question are not kept.
 * Years (2021年), counts and 12345 stay.
 */
export function redactQuestion(question: string): string {
  return question.replace(/[0-9０-９](?:[\s\-－]?[0-9０-９]){5,}/g, '＊＊＊');
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
 * Questions fit to show other visitors as 热门问题: a question with a long run of
 * digits may carry a phone or ID number, and very long ones are rarely shared.
 */
export function isShareableQuestion(question: string): boolean {
  return [...question].length <= 60 && !/\d{6,}/.test(question.replace(/\s+/g, ''));
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

/** Popular questions, or none when the log is missing or failing. */
export async function safePopular(log: QueryLog | undefined, limit: number): Promise<PopularQuestion[]> {
  if (!log) return [];
  try {
    return (await log.popular(limit)).filter((p) => isShareableQuestion(p.question));
  } catch {
    return [];
  }
}
