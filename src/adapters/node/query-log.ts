// The question log on Node: a SQLite file of its own (LOG_PATH), separate from
// the knowledge base, which stays read-only while serving. Writes are queued in
// memory and written in one transaction every flushMs (or at once when
// flushRows are waiting), so an answer never waits for the disk and a busy
// server pays one commit per batch, not per question; anything that reads the
// log (feedback, popular, the reports) and close() write the queue first, so
// nothing queued is lost on shutdown.
// The INSERTs run on a writer thread (query-log-writer.ts) so that neither they
// nor SQLite's checkpoints hold the event loop; staff reads wait for it to catch
// up. Feedback runs on that thread too, as a message answered by a message: a
// vote, which anyone may post, never holds the event loop. One vote per question.
// A failing write (a full disk) drops its rows: the failure is logged as one
// JSON line with the count of rows lost (again at most once a minute while it
// lasts, and when writing works again), /admin shows it (writeFailure), and
// feedback answers 'unavailable' meanwhile. A log that cannot be opened or
// written at start-up stops the server with one line (openQueryLog).
// 热门问题 (popular) is the exception: a stale list is served while the writer
// thread runs its whole-log GROUP BY. Its rules (distinct client hashes on
// distinct days, answer and contact checks, staff decisions in
// popular_decisions) are src/staff/popular.ts's, shared with the D1 log.
// Questions, and the answer text given (at most 300 characters: answerForLog),
// are stored with phone, ID and account numbers and e-mail addresses
// masked (redactQuestion); entries older than the
// retention period are deleted at startup and, at most hourly, as the log is
// written, with secure_delete so their text does not linger in free pages.
// The staff reports of /admin (QueryLogReports) are plain GROUP BY queries,
// filtered by date range, region and answered (src/staff/query-log.ts: the same
// SQL as the D1 log's).
// The schema is migrations/*.sql, the very files wrangler applies to D1,
// applied here in order and recorded as wrangler records them (d1_migrations),
// so the Node file and the D1 database have the same tables, columns and indexes.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../../app/deps.js';
import { PolicyQaError } from '../../errors.js';
import {
  answerForLog,
  DAILY_SQL,
  FEEDBACK_SUMMARY_SQL,
  questionKey,
  redactQuestion,
  REGIONS_SQL,
  reportWhere,
  retentionCutoff,
  statFromRow,
  statsQuery,
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
  POPULAR_CANDIDATES_SQL,
  POPULAR_CLEAR_SQL,
  POPULAR_DECIDE_SQL,
  POPULAR_SQL,
  type PopularCandidate,
  type PopularCuration,
  type PopularRules,
  type PopularState,
} from '../../staff/popular.js';
import { DEFAULT_SETTINGS } from '../../settings.js';
import { projectRoot } from './project-root.js';
import { startQueryLogWriter, type QueryLogWriter, type QueryLogWriterSql } from './query-log-writer.js';

export interface SqliteQueryLogOptions {
  /** Distinct clients that must have asked a question for it to be popular, when popular() is given no rules. */
  popularMinCount: number;
  /** How long popular() reuses its last result (the GROUP BY scans the log). */
  popularCacheMs: number;
  /** Queued writes beyond this are dropped (a stuck disk must not grow memory). */
  maxQueued: number;
  /** How long a question may wait in memory before it is written. */
  flushMs: number;
  /** This many waiting questions are written at once: a batch of 500 holds the event loop ~1–2 ms (~10 ms when SQLite checkpoints its WAL, every ~1,000 pages). */
  flushRows: number;
  /** Entries older than this many days are deleted (LOG_RETENTION_DAYS). */
  retentionDays: number;
  /** How often writing also prunes expired entries. */
  pruneIntervalMs: number;
  /** The clock (tests move it). */
  now: () => number;
  /** Write on a worker thread (false: on the calling thread, as before; for comparison and as the fallback). */
  writerThread: boolean;
  /** How long a read waits for the writer thread to commit what was handed to it (and feedback for its answer). */
  writerWaitMs: number;
  /** Where write failures are reported (one JSON line each); without it, one line on stderr. */
  logger?: Logger;
  /** While writes keep failing, the failure is logged again at most this often, with the rows lost so far. */
  failureLogIntervalMs: number;
}

const DEFAULT_OPTIONS: SqliteQueryLogOptions = {
  popularMinCount: 3,
  popularCacheMs: 30_000,
  maxQueued: 10_000,
  flushMs: 1000,
  flushRows: 500,
  retentionDays: DEFAULT_SETTINGS.LOG_RETENTION_DAYS,
  pruneIntervalMs: 3600_000,
  now: () => Date.now(),
  writerThread: true,
  writerWaitMs: 5000,
  failureLogIntervalMs: 60_000,
};

export interface Migration {
  /** The file name, e.g. 0001_questions.sql: what d1_migrations records. */
  name: string;
  sql: string;
}

/** The question log's migrations: migrations/*.sql in name order (as wrangler orders them). */
export function questionLogMigrations(dir = join(projectRoot(), 'migrations')): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/** wrangler's own bookkeeping table (`wrangler d1 migrations apply`), by its very statement, so the two files match. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations(
\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,
\t\tname       TEXT UNIQUE,
\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`;

/** An error a migration meets when what it adds is already there. */
const ALREADY_THERE = /duplicate column name|already exists/i;

/**
 * Brings the log file up to date: applies the migrations d1_migrations does not list, each in a transaction
 * with its record; returns the names applied. A log file written before the migrations were the schema (it has
 * the questions table but no d1_migrations) had the same table from an inline copy, with or without the
 * later columns: there a migration that fails only because its column or index exists already is recorded
 * as applied, and nothing is dropped.
 */
export function applyMigrations(db: Database.Database, migrations: Migration[] = questionLogMigrations()): string[] {
  const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  const predates = has('questions') && !has('d1_migrations');
  db.exec(MIGRATIONS_TABLE);
  const done = new Set((db.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name));
  const record = db.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    const apply = db.transaction(() => {
      db.exec(m.sql);
      record.run(m.name);
    });
    try {
      apply();
    } catch (err) {
      if (!predates || !ALREADY_THERE.test((err as Error).message)) throw new Error(`question log: migration ${m.name} failed: ${(err as Error).message}`);
      record.run(m.name);
    }
    applied.push(m.name);
  }
  return applied;
}

/** Rows per multi-row INSERT (13 parameters each; SQLite allows 32,766). */
const INSERT_CHUNK = 50;

/** Values per row of the INSERT. */
const COLUMNS = 13;

/** Appends one question's INSERT parameters, in column order (the answer already masked and bounded by record()). */
function pushRow(args: unknown[], r: LoggedQuestion): unknown[] {
  args.push(
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
  );
  return args;
}

const INSERT_INTO = `INSERT OR IGNORE INTO questions (id, asked_at, question, question_key, answered, first_citation, latency_ms, confidence, lang, channel, client_hash, answer, region) VALUES `;
const ONE_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** The log's statements, prepared here for inline writes and by the writer thread for its own. */
const LOG_SQL: QueryLogWriterSql = {
  one: INSERT_INTO + ONE_ROW,
  many: INSERT_INTO + Array(INSERT_CHUNK).fill(ONE_ROW).join(', '),
  chunk: INSERT_CHUNK,
  columns: COLUMNS,
  popular: POPULAR_SQL,
  rate: 'UPDATE questions SET useful = ?, feedback_at = ? WHERE id = ? AND useful IS NULL',
  exists: 'SELECT 1 FROM questions WHERE id = ?',
};

export class SqliteQueryLog implements QueryLog, QueryLogReports, PopularCuration {
  private readonly db: Database.Database;
  private readonly options: SqliteQueryLogOptions;
  private queue: LoggedQuestion[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushSoon = false;
  private warned = false;
  /** The last popular list, for the rules it was made by (`rules`: their JSON). */
  private popularCache: { at: number; limit: number; rules: string; items: PopularQuestion[] } | null = null;
  private popularRefreshing = false;
  private lastPrune = 0;
  private lastAsked = '';
  private lastRedacted = '';
  private lastAnswer: string | null = null;
  private lastAnswerLogged: string | null = null;
  private readonly insert: Database.Statement;
  /** The same INSERT for INSERT_CHUNK rows at once (a fifth less CPU per row than one statement per row). */
  private readonly insertChunk: Database.Statement;
  private readonly insertRows: (rows: LoggedQuestion[]) => void;
  private readonly rate: Database.Statement;
  private readonly exists: Database.Statement;
  /** Rows lost since the log opened, and why; null while every write has worked. */
  private failure: QueryLogWriteFailure | null = null;
  private failureLoggedAt = 0;
  private readonly popularQuery: Database.Statement;
  private writer: QueryLogWriter | undefined;
  private writerPending: boolean;
  private readonly path: string;

  constructor(path: string, options: Partial<SqliteQueryLogOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.writerPending = this.options.writerThread;
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Never wait on a lock held by another process (an admin export, say): drop the write instead.
    this.db.pragma('busy_timeout = 0');
    // Deleted (expired) questions are overwritten, not left readable in free pages.
    this.db.pragma('secure_delete = ON');
    applyMigrations(this.db);
    this.insert = this.db.prepare(LOG_SQL.one);
    this.insertChunk = this.db.prepare(LOG_SQL.many);
    this.insertRows = this.db.transaction((rows: LoggedQuestion[]) => {
      const args: unknown[] = [];
      let i = 0;
      for (; i + INSERT_CHUNK <= rows.length; i += INSERT_CHUNK) {
        args.length = 0;
        for (let j = i; j < i + INSERT_CHUNK; j++) pushRow(args, rows[j]);
        this.insertChunk.run(args);
      }
      for (; i < rows.length; i++) this.insert.run(pushRow([], rows[i]));
    });
    this.rate = this.db.prepare(LOG_SQL.rate);
    this.exists = this.db.prepare(LOG_SQL.exists);
    this.popularQuery = this.db.prepare(POPULAR_SQL);
    this.prune();
    this.path = path;
  }

  /**
   * Writes one small commit (the schema's user_version, unchanged), so that a disk with no room for the log
   * (SQLite's write-ahead file starts empty) shows at start-up, not as lost questions later. Throws if it cannot.
   */
  probeWrite(): void {
    const version = Number(this.db.pragma('user_version', { simple: true }));
    this.db.pragma(`user_version = ${version}`);
  }

  /** Starts the writer thread with the first batch, not at construction: server start-up does not pay for it. */
  private startWriter(): void {
    this.writerPending = false;
    try {
      this.writer = startQueryLogWriter(this.path, LOG_SQL, (message) => this.warn(message), {
        failed: (message, dropped) => this.writeFailed(message, dropped),
        recovered: () => this.writeRecovered(),
      });
    } catch (err) {
      this.warn(`question log writer thread not started, writing inline: ${(err as Error).message}`);
    }
  }

  private warn(message: string): void {
    if (this.warned) return;
    this.warned = true;
    if (this.options.logger) this.options.logger.warn({ path: this.path }, message);
    else console.warn(`policy-qa: ${message}`);
  }

  /**
   * A write failed (SQLite's `reason`) and lost `dropped` rows: counted for /admin, logged at once, then at most
   * every failureLogIntervalMs while it lasts. `failing` false: rows lost while writing works (a full queue).
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
    const line = { path: this.path, ...fields };
    if (this.options.logger) this.options.logger[level](line, msg);
    else console.warn(JSON.stringify({ level, time: new Date().toISOString(), msg, ...line }));
  }

  /** Rows lost since the log opened (a full disk, say), or null. /admin shows it. */
  writeFailure(): QueryLogWriteFailure | null {
    return this.failure && { ...this.failure };
  }

  record(entry: LoggedQuestion): void {
    if (this.queue.length + (this.writer?.inFlight() ?? 0) >= this.options.maxQueued) {
      // The writes are not keeping up (or are stuck): this question is lost, and counted.
      this.writeFailed('the write queue is full', 1, this.failure?.failing ?? false);
      return;
    }
    // Phone and ID numbers typed into a question are masked before they are ever written. The last wording is
    // remembered: when one question is in the news it arrives over and over, as the very same string.
    if (entry.question !== this.lastAsked) {
      this.lastAsked = entry.question;
      this.lastRedacted = redactQuestion(entry.question);
    }
    const question = this.lastRedacted;
    // The answer likewise: masked and bounded (answerForLog), remembered for the next ask of the same question.
    const answer = entry.answer ?? null;
    if (answer !== this.lastAnswer) {
      this.lastAnswer = answer;
      this.lastAnswerLogged = answerForLog(answer);
    }
    const logged = question === entry.question ? entry : { ...entry, question, key: questionKey(question) };
    this.queue.push(logged.answer === this.lastAnswerLogged || (answer === null && logged.answer === undefined) ? logged : { ...logged, answer: this.lastAnswerLogged });
    if (this.queue.length >= this.options.flushRows) {
      if (!this.flushSoon) {
        this.flushSoon = true;
        setImmediate(() => this.handOff());
      }
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.handOff(), this.options.flushMs);
      // A pending write must not keep the process alive: shutdown calls close(), which writes it.
      this.flushTimer.unref?.();
    }
  }

  /** Writes queued questions now and waits until they are committed. Safe to call any time; never throws. */
  flush(): void {
    this.handOff();
    this.writer?.wait(this.options.writerWaitMs);
  }

  /** Hands the queued questions to the writer thread (or writes them here without one), without waiting. */
  private handOff(): void {
    this.flushSoon = false;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    if (this.writerPending) this.startWriter();
    let inline = false;
    try {
      if (this.writer?.alive()) {
        const values: unknown[] = [];
        for (const row of batch) pushRow(values, row);
        this.writer.post(values, batch.length);
      } else {
        inline = true;
        this.insertRows(batch);
        this.writeRecovered();
      }
    } catch (err) {
      if (inline) this.writeFailed((err as Error).message, batch.length);
      else this.warn(`question log write failed, entries dropped: ${(err as Error).message}`);
    }
    if (this.options.now() - this.lastPrune >= this.options.pruneIntervalMs) {
      // Hourly: the DELETE runs here, once the writer has committed what it holds.
      this.writer?.wait(this.options.writerWaitMs);
      this.prune();
    }
  }

  /**
   * Records 有用/没用 for a logged question: on the writer thread, after the questions queued before it (the one
   * just asked included), without holding the event loop. The first vote on a question stands.
   */
  async feedback(id: string, useful: boolean): Promise<FeedbackOutcome> {
    const at = new Date().toISOString();
    // The question must be written before its vote. One still queued here goes to the writer now; one already
    // handed over is ahead of the vote in the thread's queue anyway, so repeated votes cost no early batch.
    if (this.queue.some((e) => e.id === id)) this.handOff();
    if (this.writerPending) this.startWriter();
    let outcome: FeedbackOutcome;
    if (this.writer?.alive()) outcome = await this.writer.feedback(id, useful, at, this.options.writerWaitMs);
    else outcome = this.feedbackHere(id, useful, at);
    // The id may be unknown because its question was dropped by a failing write.
    return outcome === 'unknown' && this.failure?.failing ? 'unavailable' : outcome;
  }

  /** feedback() on this thread, when there is no writer thread. */
  private feedbackHere(id: string, useful: boolean, at: string): FeedbackOutcome {
    try {
      if (this.rate.run(useful ? 1 : 0, at, id).changes > 0) return 'saved';
      return this.exists.get(id) ? 'already-rated' : 'unknown';
    } catch (err) {
      this.writeFailed((err as Error).message, 0);
      return 'unavailable';
    }
  }

  /** The rules popular() applies when given none: the log's options, the settings' defaults for the rest. */
  private defaultRules(): PopularRules {
    return { ...popularRules(DEFAULT_SETTINGS), minClients: this.options.popularMinCount };
  }

  popular(limit: number, rules: PopularRules = this.defaultRules()): PopularQuestion[] {
    const now = Date.now();
    const cached = this.popularCache;
    const rulesKey = JSON.stringify(rules);
    const covers = cached !== null && cached.limit >= limit && cached.rules === rulesKey;
    if (covers && now - cached.at < this.options.popularCacheMs) return cached.items.slice(0, limit);
    // Stale: serve the last list and refresh it on the writer thread (the GROUP BY scans the whole log:
    // ~150 ms at 900,000 questions, which would hold every request waiting behind it).
    if (covers && this.options.popularCacheMs > 0 && this.writer?.alive()) {
      if (!this.popularRefreshing) {
        this.popularRefreshing = true;
        this.handOff();
        this.writer.popular(popularParams(rules, cached.limit), (rows) => {
          this.popularRefreshing = false;
          this.popularCache = { at: Date.now(), limit: cached.limit, rules: rulesKey, items: popularFromRows(rows as Record<string, unknown>[], rules, cached.limit) };
        });
      }
      return cached.items.slice(0, limit);
    }
    // The first list (or a larger one, other rules, or with the cache off) is made here, once.
    this.flush();
    const rows = this.popularQuery.all(...popularParams(rules, limit)) as Record<string, unknown>[];
    const items = popularFromRows(rows, rules, limit);
    this.popularCache = { at: now, limit, rules: rulesKey, items };
    return items;
  }

  /** /admin's candidates: answered questions last asked since `since`, and every decided one. */
  popularCandidates(since: string, limit: number): PopularCandidate[] {
    this.flush();
    return (this.db.prepare(POPULAR_CANDIDATES_SQL).all(since, limit) as Record<string, unknown>[]).map(candidateFromRow);
  }

  /** Pins, approves or hides a question (by its key); null removes the decision. The next popular() sees it. */
  decidePopular(key: string, state: PopularState | null): void {
    // After the writer thread has committed what it holds: this connection never waits for a lock (busy_timeout 0).
    this.flush();
    if (state === null) this.db.prepare(POPULAR_CLEAR_SQL).run(key);
    else this.db.prepare(POPULAR_DECIDE_SQL).run(key, state, new Date(this.options.now()).toISOString());
    this.popularCache = null;
  }

  /** Deletes entries older than the retention period; returns how many. Never throws. */
  prune(): number {
    const now = this.options.now();
    this.lastPrune = now;
    try {
      const cutoff = retentionCutoff(this.options.retentionDays, now);
      const deleted = this.db.prepare('DELETE FROM questions WHERE asked_at < ?').run(cutoff).changes;
      if (deleted > 0) this.popularCache = null;
      return deleted;
    } catch {
      return 0; // Busy or read-only: the next write tries again.
    }
  }

  private stats(window: ReportWindow, list: keyof typeof STAT_LISTS, extraParams: unknown[] = []): QuestionStat[] {
    this.flush();
    const { extra, order } = STAT_LISTS[list];
    const q = statsQuery(window, extra, extraParams, order);
    return (this.db.prepare(q.sql).all(...q.params) as QuestionStat[]).map(statFromRow);
  }

  mostAsked(window: ReportWindow): QuestionStat[] {
    return this.stats(window, 'mostAsked');
  }

  unanswered(window: ReportWindow): QuestionStat[] {
    return this.stats(window, 'unanswered');
  }

  lowConfidence(window: ReportWindow, below: number): QuestionStat[] {
    return this.stats(window, 'lowConfidence', [below]);
  }

  feedbackQuestions(window: ReportWindow): QuestionStat[] {
    return this.stats(window, 'feedback');
  }

  feedbackSummary(filter: ReportFilterArg): FeedbackSummary {
    this.flush();
    const where = reportWhere(filter);
    const row = this.db.prepare(FEEDBACK_SUMMARY_SQL(where.sql)).get(...where.params) as FeedbackSummary;
    return { asked: Number(row.asked), useful: Number(row.useful), notUseful: Number(row.notUseful) };
  }

  daily(filter: ReportFilterArg): DailyVolume[] {
    this.flush();
    const where = reportWhere(filter);
    return (this.db.prepare(DAILY_SQL(where.sql)).all(...where.params) as DailyVolume[]).map((r) => ({ day: r.day, asked: Number(r.asked), answered: Number(r.answered) }));
  }

  /** The regions logged in the filter's time range (its region and status ignored), for /admin's region filter. */
  regions(filter: ReportFilterArg): string[] {
    this.flush();
    const f = typeof filter === 'string' ? { since: filter } : { since: filter.since, until: filter.until };
    const where = reportWhere(f);
    return (this.db.prepare(REGIONS_SQL(where.sql)).all(...where.params) as { region: string }[]).map((r) => r.region);
  }

  close(): void {
    this.handOff();
    this.writer?.close(this.options.writerWaitMs);
    this.db.close();
  }
}

/** LOG_PATH cannot be opened or written at start-up: the server stops with this message, one line. */
export class QueryLogOpenError extends PolicyQaError {
  constructor(path: string, reason: string) {
    super(500, 'question log', `cannot open or write LOG_PATH ${path}: ${reason}; make room or fix the path, or set LOG_PATH=off to serve without a log`);
    this.name = 'QueryLogOpenError';
  }
}

/**
 * Opens the log for the server and proves it can write (one small commit), or throws QueryLogOpenError:
 * an operator who set LOG_PATH expects questions and feedback to be kept, so a log that cannot be kept stops
 * start-up with the reason rather than serving without it unnoticed. `off`: no log (undefined).
 */
export function openQueryLog(path: string, options: Partial<SqliteQueryLogOptions> = {}): SqliteQueryLog | undefined {
  if (path === 'off') return undefined;
  let log: SqliteQueryLog | undefined;
  try {
    log = new SqliteQueryLog(path, options);
    log.probeWrite();
    return log;
  } catch (err) {
    try {
      log?.close();
    } catch {
      // Closing what could not be written: nothing more to lose.
    }
    throw new QueryLogOpenError(path, (err as Error).message.split('\n')[0]);
  }
}
