// A way forward on a no-answer, in a real browser (Debian's Chromium): with
// FALLBACK_URL and FALLBACK_LABEL set, the no-answer page shows what the
// knowledge base holds and the configured link at 375 px and 1366 px in 简体,
// 繁體 and English (no sideways scrolling, axe-core finding no violation); asked
// through htmx the card has it too, and pressing 没用 offers it again; in the
// embed panel the link opens a new window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

// The bundled 2021 法治政府 report says nothing about the housing fund.
const UNANSWERABLE = '公积金怎么提取？';
const HOTLINE = 'https://www.yangjiang.gov.cn/hdjl/12345';
const LABEL = '12345政务服务便民热线网上留言';
const LABELS = { 'zh-CN': LABEL, 'zh-TW': '12345政務服務便民熱線網上留言', en: LABEL } as const;
const COVERAGE = { 'zh-CN': '知识库现有 1 份文件', 'zh-TW': '資料庫現有 1 份文件', en: 'The knowledge base holds 1 document(s)' } as const;

describe.skipIf(skipBrowserTests)('a way forward on a no-answer, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startPortalServer({ FALLBACK_URL: HOTLINE, FALLBACK_LABEL: LABEL }), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function visitor(width: number, locale = 'zh-CN'): Promise<Page> {
    // bypassCSP: axe-core is injected as an inline script, which the site's CSP rightly refuses.
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale, bypassCSP: true });
    return context.newPage();
  }

  it('shows the coverage and the link on the no-answer page at 375 and 1366 px in 3 languages, axe finding nothing', async () => {
    const rows: string[] = [];
    for (const width of [375, 1366]) {
      for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
        const page = await visitor(width);
        await page.goto(`${server.origin}/ask?q=${encodeURIComponent(UNANSWERABLE)}&lang=${lang}`);
        const link = page.locator('.no-answer a.fallback-link');
        expect(await link.isVisible(), `${lang} ${width}`).toBe(true);
        expect(await link.getAttribute('href')).toBe(HOTLINE);
        expect(await link.textContent()).toBe(LABELS[lang]);
        expect(await page.textContent('.no-answer-coverage')).toContain(COVERAGE[lang]);
        expect(await page.locator('.citations').count(), 'no related-passages list over nothing').toBe(0);
        expect(await horizontalOverflow(page), `${lang} at ${width} px`).toBeLessThanOrEqual(0);
        if (lang === 'zh-CN') await page.screenshot({ path: resultPath(`fallback-no-answer-${width}.png`), fullPage: false });
        const violations = await runAxe(page);
        rows.push(`${lang} ${width}px: ${violations.length} violations`);
        expect(violations, `${lang} ${width}: ${JSON.stringify(violations)}`).toEqual([]);
        await page.context().close();
      }
    }
    console.log(`no-answer page, axe: ${rows.join('; ')}`);
  });

  it('puts the link in the card asked through htmx, and offers it again after 没用', async () => {
    const page = await visitor(375);
    await page.goto(`${server.origin}/`);
    await page.fill('#q', UNANSWERABLE);
    await page.click('.ask-form button:not(.secondary)');
    await page.waitForSelector('.no-answer a.fallback-link');
    await expect.poll(() => page.textContent('#announcer')).toContain('没有找到答案');
    await page.click('#feedback button.secondary');
    const after = page.locator('#feedback.done a.fallback-link');
    await after.waitFor();
    expect(await after.getAttribute('href')).toBe(HOTLINE);
    expect(await page.textContent('#feedback')).toContain('没有解决您的问题？');
    expect(await runAxe(page)).toEqual([]);
    await page.context().close();
  });

  it('opens the link in a new window from the embed panel', async () => {
    const page = await visitor(375);
    await page.goto(`${server.origin}/embed?lang=zh-CN`);
    await page.fill('#q', UNANSWERABLE);
    await page.click('.ask-form button');
    const link = page.locator('.no-answer a.fallback-link');
    await link.waitFor();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await runAxe(page)).toEqual([]);
    await page.context().close();
  });
});
