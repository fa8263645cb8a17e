// The shared question log in PostgreSQL (LOG_URL; src/adapters/node/pg-query-log.ts,
// pg-teachings-store.ts) against a real server (tests/helpers/postgres.ts):
// its schema is the SQLite/D1 schema (same migration names, columns and
// indexes) applied once even when two replicas start together; it gives the
// very same reports, 热门问题 and candidates as the SQLite log from the same
// asks (the PostgreSQL forms of the shared SQL); feedback finds a question
// another replica still had queued; a failing write is counted, logged and
// recovers; a database that cannot be reached stops start-up with one line
// and no password; teachings saved through one store reach another's LISTEN.
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyPgMigrations, maskedUrl, openPgQueryLog, openPool, pgMigrations, PgQueryLogOpenError, type PgQueryLog } from '../../src/adapters/node/pg-query-log.js';
import { PgTeachingsStore } from '../../src/adapters/node/pg-teachings-store.js';
import { applyMigrations, questionLogMigrations, SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { POPULAR_CANDIDATES_SQL, POPULAR_CLEAR_SQL, POPULAR_DECIDE_SQL, POPULAR_SQL, type PopularRules } from '../../src/staff/popular.js';
import { DAILY_SQL, FEEDBACK_SUMMARY_SQL, newQuestionId, questionKey, REGIONS_SQL, STAT_COLUMNS, STAT_LISTS, type LoggedQuestion, type QueryLogReports, type ReportFilter } from '../../src/staff/query-log.js';
import { TeachingConflict } from '../../src/staff/teachings.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';
import { collectingLogger } from '../helpers/log-lines.js';
import { freshSchema, skipPostgresTests, sql } from '../helpers/postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-qa-pg-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = Date.now();
const DAY = 86_400_000;
const at = (daysAgo: number, minutes = 0) => new Date(NOW - daysAgo * DAY + minutes * 60_000).toISOString();

function entry(question: string, fields: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered: true,
    firstCitation: 'report-a:3',
    latencyMs: 5,
    confidence: 0.8,
    lang: 'zh-CN',
    channel: 'page',
    askedAt: at(0),
    answer: '答复。',
    region: null,
    ...fields,
  };
}

/** Asks over days, regions, outcomes, clients and votes: what the reports and 热门问题 are made of. */
const ASKS: LoggedQuestion[] = [
  entry('行政复议怎么申请？', { askedAt: at(3), answer: '向复议机关提出申请。', firstCitation: 'report-a:3', region: '阳江市', clientHash: 'c1' }),
  entry('行政复议怎么申请', { askedAt: at(1), answer: '可以书面申请，也可以口头申请。', firstCitation: 'report-a:5', region: '阳江市', clientHash: 'c2' }),
  entry('行政复议怎么申请', { askedAt: at(1, 5), answer: '可以书面申请，也可以口头申请。', firstCitation: 'report-a:5', region: '阳江市', clientHash: 'c3' }),
  entry('公积金贷款额度是多少？', { askedAt: at(2), answered: false, confidence: 0.1, firstCitation: null, answer: null, region: '湛江市', clientHash: 'c1' }),
  entry('普法宣传怎么开展？', { askedAt: at(20), answer: '开展“八五”普法。', firstCitation: 'report-a:9', region: '阳江市', confidence: 0.3, clientHash: 'c4' }),
  entry('广东的营商环境如何？', { askedAt: at(0, -5), answer: '持续优化营商环境。', firstCitation: 'report-b:4', region: '广东省', clientHash: 'c5' }),
  entry('广东的营商环境如何？', { askedAt: at(2), answer: '持续优化营商环境。', firstCitation: 'report-b:4', region: '广东省', clientHash: 'c6' }),
  entry('咨询电话是多少？', { askedAt: at(0, -9), answer: '请拨打 0662-3361234 咨询。', region: '阳江市' }),
  entry('很长的回答？', { askedAt: at(0, -8), answer: '依法'.repeat(400), region: '广东省', confidence: 0.95, clientHash: 'c7' }),
  entry('深夜提问？', { askedAt: new Date(Date.UTC(2026, 0, 1, 17, 30)).toISOString(), region: '广东省' }),
];

const FILTERS: [string, ReportFilter][] = [
  ['everything in 30 days', { since: at(30) }],
  ['the last week', { since: at(7) }],
  ['an older range', { since: at(25), until: at(10) }],
  ['one region', { since: at(30), region: '阳江市' }],
  ['answered only', { since: at(30), status: 'answered' }],
  ['unanswered only', { since: at(30), status: 'unanswered' }],
  ['a region with nothing unanswered', { since: at(30), region: '广东省', status: 'unanswered' }],
  ['across the date line of China time', { since: '2025-12-01T00:00:00.000Z', until: '2026-01-03T00:00:00.000Z' }],
];

async function reports(log: QueryLogReports, f: ReportFilter) {
  const window = { ...f, limit: 50 };
  return {
    mostAsked: await log.mostAsked(window),
    unanswered: await log.unanswered(window),
    lowConfidence: await log.lowConfidence(window, 0.5),
    feedbackQuestions: await log.feedbackQuestions(window),
    feedback: await log.feedbackSummary(f),
    daily: await log.daily(f),
    regions: await log.regions?.(f),
  };
}

const RULES: PopularRules[] = [
  { minClients: 1, minDays: 1, needsApproval: false, lowConfidence: 0.5 },
  { minClients: 2, minDays: 2, needsApproval: false, lowConfidence: 0.5 },
  { minClients: 1, minDays: 1, needsApproval: true, lowConfidence: 0.5 },
];

describe.skipIf(skipPostgresTests)('PostgreSQL question log', () => {
  const schemas: { drop: () => Promise<void> }[] = [];
  const logs: PgQueryLog[] = [];
  async function fresh(prefix: string) {
    const s = await freshSchema(prefix);
    schemas.push(s);
    return s;
  }
  async function open(url: string, options: Parameters<typeof openPgQueryLog>[1] = {}) {
    const log = await openPgQueryLog(url, { popularCacheMs: 0, ...options });
    logs.push(log);
    return log;
  }
  let corpus: CorpusApp;
  beforeAll(async () => {
    corpus = await setupCorpusApp();
  }, 120_000);
  afterAll(async () => {
    for (const log of logs) await log.close();
    for (const s of schemas) await s.drop();
    corpus?.cleanup();
  });

  it('has the SQLite/D1 schema: the same migrations, tables, columns and indexes', async () => {
    const { url } = await fresh('schema');
    await open(url);
    expect(pgMigrations().map((m) => m.name)).toEqual(questionLogMigrations().map((m) => m.name));
    expect((await sql<{ name: string }>(url, 'SELECT name FROM policy_qa_migrations ORDER BY id')).map((r) => r.name)).toEqual(pgMigrations().map((m) => m.name));

    const lite = new Database(':memory:');
    applyMigrations(lite);
    const liteTables = (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'd1_migrations' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const pgTables = (await sql<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'policy_qa_migrations' ORDER BY table_name")).map((r) => r.table_name);
    expect(pgTables).toEqual(liteTables);
    for (const table of liteTables) {
      const liteColumns = (lite.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
      const pgColumns = (await sql<{ column_name: string }>(url, 'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY column_name', [table])).map((r) => r.column_name);
      expect(pgColumns, table).toEqual(liteColumns);
    }
    const liteIndexes = (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const pgIndexes = (await sql<{ indexname: string }>(url, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname !~ '_(pkey|key_key|name_key)$' ORDER BY indexname")).map((r) => r.indexname);
    expect(pgIndexes).toEqual(liteIndexes);
    lite.close();
  });

  it('applies each migration once when two replicas start at the same moment', async () => {
    const { url } = await fresh('race');
    const pools = [openPool(url, () => undefined), openPool(url, () => undefined)];
    try {
      const applied = await Promise.all(pools.map((p) => applyPgMigrations(p)));
      expect(applied.flat().sort()).toEqual(pgMigrations().map((m) => m.name).sort());
      expect(await applyPgMigrations(pools[0])).toEqual([]);
      expect(await sql(url, 'SELECT name FROM policy_qa_migrations')).toHaveLength(pgMigrations().length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('uses the shared SQL only where no `?` sits inside a literal (pgPlaceholders numbers every `?`)', () => {
    const where = 'asked_at >= ?';
    for (const text of [POPULAR_SQL, POPULAR_CANDIDATES_SQL, POPULAR_DECIDE_SQL, POPULAR_CLEAR_SQL, STAT_COLUMNS, FEEDBACK_SUMMARY_SQL(where), DAILY_SQL(where), REGIONS_SQL(where), ...Object.values(STAT_LISTS).map((l) => l.extra + l.order)]) {
      for (const literal of text.match(/'[^']*'/g) ?? []) expect(literal).not.toContain('?');
    }
  });

  it('stores questions and answers masked and bounded, once per id', async () => {
    const { url } = await fresh('store');
    const log = await open(url);
    const phone = entry('我的电话13800138000能查吗？', { answer: '请拨打 0662-3361234 或 13800138000 咨询。', region: '阳江市' });
    const long = entry('很长的回答？', { answer: '依法'.repeat(400) });
    // What an array literal would trip on (the rows travel as one array per column): quotes, braces, commas, backslashes, NULL.
    const awkward = entry('引号"{逗号,}\\反斜杠 NULL？', { answer: null, firstCitation: null, confidence: null, clientHash: null, region: null });
    log.record(phone);
    log.record(long);
    log.record(phone);
    log.record(awkward);
    await log.flush();
    const rows = await sql<{ id: string; question: string; answer: string; region: string }>(url, 'SELECT id, question, answer, region FROM questions ORDER BY asked_at, question');
    expect(rows).toHaveLength(3);
    expect((await sql(url, 'SELECT question, question_key, answer, first_citation, confidence, client_hash, region, answered, latency_ms FROM questions WHERE id = $1', [awkward.id]))[0]).toEqual({
      question: awkward.question,
      question_key: awkward.key,
      answer: null,
      first_citation: null,
      confidence: null,
      client_hash: null,
      region: null,
      answered: 1,
      latency_ms: 5,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(phone.id)).toMatchObject({ question: '我的电话＊＊＊能查吗？', answer: '请拨打 ＊＊＊ 或 ＊＊＊ 咨询。', region: '阳江市' });
    expect([...byId.get(long.id)!.answer]).toHaveLength(300);
  });

  it('gives the same reports, 热门问题 and candidates as the SQLite log from the same asks', async () => {
    const { url } = await fresh('parity');
    const pgLog = await open(url);
    const lite = new SqliteQueryLog(join(dir, 'parity.sqlite'), { writerThread: false, popularCacheMs: 0 });
    try {
      for (const a of ASKS) {
        pgLog.record(a);
        lite.record(a);
      }
      // Votes: one 有用 and one 没用 on the popular question, a 没用 on an unanswered one.
      for (const [i, useful] of [[1, true], [2, false], [3, false]] as const) {
        expect(await pgLog.feedback(ASKS[i].id, useful)).toBe('saved');
        expect(await lite.feedback(ASKS[i].id, useful)).toBe('saved');
      }
      expect(await pgLog.feedback(ASKS[1].id, false)).toBe('already-rated');
      for (const [name, f] of FILTERS) expect(await reports(pgLog, f), name).toEqual(await reports(lite, f));

      // The latest ask of a question gives its wording, answer, citation and region (SQLite's bare columns).
      const [top] = await pgLog.mostAsked({ since: at(30), limit: 10 });
      expect(top).toMatchObject({ question: '行政复议怎么申请', count: 3, answered: 3, answer: '可以书面申请，也可以口头申请。', firstCitation: 'report-a:5', lastAsked: at(1, 5), useful: 1, notUseful: 1 });
      const [older] = await pgLog.mostAsked({ since: at(30), until: at(2), limit: 10 });
      expect(older).toMatchObject({ question: '行政复议怎么申请？', count: 1, answer: '向复议机关提出申请。' });

      const decide = async (question: string, state: 'pinned' | 'approved' | 'hidden' | null) => {
        await pgLog.decidePopular(questionKey(question), state);
        lite.decidePopular(questionKey(question), state);
      };
      const compare = async (label: string) => {
        for (const rules of RULES) expect(await pgLog.popular(10, rules), `${label} ${JSON.stringify(rules)}`).toEqual(lite.popular(10, rules));
        expect(await pgLog.popularCandidates(at(30), 50), label).toEqual(lite.popularCandidates(at(30), 50));
      };
      await compare('no decisions');
      expect((await pgLog.popular(10, RULES[1])).map((p) => p.question)).toEqual(['行政复议怎么申请', '广东的营商环境如何？']);
      await decide('很长的回答？', 'pinned');
      await decide('广东的营商环境如何？', 'approved');
      await decide('行政复议怎么申请', 'hidden');
      await compare('decided');
      expect((await pgLog.popular(10, RULES[2])).map((p) => p.question)).toEqual(['很长的回答？', '广东的营商环境如何？']);
      await decide('很长的回答？', null);
      await compare('a decision cleared');
    } finally {
      lite.close();
    }
  });

  it('takes a vote for a question another replica still holds in its queue', async () => {
    const { url } = await fresh('peer');
    const a = await open(url, { flushMs: 300 });
    const b = await open(url, { peerFlushWaitMs: 800 });
    const asked = entry('两个副本之间的反馈？');
    a.record(asked);
    // B sees no such row yet; A writes it within flushMs; B tries again after peerFlushWaitMs.
    expect(await sql(url, 'SELECT 1 FROM questions WHERE id = $1', [asked.id])).toHaveLength(0);
    expect(await b.feedback(asked.id, true)).toBe('saved');
    expect(await a.feedback(asked.id, false)).toBe('already-rated');
    // An id from long ago that nobody logged is unknown at once.
    expect(await b.feedback(newQuestionId(NOW - 10 * DAY), true)).toBe('unknown');
    expect((await sql<{ useful: number }>(url, 'SELECT useful FROM questions WHERE id = $1', [asked.id]))[0].useful).toBe(1);
  });

  it('deletes entries older than the retention period', async () => {
    const { url } = await fresh('prune');
    const log = await open(url, { retentionDays: 10 });
    log.record(entry('很久以前的问题？', { askedAt: at(40) }));
    log.record(entry('最近的问题？', { askedAt: at(1) }));
    await log.flush();
    expect(await log.prune()).toBe(1);
    expect((await sql<{ question: string }>(url, 'SELECT question FROM questions')).map((r) => r.question)).toEqual(['最近的问题？']);
  });

  it('counts, logs and recovers from failing writes, tells /admin, and refuses votes meanwhile', async () => {
    const { url } = await fresh('failing');
    const logger = collectingLogger('info');
    const log = await open(url, { logger });
    const token = 'pg-failure-token-R4t8-Kx2m-Jq7v';
    const app = createApp({ service: () => corpus.service, settings: { ...DEFAULT_SETTINGS, ADMIN_TOKEN: token }, queryLog: log, logger });
    const admin = async () => (await app.request('/admin', { headers: { Authorization: `Bearer ${token}` } })).text();
    const before = entry('写入正常时的问题？');
    log.record(before);
    await log.flush();
    expect(log.writeFailure()).toBeNull();
    // The server drops the log's connections (a restart): the pool connects again, nothing is lost.
    await sql(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'policy-qa' AND pid <> pg_backend_pid()");
    const afterRestart = entry('数据库重启之后的问题？');
    log.record(afterRestart);
    await log.flush();
    expect(log.writeFailure()).toBeNull();
    expect(await sql(url, 'SELECT 1 FROM questions WHERE id = $1', [afterRestart.id])).toHaveLength(1);
    // The table goes away under the log (as when a database is restored without it).
    await sql(url, 'ALTER TABLE questions RENAME TO questions_away');
    for (let i = 0; i < 4; i++) log.record(entry(`丢失的问题${i}？`));
    await log.flush();
    expect(log.writeFailure()).toMatchObject({ dropped: 4, failing: true, reason: expect.stringContaining('relation "questions" does not exist') });
    expect(await log.feedback(before.id, true)).toBe('unavailable');
    const vote = await app.request('/api/feedback', { method: 'POST', body: JSON.stringify({ id: before.id, useful: true }), headers: { 'Content-Type': 'application/json' } });
    expect(vote.status).toBe(503);
    expect(await admin()).toMatch(/<p class="error" role="alert">提问记录无法写入：自 \d{4}-\d\d-\d\d \d\d:\d\d 起已丢弃 4 条提问（relation &quot;questions&quot; does not exist）/);
    // The log's own lines (the request log has the 503 too).
    const errors = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error' && l.msg !== 'request');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'question log write failed; asked questions dropped', dropped: 4, droppedSince: 4 });
    expect(JSON.stringify(errors[0])).not.toContain('    at ');

    await sql(url, 'ALTER TABLE questions_away RENAME TO questions');
    log.record(entry('恢复之后的问题？'));
    await log.flush();
    expect(log.writeFailure()).toMatchObject({ dropped: 4, failing: false });
    expect(await log.feedback(before.id, true)).toBe('saved');
    expect(logger.lines.some((l) => l.includes('"msg":"question log writing again"'))).toBe(true);
    expect(await admin()).toMatch(/<p class="error" role="status">提问记录已恢复写入；自 [^）]+起共丢弃了 4 条提问/);
  }, 30_000);

  it('stops with one line, the password masked, when the database cannot be reached', async () => {
    // A port nothing listens on: bind one, note it, close it.
    const server = (await import('node:net')).createServer();
    const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)));
    await new Promise((done) => server.close(done));
    const err = await openPgQueryLog(`postgres://staff:s3cret-pass@127.0.0.1:${port}/policyqa`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgQueryLogOpenError);
    const message = (err as Error).message;
    expect(message).toMatch(new RegExp(`^question log: cannot open or write the PostgreSQL log at LOG_URL postgres://staff:\\*\\*\\*@127\\.0\\.0\\.1:${port}/policyqa: .*ECONNREFUSED.*unset LOG_URL`));
    expect(message).not.toContain('s3cret');
    expect(message).not.toContain('\n');
    expect(maskedUrl('postgresql://db.internal/policyqa?user=staff&password=s3cret-pass')).toBe('postgresql://db.internal/policyqa?user=staff&password=***');
  });

  it('keeps teachings, refuses a second curated answer, and tells every listening replica of a change', async () => {
    const { url } = await fresh('teach');
    const log = await open(url);
    const a = new PgTeachingsStore(log.pool, url);
    const b = new PgTeachingsStore(log.pool, url);
    let heard = 0;
    await b.watch(() => heard++);
    try {
      const taught = await a.addTaught({ question: '行政复议怎么申请？', passageIds: ['report-a:3', 'report-a:5'], note: '', createdBy: 'staff', createdAt: at(0) });
      await vi.waitFor(() => expect(heard).toBe(1));
      expect((await b.snapshot()).taught).toEqual([taught]);
      const again = await a.addTaught({ question: '行政复议怎么申请', passageIds: ['report-a:9'], note: '改', createdBy: 'staff', createdAt: at(0, 1) });
      expect(again.id).toBe(taught.id);
      const curated = { question: '公积金怎么提取？', answer: '携带身份证到窗口办理。', sourceUrl: 'https://www.example.gov.cn/gjj', sourceDate: '2026-01-01', reviewedBy: 'staff', reviewedAt: at(0), expiresAt: at(-180), createdBy: 'staff', createdAt: at(0) };
      const saved = await a.saveCurated(curated);
      await expect(b.saveCurated(curated)).rejects.toBeInstanceOf(TeachingConflict);
      expect(await a.saveCurated({ ...curated, answer: '网上办理。' }, saved!.id)).toMatchObject({ id: saved!.id, answer: '网上办理。' });
      expect(await a.saveCurated(curated, 9999)).toBeNull();
      expect(await a.removeTaught(taught.id)).toBe(true);
      expect(await a.removeCurated(saved!.id)).toBe(true);
      await vi.waitFor(() => expect(heard).toBe(6));
      expect(await b.snapshot()).toEqual({ taught: [], curated: [] });
      // The listening connection dropped (a database restart): B listens again within a few seconds and
      // re-reads once (it may have missed a change), then hears changes as before.
      await sql(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'policy-qa teachings'");
      await vi.waitFor(() => expect(heard).toBe(7), { timeout: 10_000, interval: 100 });
      await a.addTaught({ question: '重新连接之后？', passageIds: ['report-a:1'], note: '', createdBy: 'staff', createdAt: at(0) });
      await vi.waitFor(() => expect(heard).toBe(8));
    } finally {
      a.close();
      b.close();
    }
  });
});

// Keeps the fixture list honest: the migrations folder's PostgreSQL twin has one file per SQLite/D1 file.
it('mirrors every migrations/*.sql in migrations/postgres/', () => {
  const names = (d: string) => readdirSync(new URL(d, import.meta.url)).filter((n) => n.endsWith('.sql')).sort();
  expect(names('../../migrations/postgres/')).toEqual(names('../../migrations/'));
});
