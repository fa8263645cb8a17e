// 数据对比 in a real browser (issue #18 item 1): compare 地区生产总值 across
// provinces on the library of the bundled report and the 31 provincial 2026 work
// reports — the largest first, sorted by a plain link (no JavaScript needed), the
// CSV link, the chart with its title — at 375 px and 1366 px: no sideways
// scrolling of the page (the table scrolls in its own region), axe-core finding
// no serious or critical problem. Screenshots: test-results/figures-compare-375.png, -1366.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

const REPORTS = fileURLToPath(new URL('../../../shared/reports/provincial-2026/', import.meta.url));
const COMPARE = `/figures/compare?measure=${encodeURIComponent('地区生产总值')}&year=2025&kind=level`;

describe.skipIf(skipBrowserTests)('compare 地区生产总值 across provinces in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-figures-compare-browser-'));
    const kbPath = join(dir, 'library.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, REPORTS], kbPath, root: REPO_ROOT });
    [server, browser] = await Promise.all([startPortalServer({ KB_PATH: kbPath, CURRENT_YEAR: '2026' }), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([375, 1366])('at %i px: sorts, links the CSV, fits the screen and passes axe', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', bypassCSP: true });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(server.origin + COMPARE);
    await expect.poll(() => page.locator('.compare-table caption').textContent()).toBe('地区生产总值（总量，亿元）：2025年各地区');
    const regions = () => page.locator('.compare-table tbody th[scope="row"]').allTextContents();
    const first = await regions();
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(first.slice(0, 3)).toEqual(['广东省', '江苏省', '山东省']);
    const values = (await page.locator('.compare-table td.num').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value')))));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // The chart: an image with a title, one bar per row.
    expect(await page.locator('.figure-chart svg[role="img"] title').textContent()).toContain('地区生产总值');
    expect(await page.locator('.figure-chart .bar').count()).toBe(first.length);
    // CSV link.
    const csvHref = await page.locator('.compare-actions a').getAttribute('href');
    expect(csvHref).toMatch(/^\/figures\/compare\.csv\?/);
    const csv = await (await fetch(server.origin + csvHref)).text();
    expect(csv.split('\r\n')[1]).toMatch(/^广东省,2025,地区生产总值,level,reported,145800,亿元,/);
    // Page-wide: no sideways scrolling; axe finds nothing serious.
    expect(await horizontalOverflow(page)).toBe(0);
    const problems = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(problems.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`)).toEqual([]);
    await page.screenshot({ path: resultPath(`figures-compare-${width}.png`), fullPage: width === 375 });
    // Sort by value, smallest first, then by region name: plain links.
    await Promise.all([page.waitForURL(/order=asc/), page.locator('.compare-table thead a.sort-link').nth(1).click()]);
    const ascending = await page.locator('.compare-table td.num').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await page.locator('.compare-table th[aria-sort="ascending"]').count()).toBe(1);
    await Promise.all([page.waitForURL(/sort=name/), page.locator('.compare-table thead a.sort-link').first().click()]);
    const byName = await regions();
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    expect(await horizontalOverflow(page)).toBe(0);
    await context.close();
  });

  it('passes axe in zh-TW and en, across years too, with no CSP violation', async () => {
    const cspErrors: string[] = [];
    const strict = await browser.newContext({ viewport: { width: 375, height: 900 } });
    const plain = await strict.newPage();
    plain.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await plain.goto(server.origin + COMPARE);
    await plain.goto(`${server.origin}/figures/compare?measure=${encodeURIComponent('地区生产总值')}&region=${encodeURIComponent('广东省')}&kind=level`);
    expect(await plain.locator('.compare-table tbody th[scope="row"]').allTextContents()).toEqual(['2020', '2025']);
    expect(cspErrors).toEqual([]);
    await strict.close();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const lang of ['zh-TW', 'en']) {
      await page.goto(`${server.origin}${COMPARE}&lang=${lang}`);
      for (const v of await runAxe(page)) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${lang}: ${v.id} ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`);
      expect(await horizontalOverflow(page)).toBe(0);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
