// The staff pages in Chromium: /commitments, /figures (with a selected record)
// and /admin (signed in through the form) in zh-CN, zh-TW and en — axe-core
// finding no serious or critical problem, no horizontal scrolling at 320 px
// (wide tables scroll in their own region), no CSP violation (the daily chart
// is an inline SVG without style attributes), and the htmx filter swapping
// only the list. The app is served in-process (createApp + registerStaffRoutes)
// over the bundled report, with a real question log file.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { nodeStaticAssets } from '../../src/adapters/node/static.js';
import { createApp } from '../../src/app/create-app.js';
import { newQuestionId, questionKey } from '../../src/staff/query-log.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { registerStaffRoutes } from '../../src/app/routes/staff.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, type AxeViolation } from './harness.js';

const TOKEN = 'browser-staff-token-0123456789';

describe.skipIf(skipBrowserTests)('staff pages in Chromium', () => {
  let ctx: CorpusApp;
  let log: SqliteQueryLog;
  let server: ServerType;
  let origin: string;
  let browser: Browser;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    ctx = await setupCorpusApp();
    log = new SqliteQueryLog(join(ctx.dir, 'log.sqlite'));
    const now = Date.now();
    for (let i = 0; i < 12; i++) {
      const question = i % 3 ? '2021年市政府办结了多少件行政复议申请？' : '2023年茂名市的财政预算是多少？';
      log.record({
        id: newQuestionId(),
        question,
        key: questionKey(question),
        answered: i % 3 !== 0,
        firstCitation: `${REPORT_ID}:31`,
        latencyMs: 9,
        confidence: i % 3 ? 0.9 : 0.2,
        lang: 'zh-CN',
        channel: 'page',
        askedAt: new Date(now - (i % 5) * 86_400_000).toISOString(),
      });
    }
    log.flush();
    const deps = { service: () => ctx.service, settings: { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN }, queryLog: log, staticAssets: nodeStaticAssets() };
    const app = createApp(deps);
    registerStaffRoutes(app, deps);
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    log?.close();
    ctx?.cleanup();
  });

  /** A fresh visitor; axe-core is injected as an inline script, so its runs bypass the CSP (the other visits check it). */
  async function visitor(width = 1024, bypassCSP = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'zh-CN', bypassCSP });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
    });
    return { context, page };
  }

  async function signIn(page: Page) {
    await page.goto(`${origin}/admin`);
    await page.fill('#admin-name', '王小明');
    await page.fill('#admin-token', TOKEN);
    await page.click('.admin-login button');
    await page.waitForSelector('#most-asked-title');
  }

  const PAGES: [string, string][] = [
    ['commitments', '/commitments'],
    ['figures', `/figures?id=${encodeURIComponent(`${REPORT_ID}:31/1`)}`],
    ['admin', '/admin'],
  ];

  it('has no serious or critical axe-core violation in three languages', async () => {
    const { context, page } = await visitor(1024, true);
    await signIn(page);
    const rows: string[] = [];
    const failures: string[] = [];
    for (const lang of ['zh-CN', 'zh-TW', 'en']) {
      for (const [name, path] of PAGES) {
        await page.goto(`${origin}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        const violations: AxeViolation[] = await runAxe(page);
        rows.push(`${lang.padEnd(6)} ${name.padEnd(12)} ${violations.map((v) => `${v.id}:${v.impact}`).join(', ') || 'none'}`);
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
          failures.push(`${lang} ${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
        }
      }
    }
    await context.close();
    console.log(`axe-core on the staff pages:\n${rows.join('\n')}`);
    expect(failures).toEqual([]);
  });

  it('fits a 320 px screen: tables scroll in their own region, never the page', async () => {
    const { context, page } = await visitor(320);
    await signIn(page);
    for (const [name, path] of PAGES) {
      await page.goto(`${origin}${path}`);
      expect(await horizontalOverflow(page), `${name} at 320 px`).toBeLessThanOrEqual(0);
      if (name === 'admin') await page.screenshot({ path: resultPath('staff-admin-320.png'), fullPage: false });
    }
    await context.close();
  });

  it('filters commitments with htmx, swapping only the list and updating the address', async () => {
    const { context, page } = await visitor();
    await page.goto(`${origin}/commitments`);
    await page.fill('#staff-q', '普法');
    await page.press('#staff-q', 'Enter');
    await expect.poll(() => page.locator('.commitment').count()).toBe(1);
    expect(page.url()).toContain('/commitments?q=');
    expect(await page.inputValue('#staff-q')).toBe('普法');
    await expect.poll(() => page.textContent('#announcer')).toContain('共 1 条');
    await context.close();
  });

  it('raised no Content-Security-Policy violation', () => {
    expect(cspErrors).toEqual([]);
  });
});
