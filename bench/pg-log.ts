// npm run bench:pg-log — the shared PostgreSQL question log (LOG_URL) against
// the SQLite log (LOG_PATH, writer thread) as the baseline, in one process and
// one run: what record() costs the event loop per question (what an answer pays),
// how fast queued questions reach the database, and how long /admin's most-asked
// list and 热门问题 take over the same rows. Needs a PostgreSQL at
// TEST_POSTGRES_URL (eval "$(.ci/postgres start)"); it works in a schema of its
// own and drops it. Prints medians of ROUNDS and PostgreSQL / SQLite ratios.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPgQueryLog } from '../src/adapters/node/pg-query-log.js';
import { SqliteQueryLog } from '../src/adapters/node/query-log.js';
import { newQuestionId, questionKey, type LoggedQuestion } from '../src/staff/query-log.js';

const URL_BASE = process.env.TEST_POSTGRES_URL;
if (!URL_BASE) {
  console.error('bench:pg-log needs TEST_POSTGRES_URL (eval "$(.ci/postgres start)")');
  process.exit(1);
}
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = 5;
const DISTINCT = 2000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TOPICS = ['行政复议', '法律援助', '人民调解', '营商环境', '公积金', '社会保险', '户籍', '不动产登记', '行政执法', '普法宣传'];

/** `n` questions over DISTINCT wordings, spread over the last 30 days, 50 clients. */
function questions(n: number): LoggedQuestion[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const question = `${TOPICS[i % TOPICS.length]}第${i % DISTINCT}个问题怎么办理？`;
    return {
      id: newQuestionId(),
      question,
      key: questionKey(question),
      answered: i % 7 !== 0,
      firstCitation: 'report:3',
      latencyMs: 4,
      confidence: 0.4 + (i % 6) / 10,
      lang: 'zh-CN',
      channel: 'page' as const,
      askedAt: new Date(now - (i % 30) * 86_400_000 - i).toISOString(),
      clientHash: `c${i % 50}`,
      answer: '依法办理。',
      region: i % 3 ? '阳江市' : '广东省',
    };
  });
}

interface Log {
  record(q: LoggedQuestion): void;
  flush(): void | Promise<void>;
  mostAsked(w: { since: string; limit: number }): unknown;
  popular(limit: number, rules: { minClients: number; minDays: number; needsApproval: boolean; lowConfidence: number }): unknown;
  close(): void | Promise<void>;
}

async function measure(open: () => Promise<Log>) {
  const recordUs: number[] = [];
  const writeRowsPerS: number[] = [];
  const log = await open();
  for (let r = 0; r < ROUNDS; r++) {
    const batch = questions(ROWS);
    const t0 = performance.now();
    for (const q of batch) log.record(q);
    const t1 = performance.now();
    await log.flush();
    const t2 = performance.now();
    recordUs.push(((t1 - t0) * 1000) / ROWS);
    writeRowsPerS.push(ROWS / ((t2 - t0) / 1000));
  }
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const mostAskedMs: number[] = [];
  const popularMs: number[] = [];
  const rules = { minClients: 2, minDays: 2, needsApproval: false, lowConfidence: 0.5 };
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    await log.mostAsked({ since, limit: 50 });
    mostAskedMs.push(performance.now() - t);
    t = performance.now();
    await log.popular(20, rules);
    popularMs.push(performance.now() - t);
  }
  await log.close();
  return { recordUs: median(recordUs), writeRowsPerS: median(writeRowsPerS), mostAskedMs: median(mostAskedMs), popularMs: median(popularMs) };
}

const dir = mkdtempSync(join(tmpdir(), 'policy-qa-bench-pg-'));
const schema = `bench_pg_${process.pid}`;
const admin = new pg.Client({ connectionString: URL_BASE });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
try {
  const url = new URL(URL_BASE);
  url.searchParams.set('options', `-c search_path=${schema}`);
  // popularCacheMs 0: every popular() call runs the query (what a cache miss costs).
  const sqlite = await measure(async () => new SqliteQueryLog(join(dir, 'log.sqlite'), { popularCacheMs: 0, maxQueued: ROWS * 2 }));
  const postgres = await measure(async () => openPgQueryLog(url.toString(), { popularCacheMs: 0, maxQueued: ROWS * 2 }));
  const total = ROWS * ROUNDS;
  console.log(`question log, ${ROUNDS} rounds of ${ROWS} questions (${total} rows, ${DISTINCT} wordings in the end); medians`);
  console.log('| | SQLite (LOG_PATH) | PostgreSQL (LOG_URL) | PostgreSQL / SQLite |');
  console.log('| --- | --- | --- | --- |');
  const row = (name: string, a: number, b: number, digits = 1) => console.log(`| ${name} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(b / a).toFixed(2)} |`);
  row('record(), µs per question on the event loop', sqlite.recordUs, postgres.recordUs, 2);
  row('queued → written, rows/s', sqlite.writeRowsPerS, postgres.writeRowsPerS, 0);
  row(`/admin most asked (${total} rows), ms`, sqlite.mostAskedMs, postgres.mostAskedMs);
  row(`热门问题 query (${total} rows), ms`, sqlite.popularMs, postgres.popularMs);
} finally {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
