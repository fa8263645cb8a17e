// Failed requests and 适老化 beyond text size in a real browser (issue #17,
// items 5 and 10): a 429 and a lost connection are shown under the ask box and
// read out by the live region, and the form keeps working; the high-contrast
// and reading-guide switches at 375 px and 1366 px in 简体/繁體/English with
// axe-core finding no serious or critical problem (and no AAA 7:1 contrast
// failure in high contrast); 朗读 reads the answer through speechSynthesis
// where the browser has it, and is absent where it does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';
const AXE_SOURCE = readFileSync(join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

describe.skipIf(skipBrowserTests)('failed requests and 适老化 in Chromium', () => {
  let server: RunningServer;
  let limited: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The second server allows 20 requests a minute (one every 3 s) after a burst of 2: a visitor soon meets a 429.
    [server, limited, browser] = await Promise.all([
      startPortalServer(),
      startPortalServer({ RATE_LIMIT: '20', RATE_LIMIT_BURST: '2' }),
      launchChromium(),
    ]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), limited?.stop()]);
  });

  async function visitor(options: { width?: number; locale?: string; bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1024, height: 800 },
      locale: options.locale ?? 'zh-CN',
      bypassCSP: options.bypassCSP ?? false,
    });
    return { context, page: await context.newPage() };
  }

  const problem = (page: Page) => page.locator('#request-problem');
  const askButton = '.ask-form button:not(.secondary)';

  it('429: says how long to wait, reads it out, keeps the question, and asks again once allowed', async () => {
    const { context, page } = await visitor();
    await page.goto(limited.origin + '/');
    await page.fill('#q', QUESTION);
    // The page itself and any 猜你想问 request took the burst; press 问答 until the server refuses.
    for (let i = 0; i < 6 && !(await problem(page).isVisible()); i++) {
      await page.click(askButton);
      await page.waitForTimeout(300);
    }
    await expect.poll(() => problem(page).isVisible()).toBe(true);
    const message = (await problem(page).textContent()) ?? '';
    expect(message).toMatch(/^请求太频繁，请 \d+ 秒后再试。/);
    await expect.poll(() => page.textContent('#announcer')).toBe(message);
    expect(await page.inputValue('#q')).toBe(QUESTION);
    expect(await page.locator(askButton).isDisabled()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.matches('.ask-form button'))).toBe(true);
    // Once a token is back, the same button answers and the notice goes away.
    let answered = false;
    for (let i = 0; i < 12 && !answered; i++) {
      await page.waitForTimeout(1500);
      // An earlier answer still on the page must not count: only one this click brings.
      await page.evaluate(() => document.querySelectorAll('.answer-card .answer').forEach((e) => e.remove()));
      await page.click(askButton);
      answered = await page
        .waitForSelector('.answer-card .answer', { timeout: 1500 })
        .then(() => true)
        .catch(() => false);
    }
    expect(answered).toBe(true);
    expect(await page.textContent('.answer')).toContain('108件');
    await expect.poll(() => problem(page).isHidden()).toBe(true);
    await context.close();
  }, 60_000);

  it('offline: says the connection is down (in the visitor’s language), reads it out, and works again online', async () => {
    for (const [locale, path, expected] of [
      ['zh-CN', '/', /^网络连接中断，请检查网络后重试。/],
      ['en', '/', /^The network connection is down; please check it and try again\./],
      // The embed panel (public/embed-frame.js) does the same.
      ['zh-CN', '/embed?lang=zh-TW', /^網路連線中斷，請檢查網路後重試。/],
    ] as const) {
      const { context, page } = await visitor({ locale });
      await page.goto(server.origin + path);
      await page.fill('#q', QUESTION);
      await context.setOffline(true);
      await page.click(askButton);
      await expect.poll(() => problem(page).isVisible()).toBe(true);
      const message = (await problem(page).textContent()) ?? '';
      expect(message).toMatch(expected);
      await expect.poll(() => page.textContent('#announcer')).toBe(message);
      expect(await page.inputValue('#q')).toBe(QUESTION);
      await context.setOffline(false);
      await page.click(askButton);
      await page.waitForSelector('.answer-card .answer');
      await expect.poll(() => problem(page).isHidden()).toBe(true);
      await context.close();
    }
  });

  it('high contrast and the reading guide at 375 and 1366 px in 3 languages: switches persist, axe finds nothing serious, AAA contrast holds', async () => {
    const failures: string[] = [];
    const rows: string[] = [];
    for (const width of [375, 1366]) {
      for (const lang of ['zh-CN', 'zh-TW', 'en']) {
        const { context, page } = await visitor({ width, bypassCSP: true });
        await page.goto(`${server.origin}/?lang=${lang}`);
        await page.click('.contrast-toggle');
        await page.waitForFunction(() => document.documentElement.classList.contains('contrast'));
        await page.click('.guide-toggle');
        await page.waitForFunction(() => document.documentElement.classList.contains('guide'));
        await page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`);
        // (can-speak: Chromium has speechSynthesis, so portal.js offers 朗读.)
        expect((await page.getAttribute('html', 'class'))?.split(' ').filter((c) => c !== 'can-speak').sort()).toEqual(['contrast', 'guide']);
        const colours = await page.evaluate(() => {
          const s = getComputedStyle(document.body);
          return [s.backgroundColor, s.color];
        });
        expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
        // The guide band follows the pointer, and the focused line.
        await page.mouse.move(100, 400);
        const band = page.locator('.reading-guide');
        await expect.poll(() => band.isVisible()).toBe(true);
        const box = await band.boundingBox();
        expect(Math.abs((box?.y ?? 0) + (box?.height ?? 0) / 2 - 400)).toBeLessThan(3);
        await page.focus('#q');
        const inputBox = await page.locator('#q').boundingBox();
        const moved = await band.boundingBox();
        expect(Math.abs((moved?.y ?? 0) - (inputBox?.y ?? 0))).toBeLessThan(60);
        if (width === 375) expect(await horizontalOverflow(page), `${lang} at 375 px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(REPO_ROOT, 'test-results', `contrast-guide-${lang}-${width}.png`) });

        for (const path of ['/', `/ask?q=${encodeURIComponent(QUESTION)}`]) {
          await page.goto(server.origin + path);
          await page.mouse.move(200, 300);
          const violations = await runAxe(page);
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          for (const v of serious) failures.push(`${lang} ${width} ${path}: ${v.id} ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
          // WCAG AAA: 7:1 for text (4.5:1 for large text).
          const aaa = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { nodes: { target: string[] }[] }[] }> } }).axe;
            const r = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast-enhanced'] } });
            return r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')));
          });
          for (const t of aaa) failures.push(`${lang} ${width} ${path}: AAA contrast at ${t}`);
          rows.push(`${lang.padEnd(6)} ${String(width).padStart(4)} ${path.slice(0, 4).padEnd(5)} serious/critical ${serious.length}  AAA contrast ${aaa.length}  all ${violations.length}`);
        }
        // Both switches turn off again.
        await page.click('.contrast-toggle');
        await page.waitForFunction(() => !document.documentElement.classList.contains('contrast'));
        await page.click('.guide-toggle');
        await page.waitForFunction(() => !document.documentElement.classList.contains('guide'));
        expect(await page.locator('.reading-guide').count()).toBe(0);
        await context.close();
      }
    }
    console.log(`high contrast + reading guide, axe:\n${rows.join('\n')}`);
    expect(failures).toEqual([]);
  }, 180_000);

  it('draws the reading guide under the strict CSP (positioned through the CSSOM, no inline style)', async () => {
    const { context, page } = await visitor({ width: 375 });
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await context.addCookies([
      { name: 'pqa_guide', value: '1', url: server.origin },
      { name: 'pqa_contrast', value: '1', url: server.origin },
    ]);
    await page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`);
    await page.mouse.move(50, 500);
    const band = page.locator('.reading-guide');
    await expect.poll(() => band.isVisible()).toBe(true);
    const box = await band.boundingBox();
    expect(Math.abs((box?.y ?? 0) + (box?.height ?? 0) / 2 - 500)).toBeLessThan(3);
    expect(box?.width).toBe(375);
    expect(cspErrors).toEqual([]);
    await context.close();
  });

  it('朗读: reads the answer through speechSynthesis where the browser has it; absent where it does not', async () => {
    const { context, page } = await visitor();
    // Headless Chromium has no voices: a stand-in records what would be spoken.
    await context.addInitScript(() => {
      const w = window as unknown as { spoken: { text: string; lang: string }[]; cancelled: number };
      w.spoken = [];
      w.cancelled = 0;
      Object.defineProperty(window, 'speechSynthesis', {
        configurable: true,
        value: {
          speak: (u: SpeechSynthesisUtterance) => w.spoken.push({ text: u.text, lang: u.lang }),
          cancel: () => (w.cancelled += 1),
          getVoices: () => [],
        },
      });
    });
    await page.goto(`${server.origin}/`);
    await page.fill('#q', QUESTION);
    await page.click(askButton);
    await page.waitForSelector('.answer-card .answer');
    const button = page.locator('.answer .read-aloud');
    await expect.poll(() => button.isVisible()).toBe(true);
    expect(await button.textContent()).toBe('朗读');
    await button.click();
    const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
    expect(spoken).toHaveLength(1);
    expect(spoken[0].lang).toBe('zh-CN');
    // The answer and its source, without the button, the heading or reference marks ([1], [数据]).
    expect(spoken[0].text).toContain('市政府办结行政复议申请108件');
    expect(spoken[0].text).toContain('阳江市人民政府2021年法治政府建设年度报告');
    expect(spoken[0].text).not.toMatch(/\[|朗读|答案/);
    expect(await button.textContent()).toBe('停止朗读');
    await button.click();
    expect(await button.textContent()).toBe('朗读');
    expect(await page.evaluate(() => (window as unknown as { cancelled: number }).cancelled)).toBeGreaterThan(0);
    await context.close();

    const without = await visitor();
    await without.context.addInitScript(() => {
      Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: undefined });
    });
    await without.page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`);
    expect(await without.page.locator('.answer .read-aloud').count()).toBe(1);
    expect(await without.page.locator('.answer .read-aloud').isHidden()).toBe(true);
    await without.context.close();
  });
});
