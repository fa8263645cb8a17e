// What the question log stores of a question that carries personal data
// (issue #16, finding 9): phone numbers however they are typed (dots,
// underscores, brackets and slashes, Chinese digits), landlines with their area
// code, e-mail addresses and ID numbers split by spaces or dashes are masked
// before they are written — through the real SQLite log, as /admin and the CSV
// exports read it — while the numbers of ordinary questions (counts with units,
// percentages, years and spans of years, dates, article numbers) are kept.
// The examples are written for this test.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { newQuestionId, questionKey, redactQuestion, type LoggedQuestion } from '../../src/staff/query-log.js';

/** What a masked number or address becomes in the log. */
const MASK = '＊＊＊';

/** Typed question → what the log must store. */
const PERSONAL: [string, string][] = [
  ['我的手机138.1234.5678收不到验证码', `我的手机${MASK}收不到验证码`],
  ['请回电138_1234_5678', `请回电${MASK}`],
  ['号码(138)1234/5678是热线吗', `号码${MASK}是热线吗`],
  ['我的电话是一三八一二三四五六七八', `我的电话是${MASK}`],
  ['电话幺三八 零零幺三 八零零零可以吗', `电话${MASK}可以吗`],
  ['联系电话１３８ ００１３ ８０００', `联系电话${MASK}`],
  ['国际号码+86 138 0013 8000能办理吗', `国际号码${MASK}能办理吗`],
  ['邮箱zhang.san@example.com.cn怎么注销', `邮箱${MASK}怎么注销`],
  ['发到wang_li+gov@163.com可以吗', `发到${MASK}可以吗`],
  ['全角＠也算：li＠example．org', `全角＠也算：${MASK}`],
  ['身份证440102 19900101 123X丢了', `身份证${MASK}丢了`],
  ['证件号440102-1990-0101-1234补办', `证件号${MASK}补办`],
  ['身份证44010219900101123x怎么查', `身份证${MASK}怎么查`],
  ['北京座机010-12345678打不通', `北京座机${MASK}打不通`],
  ['阳江的电话0662-1234567是哪个部门', `阳江的电话${MASK}是哪个部门`],
  ['（0662）1234567是哪里', `${MASK}是哪里`],
  ['我的账号6222 0212 3456 7890 123被冻结', `我的账号${MASK}被冻结`],
];

/** Ordinary questions whose numbers must all survive. */
const ORDINARY = [
  '2021年市政府办结了多少件行政复议申请？',
  '办结了108件，同比增长29.6%吗',
  '培训6万余名干部是哪一年？',
  '2025年的目标是什么',
  '二〇二一年的法治政府建设情况',
  '2021-2025年规划有哪些任务',
  '二〇二一—二〇二五年的规划',
  '2022-01-26发布的通知说了什么',
  '2021.1—2021.12期间的统计',
  '第一百二十条怎么规定',
  '第3条第2款是什么意思',
  '12345热线办理了多少件',
  '投资1500000元的项目',
  '8:30-17:30办公吗',
  '1、2、3项分别是什么',
];

let dir: string;
let log: SqliteQueryLog;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-masking-'));
  path = join(dir, 'log.sqlite');
  log = new SqliteQueryLog(path, { popularCacheMs: 0 });
});

afterAll(() => {
  log?.close();
  rmSync(dir, { recursive: true, force: true });
});

function entry(question: string): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered: true,
    firstCitation: null,
    latencyMs: 1,
    confidence: 0.9,
    lang: 'zh-CN',
    channel: 'api',
    askedAt: new Date().toISOString(),
  };
}

/** Records each question through the log and reads back what the file holds (question and grouping key). */
function stored(questions: string[]): { question: string; question_key: string }[] {
  const entries = questions.map(entry);
  for (const e of entries) log.record(e);
  log.flush();
  const db = new Database(path, { readonly: true });
  const get = db.prepare('SELECT question, question_key FROM questions WHERE id = ?');
  const rows = entries.map((e) => get.get(e.id) as { question: string; question_key: string });
  db.close();
  return rows;
}

describe('the question log masks personal data before storing it', () => {
  it('stores phone, landline, account and ID numbers and e-mail addresses masked, however they are typed', () => {
    const rows = stored(PERSONAL.map(([typed]) => typed));
    PERSONAL.forEach(([typed, expected], i) => {
      expect(rows[i].question, typed).toBe(expected);
      expect(rows[i].question_key, typed).toBe(questionKey(expected));
    });
    // Nothing of the digits is left anywhere in the file's rows.
    for (const row of rows) expect(row.question).not.toMatch(/\d{3}|一三八|@|＠.*example/);
  });

  it('keeps the numbers of ordinary questions: counts with units, percentages, years, dates, article numbers', () => {
    const rows = stored(ORDINARY);
    ORDINARY.forEach((question, i) => expect(rows[i].question).toBe(question));
  });

  it('keeps its work linear on long hostile input', () => {
    const hostile = ['1 '.repeat(2000), '一'.repeat(5000), `${'a.'.repeat(3000)}@`, `${'1-'.repeat(3000)}x`].join('');
    const started = performance.now();
    redactQuestion(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
