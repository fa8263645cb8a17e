// A way forward on every no-answer (issue #17, item 2), on the bundled report
// through the real app: the no-answer card says what the knowledge base holds
// (or, for a word it never mentions, that word), shows related passages only
// when there are some (never the "以下段落可能相关" header over nothing), and
// offers the configured next step (FALLBACK_URL / FALLBACK_LABEL) — in the page,
// the htmx fragment, the embed, after 没用, and as `next` on /api/ask.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadService } from '../../src/adapters/node/load.js';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { AskResponseBody } from '../../src/app/api-contract.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

// Questions the 2021 法治政府 report cannot answer: one with nothing related, one naming a word it never uses.
const NOTHING_RELATED = '公积金怎么提取？';
const NEVER_MENTIONED = '怎么办理护照？';
const ANSWERED = '2021年市政府办结了多少件行政复议申请？';
const HOTLINE = 'https://www.yangjiang.gov.cn/hdjl/12345';

const q = encodeURIComponent;
let ctx: CorpusApp;
let log: SqliteQueryLog;

beforeAll(async () => {
  ctx = await setupCorpusApp();
  log = new SqliteQueryLog(join(ctx.dir, 'fallback-log.sqlite'), { popularCacheMs: 0 });
});

afterAll(() => {
  log?.close();
  ctx?.cleanup();
});

function appWith(settings: Partial<Settings> = {}) {
  return createApp({ service: () => ctx.service, settings: { ...DEFAULT_SETTINGS, ...settings }, queryLog: log });
}

async function html(app: ReturnType<typeof appWith>, path: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await app.request(path, { headers });
  expect(res.status, path).toBe(200);
  return res.text();
}

const noAnswerCard = (page: string) => /<div class="no-answer">[\s\S]*?<\/div>/.exec(page)?.[0] ?? '';

describe('the no-answer card without a fallback', () => {
  it('says what the knowledge base holds, and prints no related-passages header over nothing', async () => {
    const page = await html(appWith(), `/ask?q=${q(NOTHING_RELATED)}`);
    const card = noAnswerCard(page);
    expect(card).toContain('没有找到答案');
    expect(card).toContain('知识库现有 1 份文件：法治政府建设年度报告。');
    expect(card).toContain('涉及地区：阳江市。');
    expect(card).toMatch(/涉及年份：2021—2022年。/);
    expect(page).not.toContain('以下段落可能相关');
    expect(page).not.toContain('相关段落');
    expect(page).not.toContain('<ol class="citations">');
    expect(page).not.toContain('fallback-link');
  });

  it('names the word the sources never use, in the visitor’s language (not the rule’s English), and lists related passages', async () => {
    const page = await html(appWith(), `/ask?q=${q(NEVER_MENTIONED)}`);
    expect(page).not.toContain('the sources never mention');
    expect(noAnswerCard(page)).toContain('知识库中没有提到“护照”。');
    expect(noAnswerCard(page)).toContain('知识库现有 1 份文件');
    expect(page).toContain('以下段落可能相关');
    expect(page).toMatch(/<h2>相关段落<\/h2><ol class="citations"><li/);
    const en = await html(appWith(), `/ask?q=${q(NEVER_MENTIONED)}&lang=en`);
    expect(en).toContain('The knowledge base never mentions “护照”.');
    expect(en).toContain('The knowledge base holds 1 document(s): 法治政府建设年度报告.');
  });

  it('keeps the coverage reasons of issue #15 and adds no second coverage line to them', async () => {
    const card = noAnswerCard(await html(appWith(), `/ask?q=${q('香港2021年的GDP是多少？')}`));
    expect(card).toContain('知识库中没有香港特别行政区的文件；现有的是阳江市的文件。');
    expect(card).not.toContain('知识库现有');
  });

  it('gives /api/ask a `next` of null, declared in the contract', async () => {
    const body = await (await appWith().request(`/api/ask?q=${q(NOTHING_RELATED)}`)).json();
    expect(body.next).toBeNull();
    expect(() => AskResponseBody.parse(body)).not.toThrow();
  });

  it('offers nothing more after 没用 when no fallback is set', async () => {
    const app = appWith();
    const id = /name="id" value="([0-9a-f]{24})"/.exec(await html(app, `/ask?q=${q(ANSWERED)}`))![1];
    const fragment = await (await vote(app, id, '0', { 'HX-Request': 'true' })).text();
    expect(fragment).toContain('谢谢您的反馈');
    expect(fragment).not.toContain('fallback-link');
  });
});

function vote(app: ReturnType<typeof appWith>, id: string, useful: '0' | '1', headers: Record<string, string> = {}, path = '/feedback') {
  return app.request(path, {
    method: 'POST',
    body: `id=${id}&useful=${useful}&q=${q(ANSWERED)}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', ...headers },
  });
}

describe('FALLBACK_URL and FALLBACK_LABEL', () => {
  const hotline = { FALLBACK_URL: HOTLINE, FALLBACK_LABEL: '阳江市12345政务服务便民热线网上留言' };

  it('are read from the environment like every setting (http(s) or tel:, nothing else)', () => {
    expect(parseSettings({ FALLBACK_URL: 'tel:12345' }).FALLBACK_URL).toBe('tel:12345');
    expect(() => parseSettings({ FALLBACK_URL: 'javascript:alert(1)' })).toThrow(/FALLBACK_URL/);
  });

  it('put a link in the no-answer card of the page and the htmx fragment, in each script', async () => {
    const app = appWith(hotline);
    for (const headers of [{}, { 'HX-Request': 'true' }] as Record<string, string>[]) {
      const card = noAnswerCard(await html(app, `/ask?q=${q(NOTHING_RELATED)}`, headers));
      expect(card).toContain(`<a class="fallback-link" href="${HOTLINE}">阳江市12345政务服务便民热线网上留言</a>`);
    }
    const tw = noAnswerCard(await html(app, `/ask?q=${q(NOTHING_RELATED)}&lang=zh-TW`));
    expect(tw).toContain('>陽江市12345政務服務便民熱線網上留言</a>');
    // Not on an answer.
    expect(await html(app, `/ask?q=${q(ANSWERED)}`)).not.toContain('fallback-link');
  });

  it('use a generic label per language when FALLBACK_LABEL is empty, and “拨打 N” for a tel: number', async () => {
    const web = appWith({ FALLBACK_URL: HOTLINE });
    expect(await html(web, `/ask?q=${q(NOTHING_RELATED)}`)).toContain('>其他咨询渠道</a>');
    expect(await html(web, `/ask?q=${q(NOTHING_RELATED)}&lang=zh-TW`)).toContain('>其他諮詢管道</a>');
    expect(await html(web, `/ask?q=${q(NOTHING_RELATED)}&lang=en`)).toContain('>Other ways to get help</a>');
    const phone = appWith({ FALLBACK_URL: 'tel:12345' });
    expect(await html(phone, `/ask?q=${q(NOTHING_RELATED)}`)).toContain('<a class="fallback-link" href="tel:12345">拨打 12345</a>');
    expect(await html(phone, `/ask?q=${q(NOTHING_RELATED)}&lang=en`)).toContain('>Call 12345</a>');
  });

  it('escape the configured label', async () => {
    const page = await html(appWith({ FALLBACK_URL: HOTLINE, FALLBACK_LABEL: '<img src=x onerror=alert(1)>留言 & "热线"' }), `/ask?q=${q(NOTHING_RELATED)}`);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;留言 &amp; &quot;热线&quot;</a>');
  });

  it('open a web page in a new window from the embed (a tel: link stays as it is)', async () => {
    const embed = await html(appWith(hotline), `/ask?q=${q(NOTHING_RELATED)}&embed=1&lang=zh-CN`);
    expect(embed).toContain(`<a class="fallback-link" href="${HOTLINE}" target="_blank" rel="noopener">`);
    const phone = await html(appWith({ FALLBACK_URL: 'tel:12345' }), `/ask?q=${q(NOTHING_RELATED)}&embed=1`);
    expect(phone).toContain('<a class="fallback-link" href="tel:12345">');
  });

  it('are offered after 没用 (htmx thanks and the plain thank-you page), not after 有用', async () => {
    const app = appWith(hotline);
    const ask = async () => /name="id" value="([0-9a-f]{24})"/.exec(await html(app, `/ask?q=${q(ANSWERED)}`))![1];
    const fragment = await (await vote(app, await ask(), '0', { 'HX-Request': 'true' })).text();
    expect(fragment.startsWith('<p id="feedback" class="feedback done"')).toBe(true);
    expect(fragment).toContain(`<a class="fallback-link" href="${HOTLINE}">`);
    const page = await vote(app, await ask(), '0');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<a class="fallback-link" href="${HOTLINE}">`);
    expect(await (await vote(app, await ask(), '1', { 'HX-Request': 'true' })).text()).not.toContain('fallback-link');
  });

  it('become `next` on /api/ask for a null answer only, in the same bytes on a cached repeat', async () => {
    const app = appWith(hotline);
    const first = await (await app.request(`/api/ask?q=${q(NOTHING_RELATED)}`)).text();
    const again = await (await app.request(`/api/ask?q=${q(NOTHING_RELATED)}`)).text();
    const body = AskResponseBody.parse(JSON.parse(first));
    expect(body.answer).toBeNull();
    expect(body.next).toEqual({ label: '阳江市12345政务服务便民热线网上留言', url: HOTLINE });
    // Field order: next just before id, whether the bytes came from the cache or not.
    expect(Object.keys(JSON.parse(first)).slice(-3)).toEqual(['next', 'hint', 'id']);
    expect(again.replace(/"id":"[0-9a-f]+"/, '')).toBe(first.replace(/"id":"[0-9a-f]+"/, ''));
    const tw = AskResponseBody.parse(await (await app.request(`/api/ask?q=${q(NOTHING_RELATED)}&lang=zh-TW`)).json());
    expect(tw.next?.label).toBe('陽江市12345政務服務便民熱線網上留言');
    const generic = AskResponseBody.parse(await (await appWith({ FALLBACK_URL: 'tel:12345' }).request(`/api/ask?q=${q(NOTHING_RELATED)}&lang=en`)).json());
    expect(generic.next).toEqual({ label: 'Call 12345', url: 'tel:12345' });
    const answered = AskResponseBody.parse(await (await app.request(`/api/ask?q=${q(ANSWERED)}`)).json());
    expect(answered.next).toBeNull();
  });

  it('give the same `next` when answers are not cached (no shared bytes)', async () => {
    const uncached = loadService(ctx.kbPath, { ...DEFAULT_SETTINGS, ANSWER_CACHE_SIZE: 0 });
    const app = createApp({ service: () => uncached, settings: { ...DEFAULT_SETTINGS, ...hotline } });
    const text = await (await app.request(`/api/ask?q=${q(NOTHING_RELATED)}`)).text();
    expect(Object.keys(JSON.parse(text)).slice(-3)).toEqual(['next', 'hint', 'id']);
    expect(JSON.parse(text).next).toEqual({ label: '阳江市12345政务服务便民热线网上留言', url: HOTLINE });
  });
});
