// The one-line embed in a real browser: a portal page on a second origin (listed
// in ALLOWED_ORIGINS) gets the floating button, untouched by its own hostile
// CSS, opens the panel by mouse or keyboard, gets an answer in it and through
// CORS, and closes it with Escape; a page on an unlisted origin gets no
// button, no CORS answer, and cannot frame /embed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import type { AskResponse } from '../../src/service.js';
import { horizontalOverflow, launchChromium, resultPath, skipBrowserTests, startPortalServer, startStaticPage, type RunningServer } from './harness.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';

describe.skipIf(skipBrowserTests)('embed.js on other origins in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let listed: { origin: string; stop: () => Promise<void> };
  let unlisted: { origin: string; stop: () => Promise<void> };

  // A portal page whose CSS would wreck any widget it could reach.
  const hostPage = () => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>某市人民政府门户网站</title>
<style>
  * { color: lime !important; background: #000 !important; font-family: serif !important; }
  button { border: 10px dotted lime !important; padding: 40px !important; }
  iframe { display: none !important; }
</style></head>
<body><h1>某市人民政府门户网站</h1><p>政务公开 · 办事服务 · 互动交流</p>
<script src="${server.origin}/embed.js" data-title="问政助手" data-color="#0b4f9c" data-lang="zh-CN" data-position="bottom-right" defer></script>
</body></html>`;

  beforeAll(async () => {
    [listed, unlisted, browser] = await Promise.all([startStaticPage(hostPage), startStaticPage(hostPage), launchChromium()]);
    server = await startPortalServer({ ALLOWED_ORIGINS: listed.origin });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await listed?.stop();
    await unlisted?.stop();
  });

  const launcher = (page: Page) => page.locator('[data-policy-qa-embed] .launcher');
  const panel = (page: Page) => page.locator('[data-policy-qa-embed] .panel');
  const shadowFocus = (page: Page) =>
    page.evaluate(() => document.querySelector('[data-policy-qa-embed]')?.shadowRoot?.activeElement?.className ?? null);

  async function panelFrame(page: Page): Promise<Frame> {
    await expect.poll(() => page.frames().some((f) => f.url().startsWith(`${server.origin}/embed`))).toBe(true);
    const frame = page.frames().find((f) => f.url().startsWith(`${server.origin}/embed`))!;
    await frame.waitForSelector('#q');
    return frame;
  }

  it('adds a floating button the host CSS cannot touch, and answers in the panel', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(listed.origin + '/');
    await launcher(page).waitFor();
    const style = await launcher(page).evaluate((el) => {
      const s = getComputedStyle(el);
      return { bg: s.backgroundColor, color: s.color, border: s.borderStyle, text: el.textContent };
    });
    expect(style).toEqual({ bg: 'rgb(11, 79, 156)', color: 'rgb(255, 255, 255)', border: 'solid', text: '问政助手' });
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');

    await launcher(page).click();
    expect(await panel(page).isVisible()).toBe(true);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('[data-policy-qa-embed] iframe').isVisible()).toBe(true);
    const frame = await panelFrame(page);
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('q');
    // The panel takes the page's colour; its page is in the chosen language.
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await frame.evaluate(() => getComputedStyle(document.querySelector('.ask-form button')!).backgroundColor)).toBe('rgb(11, 79, 156)');

    await frame.fill('#q', QUESTION);
    await frame.press('#q', 'Enter');
    await frame.waitForSelector('.answer-card .answer');
    expect(await frame.textContent('.answer')).toContain('108件');
    // Citations open the full document in a new tab, outside the frame.
    expect(await frame.getAttribute('#cite-1 .passage-source a', 'target')).toBe('_blank');

    await frame.press('#q', 'Escape');
    await expect.poll(() => panel(page).isHidden()).toBe(true);
    expect(await shadowFocus(page)).toBe('launcher');
    await context.close();
  });

  it('is usable by keyboard alone: Tab to the button, Enter opens, Escape closes', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(listed.origin + '/');
    await launcher(page).waitFor();
    for (let i = 0; i < 5 && (await shadowFocus(page)) !== 'launcher'; i++) await page.keyboard.press('Tab');
    expect(await shadowFocus(page)).toBe('launcher');
    await page.keyboard.press('Enter');
    const frame = await panelFrame(page);
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    await frame.waitForSelector('.answer-card .answer');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isHidden()).toBe(true);
    expect(await shadowFocus(page)).toBe('launcher');
    await context.close();
  });

  it('answers the listed origin through CORS, and fits a 375 px screen (screenshot in test-results/)', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(listed.origin + '/');
    // A cross-origin fetch only resolves when the response allows this origin (CORS).
    const api = await page.evaluate(async (u) => {
      const res = await fetch(u);
      return { status: res.status, body: (await res.json()) as AskResponse };
    }, `${server.origin}/api/ask?q=${encodeURIComponent(QUESTION)}&lang=zh-TW`);
    expect(api.status).toBe(200);
    expect(api.body.answer).toContain('辦結行政複議申請108件');

    await launcher(page).click();
    const frame = await panelFrame(page);
    await frame.fill('#q', QUESTION);
    await frame.press('#q', 'Enter');
    await frame.waitForSelector('.answer-card .answer');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const file = resultPath('embed-panel-375.png');
    await page.screenshot({ path: file });
    console.log(`screenshot (375 px): ${file}`);
    await context.close();
  });

  it('refuses an unlisted origin: no button, no CORS answer, no framing', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const warned = page.waitForEvent('console', { predicate: (m) => m.text().includes('does not allow this site'), timeout: 10_000 });
    await page.goto(unlisted.origin + '/');
    await warned;
    expect(await page.locator('[data-policy-qa-embed]').count()).toBe(0);

    const api = await page.evaluate(async (u) => {
      try {
        await fetch(u);
        return 'answered';
      } catch (err) {
        return `refused: ${(err as Error).name}`;
      }
    }, `${server.origin}/api/ask?q=${encodeURIComponent(QUESTION)}`);
    expect(api).toBe('refused: TypeError');

    // Framing /embed directly is refused too (CSP frame-ancestors), while the listed origin may.
    const frameEmbed = async (p: Page) => {
      await p.evaluate(
        (src) =>
          new Promise<void>((resolve) => {
            const f = document.createElement('iframe');
            f.id = 'direct';
            f.addEventListener('load', () => resolve(), { once: true });
            f.src = src;
            document.body.append(f);
          }),
        `${server.origin}/embed?lang=zh-CN`,
      );
      const frame = await (await p.$('iframe#direct'))?.contentFrame();
      return { url: frame?.url() ?? '', form: frame ? await frame.evaluate(() => !!document.querySelector('#q')).catch(() => false) : false };
    };
    expect((await frameEmbed(page)).form).toBe(false);
    const ok = await context.newPage();
    await ok.goto(listed.origin + '/');
    expect(await frameEmbed(ok)).toEqual({ url: `${server.origin}/embed?lang=zh-CN`, form: true });
    await context.close();
  });
});
