// The question log's writer thread. At tens of thousands of answers a second the
// INSERTs and SQLite's WAL checkpoints (a ~10 ms stall every few thousand pages)
// cost the event loop about a sixth of a cached answer's time; a worker thread
// with its own connection takes them off it. Batches cross as flat arrays of
// column values (cheap to clone); the worker publishes how far it has got in a
// SharedArrayBuffer, so a reader that must see every logged question (a staff
// report) can wait for it synchronously with Atomics.wait — staff reads stay
// synchronous, and they are rare. Feedback is not a staff read: anyone can post
// it, so it must never hold the event loop (issue #16: eight loops posting it cut
// /api/ask to a third). It runs on the thread as a message, after every batch
// posted before it (so a question just asked is there), and its outcome comes
// back as a message. A failed write reports how many rows it lost, and the
// first write that succeeds after failures says so, so the log can tell /admin
// and refuse feedback while it cannot write. The worker is plain JavaScript
// evaluated from a string, so it loads the same under tsx, vitest and a bundled build.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { FeedbackOutcome } from '../../staff/query-log.js';

export interface QueryLogWriterSql {
  /** The INSERT for one row. */
  one: string;
  /** The INSERT for `chunk` rows at once. */
  many: string;
  /** Rows per `many`. */
  chunk: number;
  /** Values per row. */
  columns: number;
  /** The popular-questions query (its parameters: popularParams in src/staff/popular.ts). */
  popular: string;
  /** Records a vote on a question not yet rated (parameters: useful 1/0, ISO time, id). */
  rate: string;
  /** Whether a question is logged (parameter: id). */
  exists: string;
}

/** What the writer thread tells the log besides the outcome of a request. */
export interface QueryLogWriterEvents {
  /** A write failed: SQLite's reason, and how many asked questions it lost (0 for a vote). */
  failed(reason: string, droppedRows: number): void;
  /** A write succeeded after failures. */
  recovered(): void;
}

export interface QueryLogWriter {
  /** Hands `rows` rows (their column values, flat, in order) to the writer thread. */
  post(values: unknown[], rows: number): void;
  /** Rows posted and not yet committed (or dropped). */
  inFlight(): number;
  /** Blocks until everything posted is committed, or `timeoutMs` passes; false on timeout or a dead writer. */
  wait(timeoutMs: number): boolean;
  /** Waits for the queue, then closes the thread's connection and ends the thread. */
  close(timeoutMs: number): void;
  /** False once the thread has failed to start or died. */
  alive(): boolean;
  /**
   * Runs the popular-questions query on the thread, after everything posted before it, and calls `done`
   * with its rows on this thread's event loop: the GROUP BY scans the whole log, which must not hold serving.
   */
  popular(params: unknown[], done: (rows: unknown[]) => void): void;
  /**
   * Records a vote on the thread, after everything posted before it, without blocking this one; resolves with
   * its outcome, or 'unavailable' when the thread is dead or does not answer within `timeoutMs`.
   */
  feedback(id: string, useful: boolean, at: string, timeoutMs: number): Promise<FeedbackOutcome>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const { path, sql, progress } = workerData;
const done = new Int32Array(progress);
let db, one, many, insert, popular, rate, exists;
// Whether the last write failed: a vote on an unknown id then may be one whose question was lost.
let failing = false;
try {
  db = new Database(path);
  // Another writer (the serving thread's hourly prune or a staff decision, a staff export) may hold the lock briefly.
  db.pragma('busy_timeout = 2000');
  one = db.prepare(sql.one);
  many = db.prepare(sql.many);
  popular = db.prepare(sql.popular);
  rate = db.prepare(sql.rate);
  exists = db.prepare(sql.exists);
  insert = db.transaction((values, rows) => {
    const width = sql.columns;
    let row = 0;
    for (; row + sql.chunk <= rows; row += sql.chunk) many.run(values.slice(row * width, (row + sql.chunk) * width));
    for (; row < rows; row++) one.run(values.slice(row * width, (row + 1) * width));
  });
} catch (err) {
  parentPort.postMessage({ error: 'question log writer: cannot open ' + path + ': ' + err.message });
  throw err;
}
parentPort.on('message', (m) => {
  if (m.close) {
    try { db.close(); } catch {}
  } else if (m.popular) {
    let rows = null;
    try { rows = popular.all(...m.popular.params); } catch (err) { parentPort.postMessage({ error: 'question log: popular questions failed: ' + err.message }); }
    parentPort.postMessage({ popularOf: m.seq, rows });
  } else if (m.feedback) {
    const f = m.feedback;
    let outcome;
    try {
      // One vote per question: the first stands (the UPDATE touches only a row not yet rated).
      if (rate.run(f.useful, f.at, f.id).changes > 0) outcome = 'saved';
      else if (exists.get(f.id)) outcome = 'already-rated';
      else outcome = failing ? 'unavailable' : 'unknown';
    } catch (err) {
      failing = true;
      outcome = 'unavailable';
      parentPort.postMessage({ error: err.message, dropped: 0 });
    }
    parentPort.postMessage({ feedbackOf: m.seq, outcome });
  } else {
    try {
      insert(m.values, m.rows);
      if (failing) parentPort.postMessage({ recovered: true });
      failing = false;
    } catch (err) {
      failing = true;
      parentPort.postMessage({ error: err.message, dropped: m.rows });
    }
  }
  // Index 0: the last batch handled (committed or dropped); index 1: rows handled.
  Atomics.add(done, 1, m.rows || 0);
  Atomics.store(done, 0, m.seq);
  Atomics.notify(done, 0);
});
`;

/**
 * Starts the writer thread on the log file at `path` (already created, with its schema, by the caller).
 * `onError` receives the thread's other error messages (a failed start, a failed popular query); `events`
 * its failed and recovered writes (without it those go to `onError` too).
 */
export function startQueryLogWriter(
  path: string,
  sql: QueryLogWriterSql,
  onError: (message: string) => void,
  events?: QueryLogWriterEvents,
): QueryLogWriter {
  const progress = new SharedArrayBuffer(8);
  const done = new Int32Array(progress);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, sql, progress, sqlite: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  // A writer must never keep the process alive: shutdown calls close(), which waits for it.
  worker.unref();
  let seq = 0;
  let postedRows = 0;
  let alive = true;
  const popularWaiting = new Map<number, (rows: unknown[]) => void>();
  const feedbackWaiting = new Map<number, (outcome: FeedbackOutcome) => void>();
  const answerAllFeedback = (outcome: FeedbackOutcome) => {
    for (const done of feedbackWaiting.values()) done(outcome);
    feedbackWaiting.clear();
  };
  worker.on('message', (m: { error?: string; dropped?: number; recovered?: true; popularOf?: number; rows?: unknown[] | null; feedbackOf?: number; outcome?: FeedbackOutcome }) => {
    if (m.error) {
      if (m.dropped === undefined) onError(m.error);
      else if (events) events.failed(m.error, m.dropped);
      else onError(`question log write failed, ${m.dropped} entries dropped: ${m.error}`);
    }
    if (m.recovered) events?.recovered();
    if (m.feedbackOf !== undefined) {
      feedbackWaiting.get(m.feedbackOf)?.(m.outcome ?? 'unavailable');
      feedbackWaiting.delete(m.feedbackOf);
    }
    if (m.popularOf !== undefined) {
      const done = popularWaiting.get(m.popularOf);
      popularWaiting.delete(m.popularOf);
      if (done && m.rows) done(m.rows);
    }
  });
  worker.on('error', (err) => {
    alive = false;
    answerAllFeedback('unavailable');
    onError(`question log writer stopped: ${err.message}`);
  });
  worker.on('exit', () => {
    alive = false;
    answerAllFeedback('unavailable');
  });

  const wait = (timeoutMs: number): boolean => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = Atomics.load(done, 0);
      if (reached === seq) return true;
      const left = deadline - Date.now();
      if (!alive || left <= 0) return false;
      Atomics.wait(done, 0, reached, Math.min(left, 50));
    }
  };

  return {
    post(values, rows) {
      seq = (seq + 1) | 0;
      postedRows = (postedRows + rows) | 0;
      worker.postMessage({ seq, values, rows });
    },
    inFlight: () => (postedRows - Atomics.load(done, 1)) | 0,
    wait,
    close(timeoutMs) {
      if (!alive) return;
      wait(timeoutMs);
      seq = (seq + 1) | 0;
      worker.postMessage({ seq, close: true, rows: 0 });
      wait(timeoutMs);
      alive = false;
      void worker.terminate();
    },
    alive: () => alive,
    popular(params, done) {
      seq = (seq + 1) | 0;
      popularWaiting.set(seq, done);
      worker.postMessage({ seq, popular: { params }, rows: 0 });
    },
    feedback(id, useful, at, timeoutMs) {
      if (!alive) return Promise.resolve('unavailable');
      seq = (seq + 1) | 0;
      const mine = seq;
      return new Promise<FeedbackOutcome>((resolve) => {
        // A thread stuck behind a lock must not keep the request (nor this promise) forever; the vote it
        // still holds may be stored later, though this visitor was told it could not be.
        const timer = setTimeout(() => {
          feedbackWaiting.delete(mine);
          resolve('unavailable');
        }, timeoutMs);
        timer.unref?.();
        feedbackWaiting.set(mine, (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
        worker.postMessage({ seq: mine, feedback: { id, useful: useful ? 1 : 0, at }, rows: 0 });
      });
    },
  };
}
