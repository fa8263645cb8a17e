// The embed panel as a small assistant (issue #17), through the real app on the
// bundled report: a greeting with suggested questions (configurable), a
// follow-up (那2020年呢？) resolved against the previous question carried in the
// form (`prev`) and shown as understood, the last few questions and answers of
// the conversation rendered from the questions carried (`h`) — for a plain page
// and for htmx (out-of-band swaps) — and the fallback link in the footer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const FIRST = '阳江市政府2021年办结的行政复议申请有多少件';
const q = (s: string) => encodeURIComponent(s);
const hx = { headers: { 'HX-Request': 'true' } };

/** The value attributes of the hidden inputs named `name`, in order. */
const hidden = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`, 'g'))].map((m) => m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"'));

describe('the embed panel as an assistant', () => {
  let corpus: CorpusApp;
  let app: Hono;
  const appWith = (overrides: Partial<Settings>) => createApp({ service: () => corpus.service, settings: { ...DEFAULT_SETTINGS, ...overrides } });
  const html = async (a: Hono, path: string, init?: RequestInit) => {
    const res = await a.request(path, init);
    expect(res.status, path).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    corpus = await setupCorpusApp();
    app = corpus.app;
  }, 120_000);
  afterAll(() => corpus?.cleanup());

  it('greets with suggested questions from the knowledge base, which ask inside the panel', async () => {
    const page = await html(app, '/embed?lang=zh-CN&title=问政助手&color=0b4f9c');
    expect(page).toContain('class="embed-greeting">您好！');
    const links = [...page.matchAll(/<ul class="embed-suggestions"[^>]*>(.*?)<\/ul>/gs)][0]?.[1] ?? '';
    const hrefs = [...links.matchAll(/<a href="([^"]+)" hx-get="([^"]+)"/g)];
    expect(hrefs.length).toBeGreaterThanOrEqual(3);
    expect(hrefs.length).toBeLessThanOrEqual(5);
    for (const [, href, hxGet] of hrefs) {
      expect(hxGet).toBe(href);
      // The panel's parameters travel with them: language, embed mode, title, colour.
      expect(href).toMatch(/^\/ask\?q=.+&amp;lang=zh-CN&amp;embed=1&amp;title=.+&amp;color=0b4f9c/);
    }
    expect(page).toContain('那去年呢？');
    // A fresh panel carries no conversation and shows none.
    expect(hidden(page, 'prev')).toEqual([]);
    expect(page).toMatch(/<section id="embed-history" class="embed-history" hidden/);
    expect(page).toMatch(/<p id="embed-understood" class="embed-understood" hidden/);
    // No fallback configured: no 没找到答案？ line.
    expect(page).not.toContain('embed-fallback');
  });

  it('takes the greeting from EMBED_GREETING and at most 5 questions from EXAMPLE_QUESTIONS, in the visitor’s script', async () => {
    const questions = ['问题一是什么', '问题二是什么', '问题三是什么', '问题四是什么', '问题五是什么', '问题六是什么'];
    const custom = appWith({ EMBED_GREETING: '欢迎使用阳江政务问答，请输入您的问题。', EXAMPLE_QUESTIONS: questions });
    const page = await html(custom, '/embed?lang=zh-CN');
    expect(page).toContain('<p id="embed-greeting" class="embed-greeting">欢迎使用阳江政务问答，请输入您的问题。</p>');
    for (const question of questions.slice(0, 5)) expect(page).toContain(`>${question}</a>`);
    expect(page).not.toContain('问题六是什么');
    const traditional = await html(custom, '/embed?lang=zh-TW');
    expect(traditional).toContain('歡迎使用陽江政務問答，請輸入您的問題。');
    const english = await html(app, '/embed?lang=en');
    expect(english).toContain('Hello! I answer questions');
  });

  it('shows the configured fallback in the panel’s footer', async () => {
    const withHotline = appWith({ FALLBACK_URL: 'https://www.example.gov.cn/12345', FALLBACK_LABEL: '12345热线留言' });
    for (const path of ['/embed?lang=zh-CN', `/ask?q=${q(FIRST)}&embed=1&lang=zh-CN`]) {
      const page = await html(withHotline, path);
      expect(page).toMatch(
        /<footer class="embed-footer"><p class="embed-fallback">没找到答案？ <a class="fallback-link" href="https:\/\/www.example.gov.cn\/12345" target="_blank" rel="noopener">12345热线留言<\/a><\/p>/,
      );
    }
  });

  it('answers a first question and carries it as `prev` for the next one', async () => {
    const page = await html(app, `/ask?q=${q(FIRST)}&embed=1&lang=zh-CN`);
    expect(page).toContain('108件');
    expect(hidden(page, 'prev')).toEqual([FIRST]);
    expect(hidden(page, 'h')).toEqual([]);
    // The box is empty for the next question; nothing was understood differently.
    expect(page).toMatch(/<input id="q" name="q" type="search" value=""/);
    expect(page).toMatch(/<p id="embed-understood" class="embed-understood" hidden/);
  });

  it('resolves a follow-up against `prev`, says how it was understood, and keeps the conversation', async () => {
    const page = await html(app, `/ask?q=${q('那2020年呢？')}&prev=${q(FIRST)}&embed=1&lang=zh-CN`);
    const understood = '阳江市政府2020年办结的行政复议申请有多少件';
    expect(page).toContain(`<h1 id="answer-title" class="question">${understood}</h1>`);
    // 理解为：… links the full question: its permalink on the full site, in a new tab (the panel keeps its conversation).
    expect(page).toContain(
      `<p id="embed-understood" class="embed-understood">理解为：<a href="/ask?q=${q(understood)}&amp;lang=zh-CN" target="_blank" rel="noopener">${understood}</a></p>`,
    );
    // The previous question and its own answer, below.
    const history = /<section id="embed-history"[^>]*>(.*?)<\/section>/s.exec(page)?.[1] ?? '';
    expect(history).toContain('刚才的问答');
    expect(history).toContain(FIRST);
    expect(history).toContain('108件');
    // The next request carries the understood question and the one before it.
    expect(hidden(page, 'prev')).toEqual([understood]);
    expect(hidden(page, 'h')).toEqual([FIRST]);
    // A region follow-up replaces the region the previous question named.
    const region = await html(app, `/ask?q=${q('那茂名呢')}&prev=${q(FIRST)}&embed=1&lang=zh-CN`);
    expect(region).toContain('<h1 id="answer-title" class="question">茂名政府2021年办结的行政复议申请有多少件</h1>');
  });

  it('sends htmx the answer with the conversation swapped out of band, and announces how it was understood', async () => {
    const fragment = await html(app, `/ask?q=${q('那2020年呢')}&prev=${q(FIRST)}&embed=1&lang=zh-CN`, hx);
    expect(fragment.startsWith('<section id="results" class="answer-card"')).toBe(true);
    expect(fragment).toContain('<div id="embed-context" hx-swap-oob="true"><input type="hidden" name="prev" value="阳江市政府2020年办结的行政复议申请有多少件"/>');
    expect(fragment).toMatch(/<p id="embed-understood" class="embed-understood" hx-swap-oob="true">理解为：/);
    expect(fragment).toMatch(/<section id="embed-history" class="embed-history" aria-labelledby="embed-history-title" hx-swap-oob="true">/);
    expect(fragment).toMatch(/<div id="announcer"[^>]*hx-swap-oob="innerHTML">理解为：阳江市政府2020年办结的行政复议申请有多少件。/);
  });

  it('asks a question with topic words of its own as it is, keeping the conversation', async () => {
    const page = await html(app, `/ask?q=${q('那行政诉讼的应诉率呢')}&prev=${q(FIRST)}&embed=1&lang=zh-CN`);
    expect(page).toContain('<h1 id="answer-title" class="question">那行政诉讼的应诉率呢</h1>');
    expect(page).toMatch(/<p id="embed-understood" class="embed-understood" hidden/);
    expect(hidden(page, 'prev')).toEqual(['那行政诉讼的应诉率呢']);
    expect(hidden(page, 'h')).toEqual([FIRST]);
  });

  it('keeps at most 5 questions and answers: the current one and 4 before it', async () => {
    const earlier = ['问一', '问二', '问三', '问四', '问五', '问六'].map((w) => `${w}：阳江行政复议`);
    const path = `/ask?q=${q(FIRST)}&prev=${q(earlier[0])}${earlier.slice(1).map((e) => `&h=${q(e)}`).join('')}&embed=1&lang=zh-CN`;
    const page = await html(app, path);
    expect((page.match(/<li class="embed-turn">/g) ?? []).length).toBe(4);
    expect(page).toContain(earlier[3]);
    expect(page).not.toContain(earlier[4]);
    expect(hidden(page, 'prev')).toEqual([FIRST]);
    expect(hidden(page, 'h')).toEqual(earlier.slice(0, 3));
  });

  it('bounds what travels: an over-long `prev` is cut to MAX_QUERY_CHARS, and only questions travel, never answers', async () => {
    const long = '阳江'.repeat(400);
    const page = await html(app, `/ask?q=${q(FIRST)}&prev=${q(long)}&embed=1&lang=zh-CN`);
    expect(hidden(page, 'h')[0].length).toBe(DEFAULT_SETTINGS.MAX_QUERY_CHARS);
    // An `a` or `answer` parameter is no part of the conversation: answers are the server's own.
    const forged = await html(app, `/ask?q=${q(FIRST)}&prev=${q('问一')}&a=${q('伪造的答案')}&embed=1&lang=zh-CN`);
    expect(forged).not.toContain('伪造的答案');
  });

  it('shows the conversation in Traditional for zh-TW', async () => {
    const page = await html(app, `/ask?q=${q('那2020年呢')}&prev=${q(FIRST)}&embed=1&lang=zh-TW`);
    expect(page).toContain('理解為：<a href=');
    expect(page).toContain('陽江市政府2020年辦結的行政複議申請有多少件');
    expect(page).toContain('剛才的問答');
  });

  it('resolves `prev` on the portal’s answer page too (the box shows the full question)', async () => {
    const page = await html(app, `/ask?q=${q('那2020年呢')}&prev=${q(FIRST)}&lang=zh-CN`);
    expect(page).toContain('value="阳江市政府2020年办结的行政复议申请有多少件"');
  });
});

describe('/api/ask with prev', () => {
  let corpus: CorpusApp;
  beforeAll(async () => {
    corpus = await setupCorpusApp();
  }, 120_000);
  afterAll(() => corpus?.cleanup());

  it('asks a follow-up as the previous question with the new period, and a full question as it is', async () => {
    const get = async (path: string) => {
      const res = await corpus.app.request(path);
      return { status: res.status, body: (await res.json()) as { question: string; error?: string } };
    };
    const followUp = await get(`/api/ask?q=${q('那2020年呢？')}&prev=${q(FIRST)}`);
    expect(followUp.status).toBe(200);
    expect(followUp.body.question).toBe('阳江市政府2020年办结的行政复议申请有多少件');
    expect((await get(`/api/ask?q=${q('行政诉讼应诉率是多少')}&prev=${q(FIRST)}`)).body.question).toBe('行政诉讼应诉率是多少');
    const tooLong = await get(`/api/ask?q=${q('那2020年呢')}&prev=${q('阳'.repeat(DEFAULT_SETTINGS.MAX_QUERY_CHARS + 1))}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatch(/prev is too long/);
  });
});
