// 适老化 beyond text size and failed-request notices over HTTP (issue #17, items
// 5 and 10), on the real bundled report: /prefs sets and clears the
// high-contrast and reading-guide cookies (and still returns only to this
// site), pages carry the classes and switches, the embed ignores them, the
// answer card carries its 朗读 button, and every page carries the failed-request
// messages (429 / offline / timeout) in the visitor's language for the script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';

let ctx: CorpusApp;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

const q = (s: string) => encodeURIComponent(s);
const htmlClass = (html: string) => /<html[^>]*?(?: class="([^"]*)")?>/.exec(html)?.[1] ?? '';
const get = (path: string, cookie?: string) => ctx.app.request(path, cookie ? { headers: { Cookie: cookie } } : {});

describe('/prefs: high contrast and the reading guide', () => {
  it('sets and clears each cookie for a year and returns to the page only', async () => {
    for (const name of ['contrast', 'guide']) {
      const on = await get(`/prefs?${name}=1&back=${q('/search?q=法治')}`);
      expect(on.status).toBe(303);
      expect(decodeURI(on.headers.get('location') ?? '')).toBe('/search?q=法治');
      expect(on.headers.get('set-cookie')).toMatch(new RegExp(`^pqa_${name}=1;.*Max-Age=31536000.*HttpOnly`));
      const off = await get(`/prefs?${name}=0&back=${q('/')}`);
      expect(off.headers.get('set-cookie')).toMatch(new RegExp(`^pqa_${name}=0;`));
      // Nonsense values change nothing; a foreign back= still lands on this site's home page.
      const junk = await get(`/prefs?${name}=2&back=${q('//evil.example.com/x')}`);
      expect(junk.headers.get('set-cookie')).toBeNull();
      expect(junk.headers.get('location')).toBe('/');
    }
  });

  it('renders the chosen modes as classes on <html>, with switches that turn them off', async () => {
    const plain = await (await get('/')).text();
    expect(plain).toMatch(/<html lang="zh-CN">/);
    expect(plain).toContain('href="/prefs?contrast=1&amp;back=%2F"');
    expect(plain).toContain('href="/prefs?guide=1&amp;back=%2F"');
    expect(plain).toContain('高对比度');
    expect(plain).toContain('阅读辅助线');

    const both = await (await get(`/ask?q=${q(QUESTION)}`, 'pqa_contrast=1; pqa_guide=1; pqa_elder=1')).text();
    expect(htmlClass(both).split(' ').sort()).toEqual(['contrast', 'elder', 'guide']);
    expect(both).toContain('/prefs?contrast=0&amp;back=');
    expect(both).toContain('/prefs?guide=0&amp;back=');
    expect(both).toContain('标准配色');
    expect(both).toContain('关闭辅助线');

    const contrastOnly = await (await get('/', 'pqa_contrast=1')).text();
    expect(htmlClass(contrastOnly)).toBe('contrast');
    const tw = await (await get('/?lang=zh-TW', 'pqa_guide=1')).text();
    expect(htmlClass(tw)).toBe('guide');
    expect(tw).toContain('關閉輔助線');
    expect(tw).toContain('高對比');
    const en = await (await get('/?lang=en', 'pqa_contrast=1')).text();
    expect(en).toContain('Standard colours');
  });

  it('leaves the embed panel in the host page’s look', async () => {
    const html = await (await get('/embed?lang=zh-CN', 'pqa_contrast=1; pqa_guide=1')).text();
    expect(htmlClass(html)).toBe('embed');
    expect(html).not.toContain('/prefs?contrast=');
  });
});

describe('朗读 and the failed-request notice', () => {
  it('puts a 朗读 button on an answer card (shown by script only where speechSynthesis exists)', async () => {
    const page = await (await get(`/ask?q=${q(QUESTION)}`)).text();
    expect(page).toMatch(/<button type="button" class="read-aloud" data-stop="停止朗读" data-start="朗读">朗读<\/button>/);
    const fragment = await (await ctx.app.request(`/ask?q=${q(QUESTION)}&lang=en`, { headers: { 'HX-Request': 'true' } })).text();
    expect(fragment).toContain('class="read-aloud"');
    expect(fragment).toContain('Read aloud');
  });

  it('carries the 429 / offline / timeout messages in the visitor’s language, on the portal and in the embed', async () => {
    const cases: [string, RegExp[]][] = [
      ['/?lang=zh-CN', [/data-too-many="请求太频繁，请 \{seconds\} 秒后再试。/, /data-offline="网络连接中断，请检查网络后重试。/, /data-timeout="服务器暂时无法回答/]],
      ['/?lang=zh-TW', [/data-too-many="請求太頻繁，請 \{seconds\} 秒後再試。/, /data-offline="網路連線中斷/, /data-timeout="伺服器暫時無法回答/]],
      ['/?lang=en', [/data-too-many="Too many requests; please try again in \{seconds\} s\./, /data-offline="The network connection is down/, /data-timeout="The server could not answer in time/]],
      ['/embed?lang=zh-CN', [/data-too-many="请求太频繁/]],
    ];
    for (const [path, patterns] of cases) {
      const html = await (await get(path)).text();
      expect(html, path).toMatch(/<p id="request-problem" class="request-problem" hidden=""/);
      for (const p of patterns) expect(html, path).toMatch(p);
    }
    // htmx gives up on a request after 15 s (htmx:timeout), so a hung server is reported, not waited on forever.
    const home = await (await get('/')).text();
    expect(home).toContain('&quot;timeout&quot;:15000');
  });
});
