// The staff reports' data (issue #18): the Node log (writer thread and inline)
// stores each ask's answer text — masked like the question, at most 300
// characters — and its region, through migration 0004; the reports carry the
// latest ask's answer, citation and region and honour the date-range, region
// and answered filters; and the D1 log, over the same migrations, gives the
// very same reports from the same asks (one SQL for both).
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { D1QueryLog, type D1Like } from '../../src/adapters/workers/query-log.js';
import { newQuestionId, questionKey, type LoggedQuestion, type QueryLogReports, type ReportFilter } from '../../src/staff/query-log.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-qa-log-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);
const ALL_MIGRATIONS = readdirSync(MIGRATIONS_DIR)
  .filter((n) => n.endsWith('.sql'))
  .sort()
  .map((n) => readFileSync(new URL(n, MIGRATIONS_DIR), 'utf8'))
  .join('\n');

/** A D1Like over SQLite (D1 is SQLite); every call resolves on a later tick, as D1's do. */
function fakeD1(db = new Database(':memory:')): D1Like & { db: Database.Database } {
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
  return { db, prepare: (sql) => statement(sql, []) };
}

const NOW = Date.now();
const DAY = 86_400_000;
const at = (daysAgo: number, minutes = 0) => new Date(NOW - daysAgo * DAY + minutes * 60_000).toISOString();

function entry(question: string, fields: Partial<LoggedQuestion>): LoggedQuestion {
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
    answer: null,
    region: null,
    ...fields,
  };
}

/** The same asks for both logs: a question answered from two passages over time, others by region and outcome. */
const ASKS: LoggedQuestion[] = [
  entry('行政复议怎么申请？', { askedAt: at(3), answer: '向复议机关提出申请。', firstCitation: 'report-a:3', region: '阳江市' }),
  entry('行政复议怎么申请', { askedAt: at(1), answer: '可以书面申请，也可以口头申请。', firstCitation: 'report-a:5', region: '阳江市' }),
  entry('公积金贷款额度是多少？', { askedAt: at(2), answered: false, confidence: 0.1, firstCitation: null, region: '湛江市' }),
  entry('普法宣传怎么开展？', { askedAt: at(20), answer: '开展“八五”普法。', firstCitation: 'report-a:9', region: '阳江市', confidence: 0.3 }),
  entry('广东的营商环境如何？', { askedAt: at(0, -5), answer: '持续优化营商环境。', firstCitation: 'report-b:4', region: '广东省' }),
];

const FILTERS: [string, ReportFilter][] = [
  ['everything in 30 days', { since: at(30) }],
  ['the last week', { since: at(7) }],
  ['an older range', { since: at(25), until: at(10) }],
  ['one region', { since: at(30), region: '阳江市' }],
  ['answered only', { since: at(30), status: 'answered' }],
  ['unanswered only', { since: at(30), status: 'unanswered' }],
  ['a region with nothing unanswered', { since: at(30), region: '广东省', status: 'unanswered' }],
];

async function reports(log: QueryLogReports, f: ReportFilter) {
  const window = { ...f, limit: 50 };
  return {
    mostAsked: await log.mostAsked(window),
    unanswered: await log.unanswered(window),
    lowConfidence: await log.lowConfidence(window, 0.5),
    feedback: await log.feedbackSummary(f),
    daily: await log.daily(f),
    regions: await log.regions?.(f),
  };
}

describe('question log: answers, regions and filtered reports', () => {
  for (const writerThread of [true, false]) {
    it(`stores the answer masked and bounded, and the region (${writerThread ? 'writer thread' : 'inline'})`, () => {
      const path = join(dir, `store-${writerThread}.sqlite`);
      const log = new SqliteQueryLog(path, { writerThread });
      const long = '依法'.repeat(400);
      const asks = [
        entry('咨询电话是多少？', { answer: '请拨打 0662-3361234 或 13800138000 咨询。', region: '阳江市' }),
        entry('很长的回答？', { answer: long, region: '广东省' }),
        entry('没有回答的问题？', { answered: false, answer: null, firstCitation: null }),
        entry('旧式记录？', { answer: undefined, region: undefined }),
      ];
      for (const a of asks) log.record(a);
      log.close();
      const db = new Database(path, { readonly: true });
      const rows = db.prepare('SELECT question, answer, region FROM questions ORDER BY rowid').all() as { question: string; answer: string | null; region: string | null }[];
      db.close();
      expect(rows[0]).toEqual({ question: '咨询电话是多少？', answer: '请拨打 ＊＊＊ 或 ＊＊＊ 咨询。', region: '阳江市' });
      expect([...rows[1].answer!]).toHaveLength(300);
      expect(rows[1].answer!.endsWith('…')).toBe(true);
      expect(rows[1].region).toBe('广东省');
      expect(rows[2]).toEqual({ question: '没有回答的问题？', answer: null, region: null });
      expect(rows[3]).toEqual({ question: '旧式记录？', answer: null, region: null });
    });
  }

  it('reports the latest ask of each question: its wording, answer, citation and region', () => {
    const log = new SqliteQueryLog(join(dir, 'latest.sqlite'), { writerThread: false });
    for (const a of ASKS) log.record(a);
    const [top] = log.mostAsked({ since: at(30), limit: 10 });
    expect(top).toMatchObject({
      question: '行政复议怎么申请',
      count: 2,
      answered: 2,
      answer: '可以书面申请，也可以口头申请。',
      firstCitation: 'report-a:5',
      region: '阳江市',
      lastAnswered: true,
      lastAsked: at(1),
    });
    // Within a range that ends before the latest ask, the earlier one is the latest.
    const [older] = log.mostAsked({ since: at(30), until: at(2), limit: 10 });
    expect(older).toMatchObject({ question: '行政复议怎么申请？', count: 1, answer: '向复议机关提出申请。', firstCitation: 'report-a:3' });
    expect(log.regions({ since: at(30) })).toEqual(['广东省', '湛江市', '阳江市']);
    expect(log.regions({ since: at(7), region: '湛江市' })).toEqual(['广东省', '湛江市', '阳江市']);
    log.close();
  });

  it('gives the same filtered reports on Node and on D1', async () => {
    const node = new SqliteQueryLog(join(dir, 'parity.sqlite'), { writerThread: true });
    const d1 = fakeD1();
    d1.db.exec(ALL_MIGRATIONS);
    const workers = new D1QueryLog(d1);
    for (const a of ASKS) {
      node.record(a);
      void workers.record(a);
    }
    await workers.settled();
    for (const [name, f] of FILTERS) {
      const [n, w] = [await reports(node, f), await reports(workers, f)];
      expect(w, name).toEqual(n);
    }
    // And they narrow as asked.
    const names = async (f: ReportFilter) => (await workers.mostAsked({ ...f, limit: 10 })).map((s) => s.question);
    expect(await names({ since: at(30), region: '湛江市' })).toEqual(['公积金贷款额度是多少？']);
    expect(await names({ since: at(30), status: 'unanswered' })).toEqual(['公积金贷款额度是多少？']);
    expect(await names({ since: at(25), until: at(10) })).toEqual(['普法宣传怎么开展？']);
    expect((await names({ since: at(30), status: 'answered' })).sort()).toEqual(['广东的营商环境如何？', '普法宣传怎么开展？', '行政复议怎么申请'].sort());
    node.close();
  });
});
