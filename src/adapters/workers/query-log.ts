// The question log on Workers: the core QueryLog (src/staff/query-log.ts) over a
// D1 database, with the same table as the Node SQLite log
// (src/adapters/node/query-log.ts; schema: migrations/). Writes start at once
// and are not awaited by the answer; the Worker entry hands `settled()` to
// ctx.waitUntil so they finish after the response. A failing write is dropped
// and reported once, as on Node. Timers do not advance while a Worker computes,
// so latency_ms is 0 here.
import type { LoggedQuestion, PopularQuestion, QueryLog } from '../../staff/query-log.js';

/** The little of D1's API used here (a D1Database binding satisfies it). */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
}
interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  run(): Promise<{ meta?: { changes?: number } }>;
  all<T = unknown>(): Promise<{ results?: T[] }>;
}

export interface D1QueryLogOptions {
  /** A question must have been asked this many times to be popular. */
  popularMinCount: number;
  /** How long popular() reuses its last result (the GROUP BY scans the log). */
  popularCacheMs: number;
}

const DEFAULT_OPTIONS: D1QueryLogOptions = { popularMinCount: 3, popularCacheMs: 30_000 };

const INSERT = `INSERT OR IGNORE INTO questions (id, asked_at, question, question_key, answered, first_citation, latency_ms, lang, channel)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPDATE = 'UPDATE questions SET useful = ?, feedback_at = ? WHERE id = ?';
// The shown wording of a group is its most recent one (as on Node).
const POPULAR = `SELECT (SELECT q2.question FROM questions q2 WHERE q2.question_key = q.question_key ORDER BY q2.asked_at DESC LIMIT 1) AS question,
       COUNT(*) AS count
FROM questions q WHERE answered = 1
GROUP BY question_key HAVING COUNT(*) >= ?
ORDER BY count DESC, MAX(asked_at) DESC LIMIT ?`;

export class D1QueryLog implements QueryLog {
  private readonly options: D1QueryLogOptions;
  private readonly pending = new Set<Promise<unknown>>();
  private warned = false;
  private popularCache: { at: number; limit: number; items: PopularQuestion[] } | null = null;

  constructor(
    private readonly db: D1Like,
    options: Partial<D1QueryLogOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  record(entry: LoggedQuestion): Promise<void> {
    const write = this.db
      .prepare(INSERT)
      .bind(entry.id, entry.askedAt, entry.question, entry.key, entry.answered ? 1 : 0, entry.firstCitation, entry.latencyMs, entry.lang, entry.channel)
      .run()
      .then(
        () => undefined,
        (err: unknown) => this.warnOnce(err),
      );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
    return write;
  }

  /** Resolves when every write started so far has finished (for ctx.waitUntil). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  async feedback(id: string, useful: boolean): Promise<boolean> {
    // The question may have been asked a moment ago: its row must be there first.
    await this.settled();
    const result = await this.db.prepare(UPDATE).bind(useful ? 1 : 0, new Date().toISOString(), id).run();
    return (result.meta?.changes ?? 0) > 0;
  }

  async popular(limit: number): Promise<PopularQuestion[]> {
    const now = Date.now();
    const cached = this.popularCache;
    if (cached && cached.limit >= limit && now - cached.at < this.options.popularCacheMs) return cached.items.slice(0, limit);
    const { results = [] } = await this.db.prepare(POPULAR).bind(this.options.popularMinCount, limit).all<PopularQuestion>();
    const items = results.map((r) => ({ question: String(r.question), count: Number(r.count) }));
    this.popularCache = { at: now, limit, items };
    return items;
  }

  private warnOnce(err: unknown) {
    if (!this.warned) console.warn(`policy-qa: question log write failed, entries dropped: ${err instanceof Error ? err.message : String(err)}`);
    this.warned = true;
  }
}
