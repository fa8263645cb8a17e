// Browsing a larger library in a real browser (issue #17, item 7): the search
// page's facets (type, region, year) and 更多来自此文档, and the documents page
// (/docs) with its filters, at 375 px and 1366 px in zh-CN, zh-TW and en — no
// sideways scrolling and axe-core finding no serious or critical problem — on a
// library of the bundled report and four provincial 2026 work reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

const REPORTS = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const PROVINCES = ['广东省', '北京市', '四川省', '浙江省'];
const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
const WIDTHS = [375, 1366];

describe.skipIf(skipBrowserTests)('browsing a library in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-browse-browser-'));
    const kbPath = join(dir, 'library.sqlite');
    const inputs = [CORPUS_DIR, ...PROVINCES.map((p) => join(REPORTS, `${p}-2026-政府工作报告.txt`))];
    await runIngest({ inputs, kbPath, root: REPO_ROOT });
    [server, browser] = await Promise.all([startPortalServer({ KB_PATH: kbPath }), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh visitor; axe needs its inline script let through the CSP. */
  async function visitor(width = 1366, bypassCSP = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', bypassCSP });
    context.setDefaultTimeout(10_000);
    return { context, page: await context.newPage() };
  }

  const url = (path: string) => server.origin + path;
  const search = (q: string) => `/search?q=${encodeURIComponent(q)}`;

  it('filters search results by region and opens 更多来自此文档 in place', async () => {
    const { context, page } = await visitor();
    await page.goto(url(search('营商环境')));
    expect(await page.textContent('.search-results h1 .count')).toMatch(/^共 \d+ 条，来自 \d+ 份文件$/);
    // Years newest first.
    const years = await page.locator('.facet', { hasText: '年份' }).locator('li a').allTextContents();
    expect(years.map((y) => y.slice(0, 4))).toEqual(['2026', '2021']);
    // The region facet narrows the results (htmx swaps #results and pushes the URL).
    await page.goto(url(search('就业')));
    await Promise.all([page.waitForURL(/region=/), page.locator('.facet', { hasText: '地区' }).locator('a', { hasText: '北京市' }).click()]);
    await expect.poll(() => page.locator('.facet a[aria-current="true"]').textContent()).toContain('北京市');
    const titles = await page.locator('.results .passage-source a').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((t) => t.includes('北京市'))).toBe(true);

    await page.goto(url(search('就业')));
    const more = page.locator('.more-from-doc a').first();
    const label = await more.textContent();
    const count = Number(/（(\d+)）/.exec(label ?? '')?.[1]);
    expect(count).toBeGreaterThan(0);
    await more.click();
    await page.waitForURL(/doc=/);
    await page.waitForSelector('.search-within');
    const within = await page.locator('.results .passage-source a').allTextContents();
    expect(new Set(within).size).toBe(1);
    await context.close();
  });

  it('lists every document on /docs, filtered by region with htmx and without JS', async () => {
    const { context, page } = await visitor();
    await page.goto(url('/'));
    await Promise.all([page.waitForURL(/\/docs$/, { timeout: 5000 }), page.click('.all-documents a', { timeout: 5000 })]);
    expect(await page.textContent('#docs-title .count')).toBe('共 5 份文件');
    expect(await page.locator('.documents-page ol.documents > li').count()).toBe(5);
    await page.locator('.facet', { hasText: '地区' }).locator('a', { hasText: '广东省' }).click();
    await page.waitForURL(/region=/);
    await expect.poll(() => page.locator('.documents-page ol.documents > li').count()).toBe(1);
    expect(await page.textContent('.documents-page ol.documents')).toContain('2026年广东省政府工作报告');
    await context.close();

    const noScript = await browser.newContext({ viewport: { width: 375, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
    noScript.setDefaultTimeout(10_000);
    const plain = await noScript.newPage();
    await plain.goto(url('/docs'));
    await plain.locator('.facet', { hasText: '年份' }).locator('a', { hasText: '2021' }).click();
    await plain.waitForURL(/year=2021/);
    expect(await plain.locator('.documents-page ol.documents > li').count()).toBe(1);
    await noScript.close();
  });

  it('shows the home page examples drawn from the library, not 阳江 2021', async () => {
    const { context, page } = await visitor(375);
    await page.goto(url('/'));
    const examples = await page.locator('.examples a').allTextContents();
    expect(examples).toHaveLength(4);
    for (const e of examples) expect(PROVINCES.some((p) => e.includes(p))).toBe(true);
    await context.close();
  });

  it('fits 375 px and 1366 px, with no serious or critical axe violations in zh-CN, zh-TW and en (screenshots in test-results/)', async () => {
    const problems: string[] = [];
    const shots: string[] = [];
    for (const width of WIDTHS) {
      const { context, page } = await visitor(width, true);
      for (const lang of LANGS) {
        for (const [name, path] of [
          ['search', `${search('就业')}&lang=${lang}`],
          ['docs', `/docs?lang=${lang}`],
        ] as const) {
          await page.goto(url(path));
          expect(await horizontalOverflow(page), `${name} ${lang} ${width}px`).toBeLessThanOrEqual(0);
          if (lang === 'zh-CN') {
            const file = resultPath(`browse-${name}-${width}.png`);
            await page.screenshot({ path: file, fullPage: width === 375 });
            shots.push(file);
          }
          for (const v of await runAxe(page)) {
            if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${name} ${lang} ${width}px: ${v.id} (${v.impact}) ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`);
          }
        }
      }
      await context.close();
    }
    console.log(`browse screenshots: ${shots.join(', ')}`);
    expect(problems).toEqual([]);
  });
});
