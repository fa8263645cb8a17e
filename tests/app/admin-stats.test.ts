// 问答统计 readable (issue #18 item 5), on the bundled report and a real SQLite
// log file: questions asked through the portal itself show the answer text they
// were given (or 未回答), the document and paragraph it came from as a link (not
// the raw passage id; a passage gone after a rebuild says so), confidence and
// 有用/没用 votes and the region; the date-range, region and answered filters
// narrow every list; each CSV export has the same rows with the same readable
// columns; nothing of it without the token; and the log outlasts a restart.
import type { Hono } from 'hono';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { createApp } from '../../src/app/create-app.js';
import { registerStaffRoutes } from '../../src/app/routes/staff.js';
import { answerSourceResolver, parsePassageId } from '../../src/staff/answer-source.js';
import { ANSWER_LOG_CHARS, answerForLog, chinaDay, logRegion, newQuestionId, questionKey, type LoggedQuestion } from '../../src/staff/query-log.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const TOKEN = 'stats-token-9f8e7d6c5b4a3210';
const bearer = { Authorization: `Bearer ${TOKEN}` };
const DAY = 86_400_000;
const TITLE = '阳江市人民政府2021年法治政府建设年度报告';

// Our own questions (none from the evaluation sets).
const ANSWERED = '2021年阳江市开展了多少场普法活动？';
const ANSWERED_PHONE = '我的电话13800138000，行政复议怎么申请';
const UNANSWERED_ELSEWHERE = '湛江市的公积金贷款额度是多少？';
const UNANSWERED_HERE = '全市公职律师有多少名？';
const OLD = '十天前问过的依法行政考核问题？';
const GONE = '引用的段落已被删除的问题？';

let ctx: CorpusApp;
let logPath: string;
let log: SqliteQueryLog;
let app: Hono;

function staffApp(queryLog: SqliteQueryLog): Hono {
  const deps = { service: () => ctx.service, settings: { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN }, queryLog };
  const a = createApp(deps);
  registerStaffRoutes(a, deps);
  return a;
}

function entry(question: string, fields: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered: true,
    firstCitation: `${REPORT_ID}:31`,
    latencyMs: 10,
    confidence: 0.9,
    lang: 'zh-CN',
    channel: 'page',
    askedAt: new Date().toISOString(),
    ...fields,
  };
}

const page = async (query = '') => {
  const res = await app.request(`/admin${query}`, { headers: bearer });
  expect(res.status).toBe(200);
  return res.text();
};
/** One list's section of the page. */
const section = (html: string, id: string) => {
  const at = html.indexOf(`id="${id}"`);
  const end = html.indexOf('</section>', at);
  return html.slice(at, end);
};
/** The questions (row headers) of a list, in order. */
const questionsOf = (html: string) => [...html.matchAll(/<th scope="row"[^>]*><a href="\/search\?q=[^"]*">([^<]*)<\/a><\/th>/g)].map((m) => m[1]);
const csv = async (path: string) => {
  const res = await app.request(path, { headers: bearer });
  expect(res.status).toBe(200);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return parseCsv(text.replace(/^\ufeff/, ''));
};

/** RFC 4180, enough for the export: quoted cells with "" and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  return rows;
}

beforeAll(async () => {
  ctx = await setupCorpusApp();
  logPath = join(ctx.dir, 'stats-log.sqlite');
  log = new SqliteQueryLog(logPath, { popularCacheMs: 0 });
  app = staffApp(log);
  // Asked through the portal: the app's own path logs the answer and the region.
  for (let i = 0; i < 3; i++) await app.request(`/ask?q=${encodeURIComponent(ANSWERED)}`);
  await app.request(`/ask?q=${encodeURIComponent(ANSWERED_PHONE)}`);
  await app.request(`/api/ask?q=${encodeURIComponent(UNANSWERED_ELSEWHERE)}`);
  await app.request(`/ask?q=${encodeURIComponent(UNANSWERED_HERE)}`);
  // Ten days ago; and one whose passage the knowledge base no longer has (rebuilt since).
  log.record(entry(OLD, { askedAt: new Date(Date.now() - 10 * DAY).toISOString(), answer: '按年度开展依法行政考核。', region: '阳江市', firstCitation: `${REPORT_ID}:12` }));
  log.record(entry(GONE, { answer: '=HYPERLINK("http://evil")', region: '阳江市', firstCitation: 'removed-report:7' }));
  log.flush();
}, 60_000);

afterAll(() => {
  log?.close();
  ctx?.cleanup();
});

describe('问答统计 shows the answer and its source, not passage ids', () => {
  it('logs the answer text (masked, bounded) and the region with each asked question', () => {
    expect(answerForLog(null)).toBeNull();
    expect(answerForLog('请拨打 138 0013 8000 咨询。')).toBe('请拨打 ＊＊＊ 咨询。');
    const long = answerForLog('依法行政'.repeat(200))!;
    expect([...long]).toHaveLength(ANSWER_LOG_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(logRegion(['湛江市'], '阳江市')).toBe('湛江市');
    expect(logRegion([], '阳江市')).toBe('阳江市');
    expect(logRegion([], null)).toBeNull();
  });

  it('shows the answer given, its document and paragraph as a link, confidence and votes', async () => {
    const answer = ctx.service.ask(ANSWERED);
    expect(answer.answer).toBeTruthy();
    const place = parsePassageId(answer.citations[0].id)!;
    const html = await page('?days=30');
    const most = section(html, 'most-asked-title');
    // Question, 次数, 已回答, confidence, then the answer text itself and its source.
    const row = most.slice(most.indexOf(`${ANSWERED}</a></th>`));
    expect(row).toMatch(new RegExp(`^${ANSWERED}</a></th><td>3</td><td>3</td><td>${answer.confidence.toFixed(2)}</td><td class="answer-text">`));
    expect(row).toContain(answer.answer!.replace(/"/g, '&quot;'));
    expect(row).toContain(`<a href="/doc/${REPORT_ID}?hl=${place.paragraph}#p-${place.paragraph}">${TITLE} 第${place.paragraph}段</a>`);
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('<td class="nowrap">阳江市</td>');
    // No raw passage id anywhere in the lists.
    expect(html).not.toContain(`>${REPORT_ID}:`);
  });

  it('says 未回答 for an unanswered question, with the region it named', async () => {
    const un = section(await page(), 'unanswered-title');
    const row = un.slice(un.indexOf(`${UNANSWERED_ELSEWHERE}</a></th>`));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/<td class="answer-text muted">未回答<\/td><td class="citation">—<\/td><td>0<\/td><td>0<\/td><td class="nowrap">湛江市<\/td>/);
    // An unanswered question that still cited related passages shows where they were.
    const here = un.slice(un.indexOf(`${UNANSWERED_HERE}</a></th>`));
    expect(here.slice(0, here.indexOf('</tr>'))).toMatch(/未回答<\/td><td class="answer-source"><a href="\/doc\//);
    // Each unanswered question links to teaching it (/admin/teach); the most asked list does not.
    expect(row.slice(0, row.indexOf('</tr>'))).toContain(`href="/admin/teach?q=${encodeURIComponent(UNANSWERED_ELSEWHERE)}"`);
    expect(section(await page(), 'most-asked-title')).not.toContain('/admin/teach');
  });

  it('masks the phone number in the question and says plainly when the cited passage is gone', async () => {
    const html = await page();
    expect(html).not.toContain('13800138000');
    expect(html).toContain('我的电话＊＊＊，行政复议怎么申请');
    expect(html).toContain('原文已不在当前知识库中（知识库重建后找不到 removed-report:7）');
    const resolve = answerSourceResolver(ctx.service.kb);
    expect(resolve(`${REPORT_ID}:99999`)).toEqual({ status: 'missing', passageId: `${REPORT_ID}:99999` });
    expect(resolve(`${REPORT_ID}:31`)).toMatchObject({ status: 'found', docTitle: TITLE, paragraph: 31, region: '阳江市' });
  });

  it('counts 有用/没用 votes in every list', async () => {
    const res = await app.request(`/api/ask?q=${encodeURIComponent(ANSWERED_PHONE)}`);
    const { id } = (await res.json()) as { id: string };
    expect((await log.feedback(id, false)) as string).toBe('saved');
    const fb = section(await page(), 'feedback-list-title');
    const row = fb.slice(fb.indexOf('我的电话＊＊＊，行政复议怎么申请</a></th>'));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/<td>0<\/td><td>1<\/td><td class="nowrap">阳江市<\/td>/);
  });
});

describe('filters: date range, region, answered', () => {
  it('narrows by region and by answered or not', async () => {
    const all = questionsOf(section(await page(), 'most-asked-title'));
    expect(all).toEqual(expect.arrayContaining([ANSWERED, UNANSWERED_ELSEWHERE, UNANSWERED_HERE, GONE]));
    const zj = await page(`?region=${encodeURIComponent('湛江市')}`);
    expect(questionsOf(section(zj, 'most-asked-title'))).toEqual([UNANSWERED_ELSEWHERE]);
    expect(zj).toContain('<option value="湛江市" selected="">湛江市</option>');
    const answered = questionsOf(section(await page('?status=answered'), 'most-asked-title'));
    expect(answered).toContain(ANSWERED);
    expect(answered).not.toContain(UNANSWERED_ELSEWHERE);
    const unanswered = questionsOf(section(await page('?status=unanswered'), 'most-asked-title'));
    expect(unanswered.sort()).toEqual([UNANSWERED_ELSEWHERE, UNANSWERED_HERE].sort());
  });

  it('narrows by a date range in China days, bounded by the retention period and today', async () => {
    const today = chinaDay(Date.now());
    const twelveAgo = chinaDay(Date.now() - 12 * DAY);
    const recent = await page(`?from=${chinaDay(Date.now() - 2 * DAY)}&to=${today}`);
    expect(recent).toContain(`${chinaDay(Date.now() - 2 * DAY)} 至 ${today}（北京时间）的提问情况。`);
    expect(questionsOf(section(recent, 'most-asked-title'))).not.toContain(OLD);
    const wide = await page(`?from=${twelveAgo}&to=${today}`);
    expect(questionsOf(section(wide, 'most-asked-title'))).toContain(OLD);
    // Only that day: only the old question.
    const thatDay = chinaDay(Date.now() - 10 * DAY);
    expect(questionsOf(section(await page(`?from=${thatDay}&to=${thatDay}`), 'most-asked-title'))).toEqual([OLD]);
    // Reversed dates are swapped; dates before the retention period or after today are moved in, and it says so.
    expect(questionsOf(section(await page(`?from=${today}&to=${twelveAgo}`), 'most-asked-title'))).toContain(OLD);
    const clamped = await page('?from=2000-01-01&to=2999-12-31');
    expect(clamped).toContain(`日期范围已调整为 ${chinaDay(Date.now() - (DEFAULT_SETTINGS.LOG_RETENTION_DAYS - 1) * DAY)} 至 ${today}`);
    expect(clamped).toContain(`max="${today}"`);
    // Not a date: the default window.
    expect(await page('?from=yesterday')).toContain('最近 30 天的提问情况。');
  });

  it('keeps the filter in each export link and the quick ranges', async () => {
    const html = await page(`?days=30&region=${encodeURIComponent('湛江市')}&status=unanswered`);
    expect(html).toContain(`href="/admin/export/most-asked.csv?days=30&amp;region=${encodeURIComponent('湛江市')}&amp;status=unanswered"`);
    expect(html).toContain(`href="/admin?days=7&amp;region=${encodeURIComponent('湛江市')}&amp;status=unanswered"`);
    // The form works without script: a plain GET with labelled fields.
    expect(html).toMatch(/<form class="staff-filter admin-filter" role="search" aria-label="筛选" action="\/admin" method="get">/);
    for (const id of ['admin-from', 'admin-to', 'admin-region', 'admin-status']) expect(html).toContain(`<label for="${id}">`);
  });
});

describe('CSV export of the same rows', () => {
  it('has the rows of the page, with the answer, document, paragraph, link and region', async () => {
    for (const filter of ['?days=30', `?region=${encodeURIComponent('阳江市')}`, '?status=unanswered', `?from=${chinaDay(Date.now() - 12 * DAY)}&to=${chinaDay(Date.now())}`]) {
      const html = await page(filter);
      for (const [list, id] of [
        ['most-asked', 'most-asked-title'],
        ['unanswered', 'unanswered-title'],
        ['feedback', 'feedback-list-title'],
      ]) {
        const rows = await csv(`/admin/export/${list}.csv${filter}`);
        expect(rows.slice(1).map((r) => r[0]), `${list} ${filter}`).toEqual(questionsOf(section(html, id)));
      }
    }
    const rows = await csv('/admin/export/most-asked.csv?days=30');
    const header = rows[0];
    expect(header.slice(-5)).toEqual(['回答', '文件', '条款／段落', '原文链接', '地区']);
    const col = (name: string) => header.indexOf(name);
    const answered = rows.find((r) => r[0] === ANSWERED)!;
    const asked = ctx.service.ask(ANSWERED);
    const para = parsePassageId(asked.citations[0].id)!.paragraph;
    expect(answered[col('回答')]).toBe(asked.answer);
    expect(answered[col('文件')]).toBe(TITLE);
    expect(answered[col('条款／段落')]).toBe(`第${para}段`);
    expect(answered[col('原文链接')]).toBe(`http://localhost/doc/${REPORT_ID}?hl=${para}#p-${para}`);
    expect(answered[col('地区')]).toBe('阳江市');
    const gone = rows.find((r) => r[0] === GONE)!;
    // A spreadsheet never runs an answer as a formula; a vanished passage is said to be gone.
    expect(gone[col('回答')]).toBe('\'=HYPERLINK("http://evil")');
    expect(gone[col('文件')]).toContain('原文已不在当前知识库中');
    const zj = await csv(`/admin/export/unanswered.csv?region=${encodeURIComponent('湛江市')}`);
    expect(zj.slice(1).map((r) => [r[0], r[col('回答')], r[col('地区')]])).toEqual([[UNANSWERED_ELSEWHERE, '', '湛江市']]);
    const res = await app.request(`/admin/export/unanswered.csv?region=${encodeURIComponent('湛江市')}&from=${chinaDay(Date.now())}`, { headers: bearer });
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="policy-qa-unanswered-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d-filtered-\d{4}-\d\d-\d\d\.csv"$/);
  });
});

describe('access and persistence', () => {
  it('shows nothing of it without the token', async () => {
    const filtered = `?region=${encodeURIComponent('湛江市')}&status=unanswered`;
    const res = await app.request(`/admin${filtered}`);
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).not.toContain(UNANSWERED_ELSEWHERE);
    expect(html).toContain('action="/admin/login"');
    for (const path of [`/admin/export/unanswered.csv${filtered}`, '/admin/export/most-asked.csv?from=2026-01-01']) {
      const r = await app.request(path, { headers: { Authorization: 'Bearer wrong-token-0123456789ab' } });
      expect(r.status).toBe(401);
      expect(await r.text()).not.toContain('湛江');
    }
  });

  it('the question log, answers and regions included, survives a restart', async () => {
    const before = questionsOf(section(await page(), 'most-asked-title'));
    log.close();
    log = new SqliteQueryLog(logPath, { popularCacheMs: 0 });
    app = staffApp(log);
    const html = await page();
    expect(questionsOf(section(html, 'most-asked-title'))).toEqual(before);
    expect(html).toContain(ctx.service.ask(ANSWERED).answer!.replace(/"/g, '&quot;'));
    expect(questionsOf(section(await page(`?region=${encodeURIComponent('湛江市')}`), 'most-asked-title'))).toEqual([UNANSWERED_ELSEWHERE]);
  });
});
