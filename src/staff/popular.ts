// 热门问题 that no anonymous client can write (issue #16). A question is shown
// on the home page, in 猜你想问 and as 相关问题 only when
// - distinct clients asked it (POPULAR_MIN_COUNT) on distinct days
//   (POPULAR_MIN_DAYS): clients are told apart by a short salted hash whose salt
//   changes every day (client-hash.ts), so no address is stored and nobody can be
//   followed from one day to the next;
// - its latest answer was given (not 没有找到答案), with a recorded confidence at
//   or above LOW_CONFIDENCE and at least POPULAR_CONFIDENCE_MARGIN above the
//   answer threshold MIN_CONFIDENCE (an answer only just given is no 热门问题;
//   entries from before confidence was logged have none and are not shown), and
//   no more clients found it 没用 than 有用 (issue #17);
// - it carries no contact details (popular-filter.ts);
// - staff approved it on /admin when POPULAR_NEEDS_APPROVAL is on (the default).
// Staff may also pin a question (shown first, whatever its counts; the content
// and answer checks still apply) or hide it (never shown). Decisions live in the
// log database (popular_decisions, migrations/0003_popular.sql), keyed by
// questionKey. The SQL is here, beside the rules, because the Node SQLite log and
// the D1 log run the very same statements on the very same schema (the
// PostgreSQL log of LOG_URL: their PostgreSQL forms, query-log-postgres.ts).
import type { Settings } from '../settings.js';
import { contactDetails, POPULAR_MAX_CHARS } from './popular-filter.js';

/** A staff decision on one question (by its questionKey). */
export type PopularState = 'pinned' | 'approved' | 'hidden';

/** What the /admin buttons post: `clear` removes the decision (back to the counts and approval). */
export const POPULAR_ACTIONS = { pin: 'pinned', approve: 'approved', hide: 'hidden', clear: null } as const;
export type PopularAction = keyof typeof POPULAR_ACTIONS;

export function isPopularAction(value: unknown): value is PopularAction {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(POPULAR_ACTIONS, value);
}

/** The settings a popular list is chosen by. */
export interface PopularRules {
  /** Distinct client hashes that asked it (POPULAR_MIN_COUNT). */
  minClients: number;
  /** Distinct days (China time) on which it was asked (POPULAR_MIN_DAYS). */
  minDays: number;
  /** Shown only once approved or pinned (POPULAR_NEEDS_APPROVAL). */
  needsApproval: boolean;
  /** Latest answer's confidence below this (or none recorded) keeps it off: popularConfidence(LOW_CONFIDENCE, MIN_CONFIDENCE). */
  lowConfidence: number;
}

/** How far above the answer threshold (MIN_CONFIDENCE) a popular question's answer must be. */
export const POPULAR_CONFIDENCE_MARGIN = 0.15;

/** The confidence a popular question's latest answer needs: LOW_CONFIDENCE, and never less than MIN_CONFIDENCE plus the margin. */
export function popularConfidence(lowConfidence: number, minConfidence = 0): number {
  return Math.max(lowConfidence, Math.min(1, minConfidence + POPULAR_CONFIDENCE_MARGIN));
}

export function popularRules(
  settings: Pick<Settings, 'POPULAR_MIN_COUNT' | 'POPULAR_MIN_DAYS' | 'POPULAR_NEEDS_APPROVAL' | 'LOW_CONFIDENCE'> & Partial<Pick<Settings, 'MIN_CONFIDENCE'>>,
): PopularRules {
  return {
    minClients: settings.POPULAR_MIN_COUNT,
    minDays: settings.POPULAR_MIN_DAYS,
    needsApproval: settings.POPULAR_NEEDS_APPROVAL,
    lowConfidence: popularConfidence(settings.LOW_CONFIDENCE, settings.MIN_CONFIDENCE),
  };
}

/** One question (grouped by questionKey) as staff weigh it for the popular list. */
export interface PopularCandidate {
  key: string;
  /** The latest wording. */
  question: string;
  /** Every logged ask. */
  asks: number;
  /** Distinct client hashes (a client counts once a day; asks without a hash do not count). */
  clients: number;
  /** Distinct days with an ask that has a client hash. */
  days: number;
  /** Whether the latest ask was answered. */
  answered: boolean;
  /** The latest ask's confidence (null in entries from before it was logged). */
  confidence: number | null;
  /** Distinct clients who found it 有用 / 没用. */
  useful: number;
  notUseful: number;
  /** ISO timestamp of the latest ask. */
  lastAsked: string;
  state: PopularState | null;
}

/** Whether a candidate is shown, or the first reason it is not. */
export type PopularVerdict = 'shown' | 'hidden' | 'contact' | 'refused' | 'lowConfidence' | 'votedDown' | 'tooFew' | 'awaitingApproval';

/** The rules applied to one candidate: what /admin shows beside it, and the last check of every list shown. */
export function popularVerdict(c: PopularCandidate, rules: PopularRules): PopularVerdict {
  if (c.state === 'hidden') return 'hidden';
  if ([...c.question].length > POPULAR_MAX_CHARS || contactDetails(c.question) !== null) return 'contact';
  if (!c.answered) return 'refused';
  if (c.confidence === null || c.confidence < rules.lowConfidence) return 'lowConfidence';
  if (c.notUseful > c.useful) return 'votedDown';
  if (c.state === 'pinned') return 'shown';
  if (c.clients < rules.minClients || c.days < rules.minDays) return 'tooFew';
  if (rules.needsApproval && c.state !== 'approved') return 'awaitingApproval';
  return 'shown';
}

type MaybePromise<T> = T | Promise<T>;

/** What /admin needs of a log to let staff pin, approve and hide. */
export interface PopularCuration {
  /** Questions last asked since `since` (and every decided one), pinned first, then by clients. */
  popularCandidates(since: string, limit: number): MaybePromise<PopularCandidate[]>;
  /** Records a decision (null: removes it). */
  decidePopular(key: string, state: PopularState | null): MaybePromise<void>;
}

export function hasPopularCuration<T extends object>(log: T | undefined): log is T & PopularCuration {
  return !!log && typeof (log as Partial<PopularCuration>).popularCandidates === 'function' && typeof (log as Partial<PopularCuration>).decidePopular === 'function';
}

/**
 * One row per question key, its wording, answer and confidence those of its latest ask: SQLite gives the bare
 * columns of an aggregate query with a single MAX() the values of the row that has the maximum (D1 is SQLite).
 * The decision comes by a subquery per group rather than a join, which would look it up for every row.
 * The aliases differ from the table's column names (answered, useful, …): HAVING would read those instead.
 */
const CANDIDATE_SELECT = `SELECT q.question_key AS questionKey, q.question AS question, MAX(q.asked_at) AS lastAsked,
  q.answered AS lastAnswered, q.confidence AS lastConfidence, COUNT(*) AS asks,
  COUNT(DISTINCT q.client_hash) AS clients,
  COUNT(DISTINCT CASE WHEN q.client_hash IS NOT NULL THEN substr(datetime(q.asked_at, '+8 hours'), 1, 10) END) AS days,
  COUNT(DISTINCT CASE WHEN q.useful = 1 THEN COALESCE(q.client_hash, q.id) END) AS usefulVotes,
  COUNT(DISTINCT CASE WHEN q.useful = 0 THEN COALESCE(q.client_hash, q.id) END) AS notUsefulVotes,
  (SELECT d.state FROM popular_decisions d WHERE d.question_key = q.question_key) AS state
FROM questions q GROUP BY q.question_key`;

/**
 * The popular list (parameters: popularParams): every rule but the contact filter, which runs on the rows
 * (popularFromRows). Cheap conditions first: SQLite stops at the first false one.
 */
export const POPULAR_SQL = `${CANDIDATE_SELECT}
HAVING lastAnswered = 1 AND notUsefulVotes <= usefulVotes AND lastConfidence >= ?
   AND (state = 'pinned' OR (COALESCE(state, '') <> 'hidden' AND (? = 0 OR state = 'approved') AND clients >= ? AND days >= ?))
ORDER BY state = 'pinned' DESC, clients DESC, lastAsked DESC
LIMIT ?`;

/** The parameters of POPULAR_SQL; a few more rows than wanted, for those the contact filter removes. */
export function popularParams(rules: PopularRules, limit: number): unknown[] {
  return [rules.lowConfidence, rules.needsApproval ? 1 : 0, rules.minClients, rules.minDays, limit * 2 + 20];
}

/** /admin's list (parameters: since, limit): answered questions asked in the window, and every decided one. */
export const POPULAR_CANDIDATES_SQL = `${CANDIDATE_SELECT}
HAVING (lastAsked >= ? AND lastAnswered = 1) OR state IS NOT NULL
ORDER BY state = 'pinned' DESC, clients DESC, days DESC, lastAsked DESC
LIMIT ?`;

/** Records a decision (parameters: key, state, decided_at). */
export const POPULAR_DECIDE_SQL = `INSERT INTO popular_decisions (question_key, state, decided_at) VALUES (?, ?, ?)
ON CONFLICT (question_key) DO UPDATE SET state = excluded.state, decided_at = excluded.decided_at`;
/** Removes a decision (parameter: key). */
export const POPULAR_CLEAR_SQL = 'DELETE FROM popular_decisions WHERE question_key = ?';

const STATES = new Set<unknown>(['pinned', 'approved', 'hidden']);

/** A row of CANDIDATE_SELECT as a candidate (SQLite and D1 return numbers and strings loosely typed). */
export function candidateFromRow(row: Record<string, unknown>): PopularCandidate {
  return {
    key: String(row.questionKey),
    question: String(row.question),
    asks: Number(row.asks),
    clients: Number(row.clients),
    days: Number(row.days),
    answered: Number(row.lastAnswered) === 1,
    confidence: row.lastConfidence === null || row.lastConfidence === undefined ? null : Number(row.lastConfidence),
    useful: Number(row.usefulVotes),
    notUseful: Number(row.notUsefulVotes),
    lastAsked: String(row.lastAsked),
    state: STATES.has(row.state) ? (row.state as PopularState) : null,
  };
}

/** The rows of POPULAR_SQL as the shown list: each checked again in full (the contact filter included), `count` = clients. */
export function popularFromRows(rows: Record<string, unknown>[], rules: PopularRules, limit: number): { question: string; count: number }[] {
  const out: { question: string; count: number }[] = [];
  for (const row of rows) {
    const c = candidateFromRow(row);
    if (popularVerdict(c, rules) === 'shown') out.push({ question: c.question, count: c.clients });
    if (out.length >= limit) break;
  }
  return out;
}

/** A key fit to decide on: what questionKey makes of a question, within reason. */
export function isPopularKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 2000;
}
