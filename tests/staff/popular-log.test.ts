// 热门问题 in the question logs themselves (issue #16): the daily client hash
// (its SHA-256 against node:crypto, a new salt each day, no address in it), the
// Node SQLite log and the D1 log giving the same list from the same rows, by the
// same rules as the verdicts /admin shows (src/staff/popular.ts), staff
// decisions kept in the log file, and the writer thread's refresh using the
// rules it is given.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { D1QueryLog, type D1Like } from '../../src/adapters/workers/query-log.js';
import { DailyClientHasher, sha256 } from '../../src/staff/client-hash.js';
import { popularVerdict, type PopularRules } from '../../src/staff/popular.js';
import { newQuestionId, questionKey, type LoggedQuestion } from '../../src/staff/query-log.js';

const DAY = 86_400_000;
const NOW = Date.now();
const RULES: PopularRules = { minClients: 3, minDays: 2, needsApproval: false, lowConfidence: 0.5 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-popular-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the daily client hash', () => {
  it('is SHA-256', () => {
    for (const length of [0, 1, 3, 55, 56, 63, 64, 65, 119, 1000]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
      expect(Buffer.from(sha256(data)).toString('hex'), `${length} bytes`).toBe(createHash('sha256').update(data).digest('hex'));
    }
    expect(Buffer.from(sha256(new TextEncoder().encode('abc'))).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('tells clients apart within a day, not across days, and holds no address', () => {
    let now = Date.UTC(2026, 2, 3, 1, 0); // 09:00 China time
    const hasher = new DailyClientHasher(() => now);
    const a = hasher.hash('203.0.113.9');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hasher.hash('203.0.113.9')).toBe(a);
    expect(hasher.hash('203.0.113.10')).not.toBe(a);
    expect(hasher.hash(undefined)).toBeNull();
    expect(hasher.hash('')).toBeNull();
    now += 14 * 3600_000; // 23:00 China time: the same day
    expect(hasher.hash('203.0.113.9')).toBe(a);
    now += 2 * 3600_000; // 01:00 the next day: a new salt
    const next = hasher.hash('203.0.113.9');
    expect(next).not.toBe(a);
    // Another process (another random salt) hashes the same address differently: the salt is not derived from anything stored.
    expect(new DailyClientHasher(() => now).hash('203.0.113.9')).not.toBe(next);
  });
});

/** A D1Like over a SQLite database; every call resolves on a later tick, as D1's do. */
function fakeD1(db: Database.Database): D1Like {
  const later = <T>(f: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => {
    try {
      resolve(f());
    } catch (err) {
      reject(err);
    }
  }, 1));
  const statement = (sql: string, values: unknown[]): ReturnType<D1Like['prepare']> => ({
    bind: (...v: unknown[]) => statement(sql, v),
    run: () => later(() => ({ meta: { changes: db.prepare(sql).run(...values).changes } })),
    all: <T>() => later(() => ({ results: db.prepare(sql).all(...values) as T[] })),
  });
  return { prepare: (sql) => statement(sql, []) };
}

function entry(question: string, client: string | null, daysAgo: number, fields: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered: true,
    firstCitation: 'doc:1',
    latencyMs: 1,
    confidence: 0.9,
    lang: 'zh-CN',
    channel: 'api',
    askedAt: new Date(NOW - daysAgo * DAY - Math.floor(Math.random() * 1000)).toISOString(),
    clientHash: client,
    ...fields,
  };
}

/** The same log content for both runtimes: one question per rule, and the votes to attach. */
function fixture(): { entries: LoggedQuestion[]; votes: [number, boolean][] } {
  const entries: LoggedQuestion[] = [];
  const spread = (question: string, fields: Partial<LoggedQuestion> = {}) => {
    for (const [client, daysAgo] of [['c1', 2], ['c2', 2], ['c3', 1]] as const) entries.push(entry(question, client, daysAgo, fields));
  };
  spread('三个访客两天都问过的问题？');
  spread('回答没找到的问题？', { answered: false, confidence: 0.1 });
  spread('置信度低的问题？', { confidence: 0.3 });
  spread('请加微信 abc12345 的问题？');
  for (let i = 0; i < 6; i++) entries.push(entry('一个访客问了六次的问题？', 'c9', i % 2));
  for (const [client, daysAgo] of [['c1', 0], ['c2', 0], ['c3', 0]] as const) entries.push(entry('三个访客同一天问的问题？', client, daysAgo));
  for (let i = 0; i < 4; i++) entries.push(entry('旧日志里没有访客散列的问题？', null, i));
  spread('被评为没用的问题？');
  const downvoted = entries.length - 3;
  // Five 有用 from one client (each of its asks) count once; two clients' 没用 outweigh it.
  for (let i = 0; i < 5; i++) entries.push(entry('被评为没用的问题？', 'c7', 1));
  return {
    entries,
    votes: [[downvoted, false], [downvoted + 1, false], ...[0, 1, 2, 3, 4].map((i): [number, boolean] => [downvoted + 3 + i, true])],
  };
}

describe('the popular list on Node and on D1', () => {
  it('gives the same list from the same rows, the one the verdicts allow', async () => {
    const { entries, votes } = fixture();
    const node = new SqliteQueryLog(join(dir, 'node.sqlite'), { popularCacheMs: 0, writerThread: false });
    const d1db = new Database(join(dir, 'd1.sqlite'));
    applyMigrations(d1db); // the very files wrangler applies to D1
    const d1 = new D1QueryLog(fakeD1(d1db), { popularCacheMs: 0 });
    for (const e of entries) {
      node.record(e);
      await d1.record(e);
    }
    for (const [i, useful] of votes) {
      await node.feedback(entries[i].id, useful);
      await d1.feedback(entries[i].id, useful);
    }
    const nodeList = node.popular(10, RULES);
    expect(nodeList).toEqual([{ question: '三个访客两天都问过的问题？', count: 3 }]);
    expect(await d1.popular(10, RULES)).toEqual(nodeList);

    // The SQL and the verdicts /admin shows agree, candidate by candidate.
    const since = new Date(NOW - 30 * DAY).toISOString();
    const candidates = node.popularCandidates(since, 50);
    expect(await d1.popularCandidates(since, 50)).toEqual(candidates);
    const verdicts = Object.fromEntries(candidates.map((c) => [c.question, popularVerdict(c, RULES)]));
    expect(verdicts).toEqual({
      '三个访客两天都问过的问题？': 'shown',
      '置信度低的问题？': 'lowConfidence',
      '请加微信 abc12345 的问题？': 'contact',
      '一个访客问了六次的问题？': 'tooFew',
      '三个访客同一天问的问题？': 'tooFew',
      '旧日志里没有访客散列的问题？': 'tooFew',
      '被评为没用的问题？': 'votedDown',
    }); // the unanswered one is no candidate
    expect(candidates.find((c) => c.question === '一个访客问了六次的问题？')).toMatchObject({ asks: 6, clients: 1, days: 2 });
    expect(candidates.find((c) => c.question === '被评为没用的问题？')).toMatchObject({ useful: 1, notUseful: 2 });

    // Decisions: approval needed, then approve, pin, hide — alike on both.
    const approval = { ...RULES, needsApproval: true };
    for (const log of [node, d1]) {
      expect(await log.popular(10, approval)).toEqual([]);
      await log.decidePopular(questionKey('三个访客两天都问过的问题？'), 'approved');
      await log.decidePopular(questionKey('三个访客同一天问的问题？'), 'pinned');
      await log.decidePopular(questionKey('请加微信 abc12345 的问题？'), 'pinned'); // the filter still holds
      expect((await log.popular(10, approval)).map((p) => p.question)).toEqual(['三个访客同一天问的问题？', '三个访客两天都问过的问题？']);
      await log.decidePopular(questionKey('三个访客两天都问过的问题？'), 'hidden');
      expect((await log.popular(10, RULES)).map((p) => p.question)).toEqual(['三个访客同一天问的问题？']);
      await log.decidePopular(questionKey('三个访客两天都问过的问题？'), null);
      expect((await log.popular(10, RULES)).map((p) => p.question)).toEqual(['三个访客同一天问的问题？', '三个访客两天都问过的问题？']);
    }
    node.close();
    d1db.close();

    // Decisions live in the log file: they outlast a restart.
    const reopened = new SqliteQueryLog(join(dir, 'node.sqlite'), { popularCacheMs: 0, writerThread: false });
    expect(reopened.popularCandidates(since, 50).find((c) => c.question === '三个访客同一天问的问题？')?.state).toBe('pinned');
    reopened.close();
  });

  it('refreshes a stale list on the writer thread by the rules it was asked with', async () => {
    const log = new SqliteQueryLog(join(dir, 'writer.sqlite'), { popularCacheMs: 50 });
    const rules = { ...RULES, minClients: 2, minDays: 1 };
    for (const client of ['a', 'b']) log.record(entry('开办企业可以一窗通办吗？', client, 0));
    expect(log.popular(10, rules).map((p) => p.question)).toEqual(['开办企业可以一窗通办吗？']);
    for (const client of ['a', 'b', 'c']) log.record(entry('法治政府建设有哪些不足？', client, 0));
    log.record(entry('一个人问的问题？', 'a', 0));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(log.popular(10, rules).map((p) => p.question)).toEqual(['开办企业可以一窗通办吗？']); // stale, at once
    let refreshed: string[] = [];
    for (let i = 0; i < 100 && refreshed.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      refreshed = log.popular(10, rules).map((p) => p.question);
    }
    expect(refreshed).toEqual(['法治政府建设有哪些不足？', '开办企业可以一窗通办吗？']);
    // Other rules are not served from the cache made by these.
    expect(log.popular(10, { ...rules, minClients: 3 }).map((p) => p.question)).toEqual(['法治政府建设有哪些不足？']);
    log.close();
  });

  it('stores the hash and no address, in the column the migration adds', () => {
    const path = join(dir, 'columns.sqlite');
    const log = new SqliteQueryLog(path, { writerThread: false });
    log.record(entry('开办企业可以一窗通办吗？', '0123456789abcdef', 0));
    log.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT client_hash FROM questions').pluck().all()).toEqual(['0123456789abcdef']);
    expect((db.prepare('PRAGMA table_info(popular_decisions)').all() as { name: string }[]).map((c) => c.name)).toEqual(['question_key', 'state', 'decided_at']);
    db.close();
  });
});
