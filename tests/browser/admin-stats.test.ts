// 问答统计 readable (issue #18) in Chromium, on the real server (node src/node.ts)
// with ADMIN_TOKEN and a LOG_PATH of our own: questions asked over HTTP show on
// /admin with the answer text they got, the document and paragraph as a link,
// not passage ids; the GET filter form (no script needed) narrows the lists; the
// CSV export has the same rows; without the token there is only the login form
// (and 401 for exports); the page fits 375 px (tables scroll in their own
// region) and 1366 px with no serious or critical axe-core violation; and the
// question log survives a restart of the server on the same LOG_PATH.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

const TOKEN = 'browser-stats-token-5f4e3d2c1b0a9988';
const TITLE = '阳江市人民政府2021年法治政府建设年度报告';
// Our own questions (none from the evaluation sets).
const ANSWERED = '2021年阳江市开展了多少场普法活动？';
const UNANSWERED = '湛江市的公积金贷款额度是多少？';

describe.skipIf(skipBrowserTests)('问答统计 in Chromium on the real server', () => {
  let dir: string;
  let logPath: string;
  let server: RunningServer;
  let browser: Browser;
  let answerText = '';

  const env = () => ({ ADMIN_TOKEN: TOKEN, LOG_PATH: logPath });
  const bearer = { Authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-admin-stats-'));
    logPath = join(dir, 'questions.sqlite');
    server = await startPortalServer(env());
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.origin}/api/ask?q=${encodeURIComponent(ANSWERED)}`);
      answerText = ((await res.json()) as { answer: string }).answer;
    }
    await fetch(`${server.origin}/api/ask?q=${encodeURIComponent(UNANSWERED)}`);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(page: Page) {
    await page.goto(`${server.origin}/admin`);
    if (await page.$('#admin-name')) await page.fill('#admin-name', '李工作');
    await page.fill('#admin-token', TOKEN);
    await page.click('.admin-login button');
    await page.waitForSelector('#most-asked-title');
  }

  it('shows the answer and its document at 375 and 1366 px: fits, axe clean, screenshots', async () => {
    expect(answerText).toBeTruthy();
    const failures: string[] = [];
    for (const width of [375, 1366]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', bypassCSP: true });
      const page = await context.newPage();
      await signIn(page);
      const most = page.locator('section[aria-labelledby="most-asked-title"]');
      const row = most.locator('tr', { has: page.locator('th', { hasText: ANSWERED }) });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.locator('td.answer-text').innerText()).toBe(answerText);
      const link = row.locator('td.answer-source a');
      expect(await link.innerText()).toMatch(new RegExp(`^${TITLE} 第\\d+段$`));
      expect(await link.getAttribute('href')).toMatch(/^\/doc\/yangjiang-2021-law-based-government-report\?hl=\d+#p-\d+$/);
      expect(await most.innerText()).not.toContain('yangjiang-2021-law-based-government-report:');
      const unanswered = page.locator('section[aria-labelledby="unanswered-title"] tr', { has: page.locator('th', { hasText: UNANSWERED }) });
      expect(await unanswered.locator('td.answer-text').innerText()).toBe('未回答');
      expect(await horizontalOverflow(page), `overflow at ${width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: resultPath(`admin-stats-${width}.png`), fullPage: width === 1366 });
      for (const v of await runAxe(page)) {
        if (v.impact === 'serious' || v.impact === 'critical') failures.push(`${width}px: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      }
      await context.close();
    }
    // The other interface languages, and the narrowest phone, too.
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    await signIn(page);
    expect(await horizontalOverflow(page), 'overflow at 320 px').toBeLessThanOrEqual(0);
    for (const lang of ['zh-TW', 'en']) {
      await page.goto(`${server.origin}/admin?lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      for (const v of await runAxe(page)) {
        if (v.impact === 'serious' || v.impact === 'critical') failures.push(`${lang}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      }
    }
    await context.close();
    expect(failures).toEqual([]);
  }, 60_000);

  it('filters with the plain form, and the export has the same rows', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await page.selectOption('#admin-region', '湛江市');
    await page.selectOption('#admin-status', 'unanswered');
    await Promise.all([page.waitForURL(/region=/), page.click('.admin-filter button')]);
    const url = new URL(page.url());
    expect(url.searchParams.get('region')).toBe('湛江市');
    expect(url.searchParams.get('status')).toBe('unanswered');
    const shown = await page.locator('section[aria-labelledby="most-asked-title"] tbody th').allInnerTexts();
    expect(shown).toEqual([UNANSWERED]);
    const href = await page.locator('section[aria-labelledby="most-asked-title"] a[download]').getAttribute('href');
    const csv = await (await fetch(`${server.origin}${href}`, { headers: bearer })).text();
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(shown);
    expect(lines[1].endsWith(',湛江市')).toBe(true);
    await context.close();
  }, 30_000);

  it('shows nothing without the token', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const res = await page.goto(`${server.origin}/admin?region=${encodeURIComponent('湛江市')}`);
    expect(res?.status()).toBe(401);
    expect(await page.locator('#admin-token').count()).toBe(1);
    expect(await page.content()).not.toContain(UNANSWERED);
    await context.close();
    const csv = await fetch(`${server.origin}/admin/export/most-asked.csv?days=30`);
    expect(csv.status).toBe(401);
  });

  it('keeps the log, answers and all, across a restart on the same LOG_PATH', async () => {
    await server.stop();
    server = await startPortalServer(env());
    const html = await (await fetch(`${server.origin}/admin?days=30`, { headers: bearer })).text();
    expect(html).toContain(`${ANSWERED}</a></th><td>2</td><td>2</td>`);
    expect(html).toContain(answerText.replace(/"/g, '&quot;'));
    expect(html).toContain(`${UNANSWERED}</a></th><td>1</td><td>0</td>`);
  }, 120_000);
});
