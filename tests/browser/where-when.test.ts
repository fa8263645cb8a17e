// Where and when, in a real browser (Debian's Chromium), on a library of the bundled report, 广东's 2026
// report and a repealed law beside the law that replaced it (环境噪声污染防治法 → 噪声污染防治法): the answer
// card names its source before the answer (据《…》（region · years）：), marks citations of the repealed law
// 已废止 · 已被《…》取代 with a working link to the law in force, and an English question gets the hint to ask
// in Chinese — at 375 px and 1366 px in 简体, 繁體 and English, with no sideways scrolling and axe-core
// finding no serious or critical violation.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

const SHARED = join(import.meta.dirname, '../../../shared');
const LAWS = ['行政法/环境噪声污染防治法(2018-12-29).md', '行政法/噪声污染防治法(2021-12-24).md'];
const REPORT = '广东省-2026-政府工作报告.txt';
const STATUTE_QUESTION = '建筑施工噪声是指什么';
const REPORT_QUESTION = '广东省去年城镇新增就业多少人';
const ATTRIBUTION = { 'zh-CN': /^据《/, 'zh-TW': /^據《/, en: /^According to 《/ } as const;
const REPEALED = { 'zh-CN': '已废止', 'zh-TW': '已廢止', en: 'Repealed' } as const;

describe.skipIf(skipBrowserTests)('where and when, in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-where-when-browser-'));
    for (const f of LAWS) {
      mkdirSync(join(dir, 'laws', f.split('/')[0]), { recursive: true });
      cpSync(join(SHARED, 'stard/laws', f), join(dir, 'laws', f));
    }
    mkdirSync(join(dir, 'reports'));
    cpSync(join(SHARED, 'reports/provincial-2026', REPORT), join(dir, 'reports', REPORT));
    const kbPath = join(dir, 'kb.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, join(dir, 'laws'), join(dir, 'reports')], kbPath, root: dir });
    [server, browser] = await Promise.all([startPortalServer({ KB_PATH: kbPath, CURRENT_YEAR: '2026' }), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function visitor(width: number): Promise<Page> {
    // bypassCSP: axe-core is injected as an inline script, which the site's CSP rightly refuses.
    const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
    return context.newPage();
  }

  async function seriousViolations(page: Page) {
    return (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  it('names the source and marks the repealed law at 375 and 1366 px in 3 languages, axe finding nothing serious', async () => {
    const rows: string[] = [];
    for (const width of [375, 1366]) {
      for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
        const page = await visitor(width);
        await page.goto(`${server.origin}/ask?q=${encodeURIComponent(STATUTE_QUESTION)}&lang=${lang}`);
        const attribution = page.locator('.answer .answer-attribution');
        expect(await attribution.isVisible(), `${lang} ${width}`).toBe(true);
        expect((await attribution.textContent())?.trim()).toMatch(ATTRIBUTION[lang]);
        const mark = page.locator('.citations .law-status.repealed').first();
        expect(await mark.isVisible(), `${lang} ${width}: a repealed citation is marked`).toBe(true);
        expect(await mark.textContent()).toContain(REPEALED[lang]);
        expect(await horizontalOverflow(page), `${lang} at ${width} px`).toBeLessThanOrEqual(0);
        if (lang === 'zh-CN') await page.screenshot({ path: resultPath(`where-when-statute-${width}.png`), fullPage: true });
        const violations = await seriousViolations(page);
        rows.push(`statute ${lang} ${width}px: ${violations.length}`);
        expect(violations, `${lang} ${width}: ${JSON.stringify(violations)}`).toEqual([]);

        await page.goto(`${server.origin}/ask?q=${encodeURIComponent(REPORT_QUESTION)}&lang=${lang}`);
        const line = (await page.locator('.answer p').first().textContent()) ?? '';
        expect(line).toMatch(ATTRIBUTION[lang]);
        expect(line).toMatch(/2025/);
        expect(await page.locator('.answer-understood').first().textContent()).toMatch(/2025/);
        expect(await horizontalOverflow(page), `report ${lang} at ${width} px`).toBeLessThanOrEqual(0);
        if (lang === 'zh-CN') await page.screenshot({ path: resultPath(`where-when-report-${width}.png`), fullPage: false });
        const reportViolations = await seriousViolations(page);
        rows.push(`report ${lang} ${width}px: ${reportViolations.length}`);
        expect(reportViolations, `report ${lang} ${width}: ${JSON.stringify(reportViolations)}`).toEqual([]);
        await page.context().close();
      }
    }
    console.log(`where-when pages, serious/critical axe violations: ${rows.join('; ')}`);
  });

  it('follows the 已被《…》取代 link to the law in force, whose page carries no mark', async () => {
    const page = await visitor(375);
    await page.goto(`${server.origin}/ask?q=${encodeURIComponent(STATUTE_QUESTION)}&lang=zh-CN`);
    await page.locator('.citations .law-status.repealed a').first().click();
    await page.waitForSelector('#doc-title');
    expect(await page.textContent('#doc-title')).toBe('中华人民共和国噪声污染防治法');
    expect(await page.locator('.doc-status').count()).toBe(0);
    // …and the repealed law's own page says so, linking back to it.
    await page.goBack();
    await page.locator('.citations .law-status.repealed').first().locator('xpath=ancestor::li').locator('.passage-source > a').first().click();
    await page.waitForSelector('.doc-status');
    expect(await page.textContent('.doc-status')).toContain('已被《中华人民共和国噪声污染防治法》取代');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('asks an English question to be asked in Chinese, with Chinese examples that answer', async () => {
    for (const width of [375, 1366]) {
      const page = await visitor(width);
      await page.goto(`${server.origin}/ask?q=${encodeURIComponent('How many new urban jobs did Guangdong add last year?')}&lang=en`);
      const hint = page.locator('.ask-in-chinese');
      expect(await hint.isVisible()).toBe(true);
      expect(await hint.textContent()).toContain('Please ask in Chinese');
      const examples = hint.locator('a');
      expect(await examples.count()).toBeGreaterThanOrEqual(2);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      if (width === 375) await page.screenshot({ path: resultPath(`where-when-english-${width}.png`), fullPage: false });
      expect(await seriousViolations(page)).toEqual([]);
      await examples.first().click();
      await page.waitForSelector('.answer-card h1');
      expect(await page.textContent('.answer-card h1')).toMatch(/[\u4e00-\u9fff]/);
      await page.context().close();
    }
  });
});
