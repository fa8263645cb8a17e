// The question log's writer thread. At tens of thousands of answers a second the
// INSERTs and SQLite's WAL checkpoints (a ~10 ms stall every few thousand pages)
// cost the event loop about a sixth of a cached answer's time; a worker thread
// with its own connection takes them off it. Batches cross as flat arrays of
// column values (cheap to clone); the worker publishes how far it has got in a
// SharedArrayBuffer, so a reader that must see every logged question (a staff
// report, feedback) can wait for it synchronously with Atomics.wait — reads stay
// synchronous, and they are rare. The worker is plain JavaScript evaluated from a
// string, so it loads the same under tsx, vitest and a bundled build.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface QueryLogWriterSql {
  /** The INSERT for one row. */
  one: string;
  /** The INSERT for `chunk` rows at once. */
  many: string;
  /** Rows per `many`. */
  chunk: number;
  /** Values per row. */
  columns: number;
  /** The popular-questions query (parameters: minimum count, limit). */
  popular: string;
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
  popular(minCount: number, limit: number, done: (rows: unknown[]) => void): void;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const { path, sql, progress } = workerData;
const done = new Int32Array(progress);
let db, one, many, insert, popular;
try {
  db = new Database(path);
  // Another writer (the serving thread's feedback, a staff export) may hold the lock briefly.
  db.pragma('busy_timeout = 2000');
  one = db.prepare(sql.one);
  many = db.prepare(sql.many);
  popular = db.prepare(sql.popular);
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
    try { rows = popular.all(m.popular.minCount, m.popular.limit); } catch (err) { parentPort.postMessage({ error: 'question log: popular questions failed: ' + err.message }); }
    parentPort.postMessage({ popularOf: m.seq, rows });
  } else {
    try { insert(m.values, m.rows); } catch (err) { parentPort.postMessage({ error: 'question log write failed, entries dropped: ' + err.message }); }
  }
  // Index 0: the last batch handled (committed or dropped); index 1: rows handled.
  Atomics.add(done, 1, m.rows || 0);
  Atomics.store(done, 0, m.seq);
  Atomics.notify(done, 0);
});
`;

/**
 * Starts the writer thread on the log file at `path` (already created, with its schema, by the caller).
 * `onError` receives the thread's error messages (a failed write, a failed start).
 */
export function startQueryLogWriter(path: string, sql: QueryLogWriterSql, onError: (message: string) => void): QueryLogWriter {
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
  worker.on('message', (m: { error?: string; popularOf?: number; rows?: unknown[] | null }) => {
    if (m.error) onError(m.error);
    if (m.popularOf !== undefined) {
      const done = popularWaiting.get(m.popularOf);
      popularWaiting.delete(m.popularOf);
      if (done && m.rows) done(m.rows);
    }
  });
  worker.on('error', (err) => {
    alive = false;
    onError(`question log writer stopped: ${err.message}`);
  });
  worker.on('exit', () => {
    alive = false;
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
    popular(minCount, limit, done) {
      seq = (seq + 1) | 0;
      popularWaiting.set(seq, done);
      worker.postMessage({ seq, popular: { minCount, limit }, rows: 0 });
    },
  };
}
