// 承诺与部署 on a library in Chromium (issue #18 item 2): the bundled 阳江 report
// and four provincial 2026 work reports, served by the real Node server.
// /commitments is public (no ADMIN_TOKEN). At 375 px and 1366 px: filtering by
// region and by planned year (htmx swaps the list and pushes the address), the
// counts per region, no sideways scrolling, axe-core finding no serious or
// critical problem; screenshots test-results/commitments-375.png and -1366.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type AxeViolation, type RunningServer } from './harness.js';

const REPORTS = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const PROVINCES = ['广东省', '天津市', '北京市', '四川省'];
const WIDTHS = [375, 1366];

describe.skipIf(skipBrowserTests)('承诺与部署 by region and planned year in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-commitments-browser-'));
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

  async function visitor(width: number, bypassCSP = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', bypassCSP });
    context.setDefaultTimeout(15_000);
    return { context, page: await context.newPage() };
  }

  const count = async (page: Page) => Number(/共 (\d+) 条/.exec((await page.textContent('#staff-list .count')) ?? '')?.[1] ?? NaN);

  for (const width of WIDTHS) {
    it(`filters by region and planned year at ${width} px, without sideways scrolling`, async () => {
      const { context, page } = await visitor(width);
      await page.goto(`${server.origin}/commitments`);
      const total = await count(page);
      expect(total).toBeGreaterThan(100);
      // The counts per region: every province, 阳江市 too.
      const facet = page.locator('.commitment-facets');
      for (const region of [...PROVINCES, '阳江市']) await expect.poll(() => facet.locator('a', { hasText: region }).count()).toBe(1);
      expect(await horizontalOverflow(page), `/commitments at ${width} px`).toBeLessThanOrEqual(0);

      // Region: the select swaps the list (htmx) and pushes the address.
      await Promise.all([page.waitForURL(/region=/), page.selectOption('#staff-region', '天津市')]);
      await expect.poll(() => facet.locator('a[aria-current="true"]').textContent()).toContain('天津市');
      const tianjin = await count(page);
      expect(tianjin).toBeGreaterThan(20);
      expect(tianjin).toBeLessThan(total);
      const titles = await page.locator('.staff-group h2').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((t) => t.includes('天津市'))).toBe(true);
      // No follow-up from another region: 天津 has no later report in this library.
      expect(await page.locator('.follow-up').first().textContent()).toContain('还没有天津市更晚的报告。');

      // Planned year 2028: only the “十五五” commitments (2026—2030) of 天津.
      await Promise.all([page.waitForURL(/year=2028/), page.selectOption('#staff-year', '2028')]);
      await expect.poll(() => count(page)).toBeLessThan(tianjin);
      const periods = await page.locator('.commitment .plan-period').allTextContents();
      expect(periods.length).toBeGreaterThan(0);
      expect(new Set(periods)).toEqual(new Set(['计划年份：2026—2030']));
      expect(page.url()).toContain(`region=${encodeURIComponent('天津市')}`);
      expect(await horizontalOverflow(page), `filtered at ${width} px`).toBeLessThanOrEqual(0);

      // A region link in the facet (plain link) lists that region, keeping the year.
      await Promise.all([page.waitForURL(/region=%E5%B9%BF/), facet.locator('a', { hasText: '广东省' }).click()]);
      expect(page.url()).toContain('year=2028');
      expect(await page.inputValue('#staff-region')).toBe('广东省');
      // 2026: the 2026 plan and the “十五五” commitments (whose period includes 2026), in the report's order.
      const guangdong2028 = await count(page);
      await Promise.all([page.waitForURL(/year=2026/), page.selectOption('#staff-year', '2026')]);
      await expect.poll(() => count(page)).toBeGreaterThan(guangdong2028);
      const periods2026 = new Set(await page.locator('.commitment .plan-period').allTextContents());
      expect(periods2026.has('计划年份：2026')).toBe(true);
      expect([...periods2026].every((p) => p === '计划年份：2026' || p === '计划年份：2026—2030')).toBe(true);
      await page.screenshot({ path: resultPath(`commitments-${width}.png`), fullPage: false });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await context.close();
    }, 60_000);

    it(`has no serious or critical axe-core violation at ${width} px`, async () => {
      const { context, page } = await visitor(width, true);
      const failures: string[] = [];
      for (const path of ['/commitments', `/commitments?region=${encodeURIComponent('广东省')}&year=2026`, '/commitments?year=2030&lang=en', `/commitments?region=${encodeURIComponent('北京市')}&lang=zh-TW`]) {
        await page.goto(`${server.origin}${path}`);
        const violations: AxeViolation[] = await runAxe(page);
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
          failures.push(`${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
        }
      }
      await context.close();
      expect(failures).toEqual([]);
    }, 60_000);
  }
});
