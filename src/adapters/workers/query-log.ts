// The question log on Workers: the core QueryLog (src/staff/query-log.ts) over a
// D1 database, with the same table as the Node SQLite log
// (src/adapters/node/query-log.ts; schema: migrations/). Writes start at once
// and are not awaited by the answer; the Worker entry hands `settled()` to
// ctx.waitUntil so they finish after the response. A failing write is dropped
// and reported once, as on Node. Timers do not advance while a Worker computes,
// so latency_ms is 0 here. 热门问题 and the staff's pin/approve/hide decisions
// run the same SQL as on Node (src/staff/popular.ts), on the same schema, and so
// do /admin's reports (src/staff/query-log.ts: reportWhere, statsQuery …). The
// answer text is stored masked and bounded (answerForLog), as on Node. The D1
// log is not pruned (no retention runs here yet): prune() deletes nothing.
import {
  answerForLog,
  DAILY_SQL,
  FEEDBACK_SUMMARY_SQL,
  REGIONS_SQL,
  reportWhere,
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
  /** Distinct clients that must have asked a question for it to be popular, when popular() is given no rules. */
  popularMinCount: number;
  /** How long popular() reuses its last result (the GROUP BY scans the log). */
  popularCacheMs: number;
}

const DEFAULT_OPTIONS: D1QueryLogOptions = { popularMinCount: 3, popularCacheMs: 30_000 };

const INSERT = `INSERT OR IGNORE INTO questions (id, asked_at, question, question_key, answered, first_citation, latency_ms, confidence, lang, channel, client_hash, answer, region)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** One vote per question: only a question not yet rated takes one (as on Node). */
const RATE = 'UPDATE questions SET useful = ?, feedback_at = ? WHERE id = ? AND useful IS NULL';
const EXISTS = 'SELECT 1 AS found FROM questions WHERE id = ?';

export class D1QueryLog implements QueryLog, QueryLogReports, PopularCuration {
  private readonly options: D1QueryLogOptions;
  private readonly pending = new Set<Promise<unknown>>();
  private warned = false;
  private popularCache: { at: number; limit: number; rules: string; items: PopularQuestion[] } | null = null;

  constructor(
    private readonly db: D1Like,
    options: Partial<D1QueryLogOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  record(entry: LoggedQuestion): Promise<void> {
    const write = this.db
      .prepare(INSERT)
      .bind(
        entry.id,
        entry.askedAt,
        entry.question,
        entry.key,
        entry.answered ? 1 : 0,
        entry.firstCitation,
        entry.latencyMs,
        entry.confidence ?? null,
        entry.lang,
        entry.channel,
        entry.clientHash ?? null,
        answerForLog(entry.answer),
        entry.region ?? null,
      )
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

  async feedback(id: string, useful: boolean): Promise<FeedbackOutcome> {
    // The question may have been asked a moment ago: its row must be there first.
    await this.settled();
    try {
      const result = await this.db.prepare(RATE).bind(useful ? 1 : 0, new Date().toISOString(), id).run();
      if ((result.meta?.changes ?? 0) > 0) return 'saved';
      const { results = [] } = await this.db.prepare(EXISTS).bind(id).all();
      return results.length > 0 ? 'already-rated' : 'unknown';
    } catch (err) {
      this.warnOnce(err);
      return 'unavailable';
    }
  }

  async popular(limit: number, rules: PopularRules = { ...popularRules(DEFAULT_SETTINGS), minClients: this.options.popularMinCount }): Promise<PopularQuestion[]> {
    const now = Date.now();
    const cached = this.popularCache;
    const rulesKey = JSON.stringify(rules);
    if (cached && cached.limit >= limit && cached.rules === rulesKey && now - cached.at < this.options.popularCacheMs) return cached.items.slice(0, limit);
    const { results = [] } = await this.db
      .prepare(POPULAR_SQL)
      .bind(...popularParams(rules, limit))
      .all<Record<string, unknown>>();
    const items = popularFromRows(results, rules, limit);
    this.popularCache = { at: now, limit, rules: rulesKey, items };
    return items;
  }

  /** /admin's candidates: answered questions last asked since `since`, and every decided one. */
  async popularCandidates(since: string, limit: number): Promise<PopularCandidate[]> {
    await this.settled();
    const { results = [] } = await this.db.prepare(POPULAR_CANDIDATES_SQL).bind(since, limit).all<Record<string, unknown>>();
    return results.map(candidateFromRow);
  }

  /** Pins, approves or hides a question (by its key); null removes the decision. */
  async decidePopular(key: string, state: PopularState | null): Promise<void> {
    if (state === null) await this.db.prepare(POPULAR_CLEAR_SQL).bind(key).run();
    else await this.db.prepare(POPULAR_DECIDE_SQL).bind(key, state, new Date().toISOString()).run();
    this.popularCache = null;
  }

  private async stats(window: ReportWindow, list: keyof typeof STAT_LISTS, extraParams: unknown[] = []): Promise<QuestionStat[]> {
    await this.settled();
    const { extra, order } = STAT_LISTS[list];
    const q = statsQuery(window, extra, extraParams, order);
    const { results = [] } = await this.db.prepare(q.sql).bind(...q.params).all<QuestionStat>();
    return results.map(statFromRow);
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
    await this.settled();
    const where = reportWhere(filter);
    const { results = [] } = await this.db.prepare(FEEDBACK_SUMMARY_SQL(where.sql)).bind(...where.params).all<FeedbackSummary>();
    const row = results[0];
    return { asked: Number(row?.asked ?? 0), useful: Number(row?.useful ?? 0), notUseful: Number(row?.notUseful ?? 0) };
  }

  async daily(filter: ReportFilterArg): Promise<DailyVolume[]> {
    await this.settled();
    const where = reportWhere(filter);
    const { results = [] } = await this.db.prepare(DAILY_SQL(where.sql)).bind(...where.params).all<DailyVolume>();
    return results.map((r) => ({ day: r.day, asked: Number(r.asked), answered: Number(r.answered) }));
  }

  async regions(filter: ReportFilterArg): Promise<string[]> {
    await this.settled();
    const where = reportWhere(typeof filter === 'string' ? filter : { since: filter.since, until: filter.until });
    const { results = [] } = await this.db.prepare(REGIONS_SQL(where.sql)).bind(...where.params).all<{ region: string }>();
    return results.map((r) => r.region);
  }

  /** The D1 log is not pruned yet (docs/staff.md): nothing is deleted. */
  prune(): number {
    return 0;
  }

  private warnOnce(err: unknown) {
    if (!this.warned) console.warn(`policy-qa: question log write failed, entries dropped: ${err instanceof Error ? err.message : String(err)}`);
    this.warned = true;
  }
}
