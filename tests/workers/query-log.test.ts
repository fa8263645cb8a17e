// The D1 question log's SQL and behaviour, on the migration's schema, through a
// D1-shaped wrapper around SQLite (D1 is SQLite): records, feedback on a
// question whose write is still pending, popular questions with the minimum
// count, and a failing database that never fails an answer.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D1QueryLog, type D1Like } from '../../src/adapters/workers/query-log.js';
import { newQuestionId, questionKey, safeRecord, type LoggedQuestion } from '../../src/staff/query-log.js';

const MIGRATION = readFileSync(new URL('../../migrations/0001_questions.sql', import.meta.url), 'utf8');
/** Every migration in order, as wrangler applies them to D1. */
const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);
const ALL_MIGRATIONS = readdirSync(MIGRATIONS_DIR)
  .filter((n) => n.endsWith('.sql'))
  .sort()
  .map((n) => readFileSync(new URL(n, MIGRATIONS_DIR), 'utf8'))
  .join('\n');

/** A D1Like over an in-memory SQLite database; every call resolves on a later tick, as D1's do. */
function fakeD1(db = new Database(':memory:')): D1Like & { db: Database.Database } {
  const later = <T>(f: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => {
    try {
      resolve(f());
    } catch (err) {
      reject(err);
    }
  }, 5));
  const statement = (sql: string, values: unknown[]): ReturnType<D1Like['prepare']> => ({
    bind: (...v: unknown[]) => statement(sql, v),
    run: () => later(() => ({ meta: { changes: db.prepare(sql).run(...values).changes } })),
    all: <T>() => later(() => ({ results: db.prepare(sql).all(...values) as T[] })),
  });
  return { db, prepare: (sql) => statement(sql, []) };
}

function entry(question: string, answered = true, fields: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered,
    firstCitation: answered ? 'doc:1' : null,
    latencyMs: 0,
    // 热门问题 need a recorded confidence (issue #17): an answered entry's is high, an unanswered one's low.
    confidence: answered ? 0.9 : 0.1,
    lang: 'zh-Hans',
    channel: 'api',
    askedAt: new Date().toISOString(),
    ...fields,
  };
}

describe('D1 question log', () => {
  it('the migration creates the table the Node log uses', () => {
    const d1 = fakeD1();
    d1.db.exec(MIGRATION);
    const columns = (d1.db.prepare('PRAGMA table_info(questions)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'asked_at', 'question', 'question_key', 'answered', 'first_citation', 'latency_ms', 'lang', 'channel', 'useful', 'feedback_at']);
    d1.db.exec(MIGRATION); // idempotent
    // The later ones add the answer's confidence and the daily client hash (热门问题), and the staff's decisions.
    const all = fakeD1();
    all.db.exec(ALL_MIGRATIONS);
    const allColumns = (all.db.prepare('PRAGMA table_info(questions)').all() as { name: string }[]).map((c) => c.name);
    expect(allColumns.slice(-4)).toEqual(['confidence', 'client_hash', 'answer', 'region']);
    expect(all.db.prepare("SELECT name FROM sqlite_master WHERE name = 'popular_decisions'").pluck().get()).toBe('popular_decisions');
  });

  it('records questions, and feedback reaches a question whose write is still under way', async () => {
    const d1 = fakeD1();
    d1.db.exec(ALL_MIGRATIONS);
    const log = new D1QueryLog(d1);
    const e = entry('行政复议办结了多少件？');
    safeRecord(log, e); // not awaited, as the app does
    expect(await log.feedback(e.id, false)).toBe('saved');
    expect(d1.db.prepare('SELECT question, answered, useful FROM questions WHERE id = ?').get(e.id)).toEqual({
      question: '行政复议办结了多少件？',
      answered: 1,
      useful: 0,
    });
    expect(await log.feedback(newQuestionId(), true)).toBe('unknown');
    // One vote per question, as on Node: a second one changes nothing.
    expect(await log.feedback(e.id, true)).toBe('already-rated');
    expect(d1.db.prepare('SELECT useful FROM questions WHERE id = ?').pluck().get(e.id)).toBe(0);
  });

  it('lists answered questions asked by at least the minimum number of clients, most clients first', async () => {
    const d1 = fakeD1();
    d1.db.exec(ALL_MIGRATIONS);
    const log = new D1QueryLog(d1, { popularCacheMs: 0 });
    // Distinct clients (their daily hashes) on one day, without approval: the list itself (tests/staff/popular-log.test.ts has the rules).
    const rules = { minClients: 2, minDays: 1, needsApproval: false, lowConfidence: 0.5 };
    const asks: [string, string][] = [['甲问题？', 'a'], ['甲问题', 'b'], ['甲问题？', 'c'], ['乙问题？', 'a'], ['乙问题？', 'b'], ['丙问题？', 'a'], ['丙问题？', 'a']];
    for (const [q, client] of asks) log.record(entry(q, true, { clientHash: client }));
    log.record(entry('丁问题？', false, { clientHash: 'a' }));
    log.record(entry('丁问题？', false, { clientHash: 'b' }));
    await log.settled();
    expect(await log.popular(10, rules)).toEqual([
      { question: expect.stringMatching(/^甲问题/), count: 3 },
      { question: '乙问题？', count: 2 },
    ]);
    expect(await log.popular(1, rules)).toHaveLength(1);
  });

  it('drops writes to a broken database without failing or throwing', async () => {
    const d1 = fakeD1(); // no table: every write fails
    const log = new D1QueryLog(d1);
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      expect(() => safeRecord(log, entry('问题一'))).not.toThrow();
      await expect(log.record(entry('问题二'))).resolves.toBeUndefined();
      await log.settled();
    } finally {
      console.warn = warn;
    }
    expect(warnings).toHaveLength(1);
  });
});
