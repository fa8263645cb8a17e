// Answer card and document page polish (issue #17 item 8) in a real browser (Debian's Chromium) on the bundled
// report, at 375 px and 1366 px: no figure link inside the answer's words, citations numbered once, dates and
// figures never split over two lines, 复制答案 and 分享链接 copying (and the link working without script), the
// cited paragraph scrolled to with context above it and the answer's words marked in it, headings sized by level,
// a print stylesheet that hides the controls — and axe-core finding no serious or critical violation in 简体,
// 繁體 and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

// Written for these tests (not from the evaluation files).
const QUESTION = '阳江市去年办结的行政复议案件有多少件';
const ANSWER = '市政府办结行政复议申请108件,其中责令履行1件,撤销30件,确认违法1件,纠错率达29.6%';
const LABELS = {
  'zh-CN': { copy: '复制答案', copied: '答案已复制', share: '分享链接', shared: '链接已复制，可以粘贴分享' },
  'zh-TW': { copy: '複製答案', copied: '答案已複製', share: '分享連結', shared: '連結已複製，可以貼上分享' },
  en: { copy: 'Copy answer', copied: 'Answer copied', share: 'Share link', shared: 'Link copied, ready to paste' },
} as const;

describe.skipIf(skipBrowserTests)('answer card and document page polish, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startPortalServer(), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function visitor(width: number, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    // bypassCSP: axe-core is injected as an inline script, which the site's CSP rightly refuses.
    const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true, ...options });
    // Record what is copied rather than depend on the headless clipboard.
    await context.addInitScript(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: (text: string) => (w.copied.push(text), Promise.resolve()) },
      });
    });
    return { context, page: await context.newPage() };
  }

  async function seriousViolations(page: Page) {
    return (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  /** Every no-wrap run in the element that is split over more than one line box (none should be). */
  function brokenRuns(page: Page, selector: string) {
    return page.evaluate((sel) => {
      const broken: string[] = [];
      document.querySelectorAll(`${sel} .nowrap`).forEach((el) => {
        const lines = new Set([...el.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(el.textContent ?? '');
      });
      return { broken, count: document.querySelectorAll(`${sel} .nowrap`).length };
    }, selector);
  }

  it('shows the answer as one quote, numbers citations once, keeps figures whole and copies, at 375 and 1366 px in 3 languages', async () => {
    const rows: string[] = [];
    for (const width of [375, 1366]) {
      for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
        const { context, page } = await visitor(width);
        await page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}&lang=${lang}`);
        const where = `${lang} ${width}px`;
        // No figure link inside the answer's words; the figures follow it as links of their own.
        expect(await page.locator('.answer-quote a').count(), where).toBe(0);
        expect(await page.locator('.answer-quote').count(), where).toBe(1);
        const figures = page.locator('.answer-figures a');
        expect(await figures.count(), where).toBe(3);
        const [quoteBox, figuresBox] = await Promise.all([page.locator('.answer-quote').boundingBox(), page.locator('.answer-figures').boundingBox()]);
        expect(figuresBox!.y, where).toBeGreaterThanOrEqual(quoteBox!.y + quoteBox!.height - 1);
        // One numbering: the list's own numbers, nothing like [1] inside an item.
        const numbering = await page.evaluate(() => {
          const items = [...document.querySelectorAll('.citations > li')];
          return {
            style: items.length ? getComputedStyle(items[0]).listStyleType : '',
            bracketed: items.filter((li) => /^\s*\[\d+\]/.test(li.querySelector('.passage-source')?.textContent ?? '')).length,
            items: items.length,
          };
        });
        expect(numbering.style, where).toBe('decimal');
        expect(numbering.bracketed, where).toBe(0);
        expect(numbering.items, where).toBeGreaterThan(1);
        // Dates and figures on one line each, in the answer and the citations.
        const answerRuns = await brokenRuns(page, '.answer');
        expect(answerRuns.count, where).toBeGreaterThanOrEqual(5);
        expect(answerRuns.broken, where).toEqual([]);
        const citationRuns = await brokenRuns(page, '.citations');
        expect(citationRuns.count, where).toBeGreaterThan(5);
        expect(citationRuns.broken, where).toEqual([]);
        expect(await horizontalOverflow(page), where).toBeLessThanOrEqual(0);
        // 复制答案 (shown by script) and 分享链接.
        const copy = page.locator('.answer-actions .copy-answer');
        await expect.poll(() => copy.isVisible()).toBe(true);
        expect((await copy.textContent())?.trim()).toBe(LABELS[lang].copy);
        await copy.click();
        const status = page.locator('.answer-actions .copy-status');
        await expect.poll(() => status.textContent()).toBe(LABELS[lang].copied);
        const share = page.locator('.answer-actions .share-link');
        expect((await share.textContent())?.trim()).toBe(LABELS[lang].share);
        await share.click();
        await expect.poll(() => status.textContent()).toBe(LABELS[lang].shared);
        const copied = await page.evaluate(() => (window as unknown as { copied: string[] }).copied);
        expect(copied, where).toHaveLength(2);
        // The permalink asks the question as it was asked (the page shows it in the interface's script).
        const permalink = `${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`;
        expect(copied[0].split('\n')[0]).toBe(lang === 'zh-TW' ? '陽江市去年辦結的行政複議案件有多少件' : QUESTION);
        expect(copied[0]).toContain(lang === 'zh-TW' ? '糾錯率達29.6%' : '纠错率达29.6%');
        expect(copied[0]).not.toMatch(/\[1\]|\[数据\]/);
        expect(copied[0].split('\n').pop()).toBe(permalink);
        expect(copied[1]).toBe(permalink);
        // The click copied; it did not leave the page.
        expect(page.url()).toContain(`lang=${lang}`);
        if (lang === 'zh-CN') await page.screenshot({ path: resultPath(`answer-polish-answer-${width}.png`), fullPage: true });
        const violations = await seriousViolations(page);
        rows.push(`answer ${where}: ${violations.length}`);
        expect(violations, `${where}: ${JSON.stringify(violations)}`).toEqual([]);
        await context.close();
      }
    }
    console.log(`answer-polish answer pages, serious/critical axe violations: ${rows.join('; ')}`);
  });

  it('shows 复制答案 on an answer that htmx swaps in, and without script keeps only the share link, which works', async () => {
    const { context, page } = await visitor(1366);
    await page.goto(`${server.origin}/`);
    await page.fill('#q', QUESTION);
    await page.press('#q', 'Enter');
    await page.waitForSelector('.answer-card .answer-quote');
    await expect.poll(() => page.locator('.answer-actions .copy-answer').isVisible()).toBe(true);
    await context.close();

    const plain = await visitor(375, { javaScriptEnabled: false });
    await plain.page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`);
    expect(await plain.page.locator('.answer-actions .copy-answer').isHidden()).toBe(true);
    await plain.page.locator('.answer-actions .share-link').click();
    await plain.page.waitForURL(/\/ask\?q=/);
    expect(new URL(plain.page.url()).searchParams.get('q')).toBe(QUESTION);
    expect(await plain.page.locator('.answer-quote').textContent()).toBe(ANSWER);
    await plain.context.close();
  });

  it('scrolls the cited paragraph into view with context above it and marks the answer in it, with or without script', async () => {
    const rows: string[] = [];
    for (const width of [375, 1366]) {
      for (const javaScriptEnabled of [true, false]) {
        const { context, page } = await visitor(width, { javaScriptEnabled });
        const where = `${width}px${javaScriptEnabled ? '' : ' without script'}`;
        await page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`);
        await page.locator('#cite-1 .passage-source > a').click();
        await page.waitForSelector('#doc-title');
        expect(page.url(), where).toMatch(/hl=31&mark=.*#p-31$/);
        await page.waitForFunction(() => window.scrollY > 0);
        const place = await page.evaluate(() => {
          const cited = document.getElementById('p-31')!.getBoundingClientRect();
          const before = document.getElementById('p-30')!.getBoundingClientRect();
          return { top: cited.top, beforeBottom: before.bottom, height: window.innerHeight };
        });
        // Not flush with the top: a band of the text before it stays in view.
        expect(place.top, where).toBeGreaterThan(60);
        expect(place.top, where).toBeLessThan(place.height / 2);
        expect(place.beforeBottom, where).toBeGreaterThan(20);
        const mark = page.locator('#p-31 mark.answer-mark');
        expect(await mark.count(), where).toBe(1);
        expect(await mark.textContent(), where).toBe(ANSWER);
        expect(await mark.isVisible(), where).toBe(true);
        expect(await horizontalOverflow(page), where).toBeLessThanOrEqual(0);
        if (javaScriptEnabled) {
          await page.screenshot({ path: resultPath(`answer-polish-document-${width}.png`), fullPage: false });
          const violations = await seriousViolations(page);
          rows.push(`document ${where}: ${violations.length}`);
          expect(violations, `${where}: ${JSON.stringify(violations)}`).toEqual([]);
        }
        await context.close();
      }
    }
    console.log(`answer-polish document pages, serious/critical axe violations: ${rows.join('; ')}`);
  });

  it('sizes the document headings by level: 一、 larger than （一）, larger than body text', async () => {
    const { context, page } = await visitor(1366);
    await page.goto(`${server.origin}/doc/yangjiang-2021-law-based-government-report`);
    const sizes = await page.evaluate(() => {
      const px = (sel: string) => parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize);
      return { title: px('#doc-title'), one: px('h2.para.level-1'), two: px('h3.para.level-2'), body: px('p.para') };
    });
    expect(sizes.title).toBeGreaterThan(sizes.one);
    expect(sizes.one).toBeGreaterThan(sizes.two);
    expect(sizes.two).toBeGreaterThan(sizes.body);
    await context.close();
  });

  it('prints the answer without the form, buttons or feedback, with where each citation leads', async () => {
    const { context, page } = await visitor(1366);
    await page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`);
    await expect.poll(() => page.locator('.copy-answer').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.ask-form', '.site-header', '.copy-answer', '.read-aloud', '.preferences']) {
      expect(await page.locator(hidden).first().isHidden(), hidden).toBe(true);
    }
    if ((await page.locator('.feedback').count()) > 0) expect(await page.locator('.feedback').first().isHidden()).toBe(true);
    expect(await page.locator('.answer-quote').isVisible()).toBe(true);
    const printed = await page.evaluate(() => ({
      after: getComputedStyle(document.querySelector('#cite-1 .passage-link a')!, '::after').content,
      share: getComputedStyle(document.querySelector('.share-link')!, '::after').content,
      ink: getComputedStyle(document.querySelector('.answer')!).color,
      paper: getComputedStyle(document.querySelector('.answer')!).backgroundColor,
    }));
    expect(printed.after).toBe('" </doc/yangjiang-2021-law-based-government-report?hl=31#p-31>"');
    expect(printed.share).toBe(`" </ask?q=${QUESTION}>"`);
    expect(printed.ink).toBe('rgb(0, 0, 0)');
    expect(printed.paper).toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: resultPath('answer-polish-print-1366.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.ask-form').isVisible()).toBe(true);
    await context.close();
  });
});
