// The D1 question log's SQL and behaviour, on the migration's schema, through a
// D1-shaped wrapper around SQLite (D1 is SQLite): records, feedback on a
// question whose write is still pending, popular questions with the minimum
// count, and a failing database that never fails an answer.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D1QueryLog, type D1Like } from '../../src/adapters/workers/query-log.js';
import { newQuestionId, questionKey, safeRecord, type LoggedQuestion } from '../../src/staff/query-log.js';

const MIGRATION = readFileSync(new URL('../../migrations/0001_questions.sql', import.meta.url), 'utf8');

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

function entry(question: string, answered = true): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered,
    firstCitation: answered ? 'doc:1' : null,
    latencyMs: 0,
    lang: 'zh-Hans',
    channel: 'api',
    askedAt: new Date().toISOString(),
  };
}

describe('D1 question log', () => {
  it('the migration creates the table the Node log uses', () => {
    const d1 = fakeD1();
    d1.db.exec(MIGRATION);
    const columns = (d1.db.prepare('PRAGMA table_info(questions)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'asked_at', 'question', 'question_key', 'answered', 'first_citation', 'latency_ms', 'lang', 'channel', 'useful', 'feedback_at']);
    d1.db.exec(MIGRATION); // idempotent
  });

  it('records questions, and feedback reaches a question whose write is still under way', async () => {
    const d1 = fakeD1();
    d1.db.exec(MIGRATION);
    const log = new D1QueryLog(d1);
    const e = entry('行政复议办结了多少件？');
    safeRecord(log, e); // not awaited, as the app does
    expect(await log.feedback(e.id, false)).toBe(true);
    expect(d1.db.prepare('SELECT question, answered, useful FROM questions WHERE id = ?').get(e.id)).toEqual({
      question: '行政复议办结了多少件？',
      answered: 1,
      useful: 0,
    });
    expect(await log.feedback(newQuestionId(), true)).toBe(false);
  });

  it('lists answered questions asked at least the minimum number of times, most asked first', async () => {
    const d1 = fakeD1();
    d1.db.exec(MIGRATION);
    const log = new D1QueryLog(d1, { popularMinCount: 2, popularCacheMs: 0 });
    for (const q of ['甲问题？', '甲问题', '甲问题？', '乙问题？', '乙问题？', '丙问题？']) log.record(entry(q));
    log.record(entry('丁问题？', false));
    log.record(entry('丁问题？', false));
    await log.settled();
    expect(await log.popular(10)).toEqual([
      { question: expect.stringMatching(/^甲问题/), count: 3 },
      { question: '乙问题？', count: 2 },
    ]);
    expect(await log.popular(1)).toHaveLength(1);
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
