// The question log in PostgreSQL (LOG_URL=postgres://…), shared by any number of
// Node replicas behind a load balancer: questions, feedback, 热门问题 with the
// staff's decisions, and /admin's reports then count every replica's visitors,
// not the half that one replica saw. (Teachings: pg-teachings-store.ts.) It
// behaves as the SQLite log (query-log.ts) does, through the maintained `pg`
// driver:
// - an answer never waits for the database: questions are queued in memory and
//   written in one multi-row INSERT every flushMs (at once when flushRows wait),
//   one batch after another; anything that reads the log (feedback, popular,
//   the reports) and close() write this replica's queue first;
// - a database that cannot be reached, migrated or written at start-up stops the
//   server with one line (openPgQueryLog → PgQueryLogOpenError, the URL's
//   password masked); a write that fails while serving drops its rows, is
//   logged as one JSON line (again at most once a minute while it lasts, and
//   when writing works again) and shows on /admin (writeFailure), never a stack;
// - the same masking (redactQuestion, answerForLog), retention (prune at start
//   and at most hourly), popular rules and report semantics, by the PostgreSQL
//   forms of the shared SQL (src/staff/query-log-postgres.ts).
// Across replicas: a question asked on replica A is in the database within
// flushMs; feedback posted to B for it, while A may still hold it queued, is
// tried again every 200 ms for up to peerFlushWaitMs (2 s). Each replica caches its popular list
// for popularCacheMs (30 s), so a new 热门问题 or a staff decision made on one
// replica shows on the others within that time.
// The schema is migrations/postgres/*.sql (one per SQLite/D1 file, same names),
// applied in order at start-up in one transaction under an advisory lock, so two
// replicas starting at once apply each file once, and recorded in
// policy_qa_migrations.
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from '../../app/deps.js';
import { PolicyQaError } from '../../errors.js';
import {
  answerForLog,
  questionKey,
  REGIONS_SQL,
  redactQuestion,
  retentionCutoff,
  statFromRow,
  STAT_LISTS,
  type DailyVolume,
  type FeedbackOutcome,
  type FeedbackSummary,
  type LoggedQuestion,
  type PopularQuestion,
  type QueryLog,
  type QueryLogReports,
  type QueryLogWriteFailure,
  type QuestionStat,
  type ReportFilterArg,
  type ReportWindow,
} from '../../staff/query-log.js';
import {
  candidateFromRow,
  popularFromRows,
  popularParams,
  popularRules,
  POPULAR_CLEAR_SQL,
  POPULAR_DECIDE_SQL,
  type PopularCandidate,
  type PopularCuration,
  type PopularRules,
  type PopularState,
} from '../../staff/popular.js';
import {
  pgPlaceholders,
  pgReportWhere,
  pgRow,
  pgStatsQuery,
  PG_DAILY_SQL,
  PG_FEEDBACK_SUMMARY_SQL,
  PG_POPULAR_CANDIDATES_SQL,
  PG_POPULAR_SQL,
} from '../../staff/query-log-postgres.js';
import { DEFAULT_SETTINGS } from '../../settings.js';
import { projectRoot } from './project-root.js';
import { questionLogMigrations, type Migration } from './query-log.js';

export interface PgQueryLogOptions {
  /** Distinct clients that must have asked a question for it to be popular, when popular() is given no rules. */
  popularMinCount: number;
  /** How long popular() reuses its last result (the GROUP BY scans the log); stale lists are refreshed in the background. */
  popularCacheMs: number;
  /** Queued and unwritten questions beyond this are dropped (a stuck database must not grow memory). */
  maxQueued: number;
  /** How long a question may wait in memory before it is written. */
  flushMs: number;
  /** This many waiting questions are written at once. */
  flushRows: number;
  /** Entries older than this many days are deleted (LOG_RETENTION_DAYS). */
  retentionDays: number;
  /** How often writing also prunes expired entries. */
  pruneIntervalMs: number;
  /** The clock (tests move it). */
  now: () => number;
  /** A vote on a recent id no replica has written yet is tried again (every PEER_POLL_MS) for this long: another replica's flushMs and some. 0: never. */
  peerFlushWaitMs: number;
  /** How long a read (a report, a vote) waits for this replica's queued questions to be written first. */
  waitMs: number;
  /** Where write failures are reported (one JSON line each); without it, one line on stderr. */
  logger?: Logger;
  /** While writes keep failing, the failure is logged again at most this often, with the rows lost so far. */
  failureLogIntervalMs: number;
}

const DEFAULT_OPTIONS: PgQueryLogOptions = {
  popularMinCount: 3,
  popularCacheMs: 30_000,
  maxQueued: 10_000,
  flushMs: 1000,
  flushRows: 500,
  retentionDays: DEFAULT_SETTINGS.LOG_RETENTION_DAYS,
  pruneIntervalMs: 3600_000,
  now: () => Date.now(),
  peerFlushWaitMs: 2000,
  waitMs: 5000,
  failureLogIntervalMs: 60_000,
};

/** How often a vote for a question another replica may still hold is tried again. */
const PEER_POLL_MS = 200;
/** Connections per replica: writes go one batch at a time, so a few serve the staff reads beside them. */
const POOL_SIZE = 4;
/** Rows per INSERT statement. */
const INSERT_CHUNK = 2000;
/**
 * One statement for many rows: each column a parameter of its own, an array, unnested into rows (13 parameters
 * whatever the row count, one parse per batch: 1.6× the rows per second of multi-row VALUES in bench/pg-log.ts).
 * A question already there (same id) is left as it is.
 */
const INSERT = `INSERT INTO questions (id, asked_at, question, question_key, answered, first_citation, latency_ms, confidence, lang, channel, client_hash, answer, region)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::double precision[], $8::double precision[],
  $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
ON CONFLICT (id) DO NOTHING`;
const RATE = 'UPDATE questions SET useful = $1, feedback_at = $2 WHERE id = $3 AND useful IS NULL';
const EXISTS = 'SELECT 1 FROM questions WHERE id = $1';
/** The table the applied migrations are recorded in. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS policy_qa_migrations (
  id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/** INSERT's parameters for `rows`: one array per column, in column order. */
function insertParams(rows: LoggedQuestion[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 13 }, () => new Array<unknown>(rows.length));
  rows.forEach((r, i) => {
    const values = [
      r.id,
      r.askedAt,
      r.question,
      r.key,
      r.answered ? 1 : 0,
      r.firstCitation,
      r.latencyMs,
      r.confidence ?? null,
      r.lang,
      r.channel,
      r.clientHash ?? null,
      r.answer ?? null,
      r.region ?? null,
    ];
    for (let c = 0; c < values.length; c++) columns[c][i] = values[c];
  });
  return columns;
}

/** The PostgreSQL migrations: migrations/postgres/*.sql in name order. */
export function pgMigrations(dir = join(projectRoot(), 'migrations', 'postgres')): Migration[] {
  return questionLogMigrations(dir);
}

/**
 * Applies the migrations policy_qa_migrations does not list, in one transaction that first takes an advisory
 * lock: a replica starting beside another waits for it, then finds its files recorded. Returns the names applied.
 */
export async function applyPgMigrations(pool: pg.Pool, migrations: Migration[] = pgMigrations()): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('policy-qa migrations'))`);
    await client.query(MIGRATIONS_TABLE);
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM policy_qa_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      try {
        await client.query(m.sql);
      } catch (err) {
        throw new Error(`migration ${m.name} failed: ${errorText(err)}`);
      }
      await client.query('INSERT INTO policy_qa_migrations (name) VALUES ($1)', [m.name]);
      applied.push(m.name);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A driver error as one line: Node's AggregateError (every address of `localhost` refused) has no message of its own. */
export function errorText(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return [...new Set(err.errors.map((e) => errorText(e)))].join('; ');
  const e = err as { message?: string; code?: string };
  return (e.message || e.code || String(err)).split('\n')[0];
}

/** The URL as it may be printed: the password (in the user part or as ?password=) replaced by ***. */
export function maskedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** A pool on LOG_URL for the log and the teachings: connecting and each statement time out rather than hold a request forever. */
export function openPool(url: string, onError: (message: string) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: 5000,
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
    application_name: 'policy-qa',
  });
  // An idle connection the server drops (a restart) must not crash the process: the next query reconnects.
  pool.on('error', (err) => onError(`question log: a PostgreSQL connection failed: ${errorText(err)}`));
  return pool;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref?.());

export class PgQueryLog implements QueryLog, QueryLogReports, PopularCuration {
  private readonly options: PgQueryLogOptions;
  private queue: LoggedQuestion[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushSoon = false;
  /** The batches handed over, one after another: settles when the last one has been written (or dropped). */
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private popularCache: { at: number; limit: number; rules: string; items: PopularQuestion[] } | null = null;
  private popularRefreshing = false;
  private lastPrune = 0;
  private failure: QueryLogWriteFailure | null = null;
  private failureLoggedAt = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private lastAsked = '';
  private lastRedacted = '';
  /** undefined: nothing yet (an answer is a string or null). */
  private lastAnswer: string | null | undefined = undefined;
  private lastAnswerLogged: string | null = null;

  constructor(
    readonly pool: pg.Pool,
    /** The database as it may be printed (maskedUrl). */
    readonly target: string,
    options: Partial<PgQueryLogOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Proves the database takes writes (not a read-only standby, INSERT/UPDATE granted), without changing a row. Throws if not. */
  async probeWrite(): Promise<void> {
    await this.pool.query('UPDATE questions SET useful = useful WHERE false');
  }

  record(entry: LoggedQuestion): void {
    if (this.closed) return;
    if (this.queue.length + this.inFlight >= this.options.maxQueued) {
      // The writes are not keeping up (or are stuck): this question is lost, and counted.
      this.writeFailed('the write queue is full', 1, this.failure?.failing ?? false);
      return;
    }
    // Phone and ID numbers are masked before anything leaves this process; the answer is masked and bounded.
    // The last wording and answer are remembered: a question in the news arrives over and over, the same string.
    if (entry.question !== this.lastAsked) {
      this.lastAsked = entry.question;
      this.lastRedacted = redactQuestion(entry.question);
    }
    const answer = entry.answer ?? null;
    if (answer !== this.lastAnswer) {
      this.lastAnswer = answer;
      this.lastAnswerLogged = answerForLog(answer);
    }
    const logged = { ...entry, answer: this.lastAnswerLogged };
    if (this.lastRedacted !== entry.question) {
      logged.question = this.lastRedacted;
      logged.key = questionKey(this.lastRedacted);
    }
    this.queue.push(logged);
    if (this.queue.length >= this.options.flushRows) {
      if (!this.flushSoon) {
        this.flushSoon = true;
        setImmediate(() => void this.handOff());
      }
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.handOff(), this.options.flushMs);
      // A pending write must not keep the process alive: shutdown calls close(), which writes it.
      this.flushTimer.unref?.();
    }
  }

  /**
   * Hands the queue over and waits for it (or for `until`) to be written, at most waitMs: a database that hangs
   * must not hold a staff page or a vote for every batch queued behind it.
   */
  private async caughtUp(until: Promise<void> = this.handOff()): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([until, new Promise<void>((done) => (timer = setTimeout(done, this.options.waitMs)))]);
    clearTimeout(timer);
  }

  /** Writes this replica's queued questions now; resolves once they (and every batch before) are written or dropped. Never rejects. */
  flush(): Promise<void> {
    return this.handOff();
  }

  private handOff(): Promise<void> {
    this.flushSoon = false;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      this.inFlight += batch.length;
      this.writing = this.writing.then(() => this.write(batch)).finally(() => (this.inFlight -= batch.length));
    }
    if (this.options.now() - this.lastPrune >= this.options.pruneIntervalMs) {
      this.lastPrune = this.options.now();
      this.writing = this.writing.then(() => this.prune().then(() => undefined));
    }
    return this.writing;
  }

  /** Writes one batch, INSERT_CHUNK rows a statement; a failed statement drops its rows and the rest of the batch. */
  private async write(batch: LoggedQuestion[]): Promise<void> {
    let written = 0;
    try {
      while (written < batch.length) {
        const rows = batch.slice(written, written + INSERT_CHUNK);
        await this.pool.query(INSERT, insertParams(rows));
        written += rows.length;
      }
      this.writeRecovered();
    } catch (err) {
      this.writeFailed(errorText(err), batch.length - written);
    }
  }

  /**
   * A write failed (the driver's `reason`) and lost `dropped` rows: counted for /admin, logged at once, then at
   * most every failureLogIntervalMs while it lasts. `failing` false: rows lost while writing works (a full queue).
   */
  private writeFailed(reason: string, dropped: number, failing = true): void {
    const now = this.options.now();
    const first = this.failure === null || (!this.failure.failing && failing);
    if (this.failure === null) this.failure = { dropped: 0, since: new Date(now).toISOString(), failing, reason };
    this.failure.dropped += dropped;
    this.failure.reason = reason;
    if (failing) this.failure.failing = true;
    if (!first && now - this.failureLoggedAt < this.options.failureLogIntervalMs) return;
    this.failureLoggedAt = now;
    this.report('error', 'question log write failed; asked questions dropped', {
      error: reason,
      dropped,
      droppedSince: this.failure.dropped,
      since: this.failure.since,
    });
  }

  private writeRecovered(): void {
    if (!this.failure?.failing) return;
    this.failure.failing = false;
    this.report('warn', 'question log writing again', { droppedSince: this.failure.dropped, since: this.failure.since });
  }

  private report(level: 'warn' | 'error', msg: string, fields: Record<string, unknown>): void {
    const line = { database: this.target, ...fields };
    if (this.options.logger) this.options.logger[level](line, msg);
    else console.warn(JSON.stringify({ level, time: new Date().toISOString(), msg, ...line }));
  }

  /** Rows lost since the log opened (the database down, say), or null. /admin shows it. */
  writeFailure(): QueryLogWriteFailure | null {
    return this.failure && { ...this.failure };
  }

  /** Records 有用/没用 for a logged question, on whichever replica it was asked; the first vote on a question stands. */
  async feedback(id: string, useful: boolean): Promise<FeedbackOutcome> {
    // Asked here: its row is written first (one already handed over is ahead of the vote anyway).
    if (this.queue.some((e) => e.id === id)) await this.caughtUp();
    else await this.caughtUp(this.writing);
    let outcome = await this.rate(id, useful);
    // Asked a moment ago on another replica, whose queue may still hold it: looked for again until it has flushed.
    if (outcome === 'unknown' && this.recentId(id)) {
      // Real time (not options.now, which tests may hold still): this is a wait, not a date.
      const deadline = Date.now() + this.options.peerFlushWaitMs;
      while (outcome === 'unknown' && Date.now() < deadline) {
        await sleep(Math.min(PEER_POLL_MS, deadline - Date.now()));
        outcome = await this.rate(id, useful);
      }
    }
    // The id may be unknown because its question was dropped by a failing write.
    return outcome === 'unknown' && this.failure?.failing ? 'unavailable' : outcome;
  }

  /** Whether a question id (newQuestionId: its first 12 hex digits are the millisecond it was made) is recent enough to be queued elsewhere. */
  private recentId(id: string): boolean {
    const madeAt = parseInt(id.slice(0, 12), 16);
    const age = this.options.now() - madeAt;
    return Number.isFinite(madeAt) && age >= -60_000 && age < this.options.flushMs + this.options.peerFlushWaitMs + 60_000;
  }

  private async rate(id: string, useful: boolean): Promise<FeedbackOutcome> {
    try {
      if (((await this.pool.query(RATE, [useful ? 1 : 0, new Date(this.options.now()).toISOString(), id])).rowCount ?? 0) > 0) return 'saved';
      return ((await this.pool.query(EXISTS, [id])).rowCount ?? 0) > 0 ? 'already-rated' : 'unknown';
    } catch (err) {
      this.writeFailed(errorText(err), 0);
      return 'unavailable';
    }
  }

  /** The rules popular() applies when given none: the log's options, the settings' defaults for the rest. */
  private defaultRules(): PopularRules {
    return { ...popularRules(DEFAULT_SETTINGS), minClients: this.options.popularMinCount };
  }

  private async queryPopular(rules: PopularRules, limit: number): Promise<PopularQuestion[]> {
    const { rows } = await this.pool.query(PG_POPULAR_SQL, popularParams(rules, limit));
    return popularFromRows(rows.map((r) => pgRow(r)), rules, limit);
  }

  async popular(limit: number, rules: PopularRules = this.defaultRules()): Promise<PopularQuestion[]> {
    const now = Date.now();
    const cached = this.popularCache;
    const rulesKey = JSON.stringify(rules);
    const covers = cached !== null && cached.limit >= limit && cached.rules === rulesKey;
    if (covers && now - cached.at < this.options.popularCacheMs) return cached.items.slice(0, limit);
    // Stale: serve the last list while a fresh one is made (the GROUP BY scans the whole log).
    if (covers && this.options.popularCacheMs > 0) {
      if (!this.popularRefreshing) {
        this.popularRefreshing = true;
        void this.handOff()
          .then(() => this.queryPopular(rules, cached.limit))
          .then(
            (items) => (this.popularCache = { at: Date.now(), limit: cached.limit, rules: rulesKey, items }),
            () => undefined, // The stale list stays; the next call tries again.
          )
          .finally(() => (this.popularRefreshing = false));
      }
      return cached.items.slice(0, limit);
    }
    await this.caughtUp();
    const items = await this.queryPopular(rules, limit);
    this.popularCache = { at: now, limit, rules: rulesKey, items };
    return items;
  }

  /** /admin's candidates: answered questions last asked since `since`, and every decided one. */
  async popularCandidates(since: string, limit: number): Promise<PopularCandidate[]> {
    await this.caughtUp();
    const { rows } = await this.pool.query(PG_POPULAR_CANDIDATES_SQL, [since, limit]);
    return rows.map((r) => candidateFromRow(pgRow(r)));
  }

  /** Pins, approves or hides a question (by its key); null removes the decision. Other replicas see it within popularCacheMs. */
  async decidePopular(key: string, state: PopularState | null): Promise<void> {
    if (state === null) await this.pool.query(pgPlaceholders(POPULAR_CLEAR_SQL), [key]);
    else await this.pool.query(pgPlaceholders(POPULAR_DECIDE_SQL), [key, state, new Date(this.options.now()).toISOString()]);
    this.popularCache = null;
  }

  /** Deletes entries older than the retention period; returns how many. Never rejects (every replica prunes; the next try will do). */
  async prune(): Promise<number> {
    this.lastPrune = this.options.now();
    try {
      const cutoff = retentionCutoff(this.options.retentionDays, this.options.now());
      const deleted = (await this.pool.query('DELETE FROM questions WHERE asked_at < $1', [cutoff])).rowCount ?? 0;
      if (deleted > 0) this.popularCache = null;
      return deleted;
    } catch {
      return 0;
    }
  }

  private async stats(window: ReportWindow, list: keyof typeof STAT_LISTS, extraParams: unknown[] = []): Promise<QuestionStat[]> {
    await this.caughtUp();
    const { extra, order } = STAT_LISTS[list];
    const q = pgStatsQuery(window, extra, extraParams, order);
    const { rows } = await this.pool.query(q.sql, q.params);
    return rows.map((r) => statFromRow(pgRow<QuestionStat>(r)));
  }

  mostAsked(window: ReportWindow): Promise<QuestionStat[]> {
    return this.stats(window, 'mostAsked');
  }

  unanswered(window: ReportWindow): Promise<QuestionStat[]> {
    return this.stats(window, 'unanswered');
  }

  lowConfidence(window: ReportWindow, below: number): Promise<QuestionStat[]> {
    return this.stats(window, 'lowConfidence', [below]);
  }

  feedbackQuestions(window: ReportWindow): Promise<QuestionStat[]> {
    return this.stats(window, 'feedback');
  }

  async feedbackSummary(filter: ReportFilterArg): Promise<FeedbackSummary> {
    await this.caughtUp();
    const where = pgReportWhere(filter);
    const row = pgRow<FeedbackSummary>((await this.pool.query(PG_FEEDBACK_SUMMARY_SQL(where.sql), where.params)).rows[0]);
    return { asked: Number(row.asked), useful: Number(row.useful), notUseful: Number(row.notUseful) };
  }

  async daily(filter: ReportFilterArg): Promise<DailyVolume[]> {
    await this.caughtUp();
    const where = pgReportWhere(filter);
    const { rows } = await this.pool.query<DailyVolume>(PG_DAILY_SQL(where.sql), where.params);
    return rows.map((r) => ({ day: r.day, asked: Number(r.asked), answered: Number(r.answered) }));
  }

  /** The regions logged in the filter's time range (its region and status ignored), for /admin's region filter. */
  async regions(filter: ReportFilterArg): Promise<string[]> {
    await this.caughtUp();
    const where = pgReportWhere(typeof filter === 'string' ? { since: filter } : { since: filter.since, until: filter.until });
    const { rows } = await this.pool.query<{ region: string }>(pgPlaceholders(REGIONS_SQL(where.sql)), where.params);
    return rows.map((r) => r.region);
  }

  /** Writes what is queued (waiting at most `timeoutMs`), then closes the pool; a second call gets the same promise. */
  close(timeoutMs = 5000): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      this.closing = Promise.race([this.handOff(), sleep(timeoutMs)]).then(() => this.pool.end().catch(() => undefined));
    }
    return this.closing;
  }
}

/** LOG_URL cannot be reached, migrated or written at start-up: the server stops with this message, one line. */
export class PgQueryLogOpenError extends PolicyQaError {
  constructor(target: string, reason: string) {
    super(500, 'question log', `cannot open or write the PostgreSQL log at LOG_URL ${target}: ${reason}; start the database or fix the URL, or unset LOG_URL for the SQLite log`);
    this.name = 'PgQueryLogOpenError';
  }
}

/**
 * Connects to LOG_URL, brings its schema up to date and proves it takes writes, or throws PgQueryLogOpenError:
 * an operator who set LOG_URL expects every replica's questions kept there.
 */
export async function openPgQueryLog(url: string, options: Partial<PgQueryLogOptions> = {}): Promise<PgQueryLog> {
  const target = maskedUrl(url);
  const onPoolError = (message: string) => {
    if (options.logger) options.logger.warn({ database: target }, message);
    else console.warn(`policy-qa: ${message}`);
  };
  const pool = openPool(url, onPoolError);
  const log = new PgQueryLog(pool, target, options);
  try {
    await applyPgMigrations(pool);
    await log.probeWrite();
    await log.prune();
    return log;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new PgQueryLogOpenError(target, errorText(err));
  }
}
