// The question log's SQL in PostgreSQL's dialect, for the shared log of Node
// replicas (LOG_URL=postgres://…, src/adapters/node/pg-query-log.ts). Beside the
// SQLite/D1 forms (query-log.ts, popular.ts) and with the same report semantics.
// Where the dialects agree the shared statement is used as it is, its `?`
// placeholders numbered ($1, $2 …: pgPlaceholders); where they differ the form
// here replaces it:
// - a group's latest wording, answer, region … : SQLite takes a bare column from
//   the row holding the query's one MAX(); PostgreSQL refuses bare columns, so
//   the rows are numbered newest first within their question (row_number(), over
//   the filtered rows, as SQLite's MAX() sees them) and the group takes the value
//   of its row 1 (at 100,000 rows 280–360 ms against 410–610 ms for
//   (array_agg(… ORDER BY asked_at DESC))[1], interleaved runs);
// - SUM(useful = 1) (a boolean summed) becomes COUNT(*) FILTER (WHERE useful = 1);
// - HAVING on the select list's aliases becomes WHERE over a subquery;
// - datetime(asked_at, '+8 hours') becomes a cast and an interval;
// - ORDER BY state = 'pinned' DESC would put NULLs first in PostgreSQL: IS NOT
//   DISTINCT FROM makes it a plain boolean.
// PostgreSQL folds unquoted aliases to lower case, so the shared ORDER BY lists
// (STAT_LISTS: lastAsked, avgConfidence …) name them alike; pgRow gives the rows
// their camelCase keys back.
import { reportWhere, type ReportFilterArg, type ReportWindow } from './query-log.js';

/** `?` placeholders numbered from $1 (the shared SQL has no `?` inside a literal: tests/adapters/pg-query-log.test.ts). */
export function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A group's value of `column` at its latest ask (SQLite's bare column beside MAX(asked_at)): the row numbered 1 by NUMBERED. */
const latest = (column: string, q = '') => `MAX(${q}${column}) FILTER (WHERE ${q}rn = 1)`;

/** The rows of questions that match `where`, numbered (rn) newest first within each question key. */
const numbered = (where: string) =>
  `(SELECT *, row_number() OVER (PARTITION BY question_key ORDER BY asked_at DESC, id DESC) AS rn FROM questions${where ? ` WHERE ${where}` : ''})`;

/** STAT_COLUMNS (query-log.ts) in PostgreSQL. */
export const PG_STAT_COLUMNS = `MAX(asked_at) AS lastAsked, ${latest('question')} AS question, ${latest('first_citation')} AS firstCitation,
  ${latest('answer')} AS answer, ${latest('region')} AS region, ${latest('answered')} AS lastAnswered,
  COUNT(*) AS count, SUM(answered) AS answered, AVG(confidence) AS avgConfidence,
  AVG(latency_ms) AS avgLatencyMs, COUNT(*) FILTER (WHERE useful = 1) AS useful, COUNT(*) FILTER (WHERE useful = 0) AS notUseful`;

/** statsQuery (query-log.ts) in PostgreSQL: the same WHERE, list conditions, ORDER BY and parameters. */
export function pgStatsQuery(window: ReportWindow, extra: string, extraParams: unknown[], order: string): { sql: string; params: unknown[] } {
  const where = reportWhere(window);
  return {
    sql: pgPlaceholders(`SELECT ${PG_STAT_COLUMNS} FROM ${numbered(where.sql + (extra ? ` AND ${extra}` : ''))} q GROUP BY question_key ORDER BY ${order} LIMIT ?`),
    params: [...where.params, ...extraParams, window.limit],
  };
}

/** reportWhere with numbered placeholders, starting at $1. */
export function pgReportWhere(filter: ReportFilterArg): { sql: string; params: unknown[] } {
  const where = reportWhere(filter);
  return { sql: pgPlaceholders(where.sql), params: where.params };
}

export const PG_FEEDBACK_SUMMARY_SQL = (where: string) =>
  `SELECT COUNT(*) AS asked, COUNT(*) FILTER (WHERE useful = 1) AS useful, COUNT(*) FILTER (WHERE useful = 0) AS notUseful FROM questions WHERE ${where}`;

/** The day in China Standard Time (UTC+8) of an ISO time column, as YYYY-MM-DD. */
const chinaDaySql = (column: string) => `to_char((${column})::timestamptz AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD')`;

export const PG_DAILY_SQL = (where: string) =>
  `SELECT ${chinaDaySql('asked_at')} AS day, COUNT(*) AS asked, SUM(answered) AS answered FROM questions WHERE ${where} GROUP BY day ORDER BY day`;

/** CANDIDATE_SELECT (popular.ts) in PostgreSQL. */
const PG_CANDIDATE_SELECT = `SELECT q.question_key AS questionKey, ${latest('question', 'q.')} AS question, MAX(q.asked_at) AS lastAsked,
  ${latest('answered', 'q.')} AS lastAnswered, ${latest('confidence', 'q.')} AS lastConfidence, COUNT(*) AS asks,
  COUNT(DISTINCT q.client_hash) AS clients,
  COUNT(DISTINCT CASE WHEN q.client_hash IS NOT NULL THEN ${chinaDaySql('q.asked_at')} END) AS days,
  COUNT(DISTINCT CASE WHEN q.useful = 1 THEN COALESCE(q.client_hash, q.id) END) AS usefulVotes,
  COUNT(DISTINCT CASE WHEN q.useful = 0 THEN COALESCE(q.client_hash, q.id) END) AS notUsefulVotes,
  (SELECT d.state FROM popular_decisions d WHERE d.question_key = q.question_key) AS state
FROM ${numbered('')} q GROUP BY q.question_key`;

/** POPULAR_SQL (popular.ts) in PostgreSQL; parameters: popularParams. */
export const PG_POPULAR_SQL = `SELECT * FROM (${PG_CANDIDATE_SELECT}) c
WHERE lastAnswered = 1 AND notUsefulVotes <= usefulVotes AND lastConfidence >= $1
  AND (state = 'pinned' OR (COALESCE(state, '') <> 'hidden' AND ($2 = 0 OR state = 'approved') AND clients >= $3 AND days >= $4))
ORDER BY (state IS NOT DISTINCT FROM 'pinned') DESC, clients DESC, lastAsked DESC
LIMIT $5`;

/** POPULAR_CANDIDATES_SQL (popular.ts) in PostgreSQL; parameters: since, limit. */
export const PG_POPULAR_CANDIDATES_SQL = `SELECT * FROM (${PG_CANDIDATE_SELECT}) c
WHERE (lastAsked >= $1 AND lastAnswered = 1) OR state IS NOT NULL
ORDER BY (state IS NOT DISTINCT FROM 'pinned') DESC, clients DESC, days DESC, lastAsked DESC
LIMIT $2`;

/** The camelCase aliases of the statements above and the shared ones, by the lower-case names PostgreSQL returns. */
const CAMEL = new Map(
  ['lastAsked', 'firstCitation', 'lastAnswered', 'avgConfidence', 'avgLatencyMs', 'notUseful', 'questionKey', 'lastConfidence', 'usefulVotes', 'notUsefulVotes'].map(
    (name) => [name.toLowerCase(), name],
  ),
);

/** A row with its camelCase keys back (numbers stay as the driver gives them: the shared *FromRow functions convert). */
export function pgRow<T = Record<string, unknown>>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[CAMEL.get(key) ?? key] = value;
  return out as T;
}
