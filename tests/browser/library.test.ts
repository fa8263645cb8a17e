// /admin/library in Chromium against the real Node server (node --import tsx src/node.ts,
// with its rebuild thread and reload), driven as staff would: refused without signing in;
// sign in; upload a DOCX and a PDF (files Python writes byte by byte); read the preview;
// correct the PDF's frame; publish each and watch the progress (htmx polling the status);
// then, as a citizen in another browser context, ask about the new documents and get
// them answered; withdraw one and it is gone; a corrupt file is refused with a clear
// message. axe-core finds no serious or critical problem at 375 and 1366 px, nothing
// scrolls sideways on a phone, and screenshots go to test-results/library-*.png.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocument, PARKS_PDF, WATER_DOCX } from '../adapters/library-fixtures.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type RunningServer } from './harness.js';

const TOKEN = 'browser-library-token-5c1e9a7d3b';
const WATER_QUESTION = '云浮市2025年新建了多少座农村集中供水工程？';
const PARKS_QUESTION = '肇庆市2025年新增公园绿地面积多少公顷？';

describe.skipIf(skipBrowserTests)('library management in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let files: string;
  let staff: Page;

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'policy-qa-library-browser-'));
    writeFileSync(join(files, '云浮市供水总结.docx'), makeDocument('docx', WATER_DOCX));
    writeFileSync(join(files, 'parks-2025.pdf'), makeDocument('pdf', PARKS_PDF));
    writeFileSync(join(files, 'broken.docx'), makeDocument('docx', WATER_DOCX).subarray(0, 300));
    server = await startPortalServer({ ADMIN_TOKEN: TOKEN, LIBRARY_DIR: join(files, 'library'), LOG_LEVEL: 'warn' });
    browser = await launchChromium();
    // axe-core is injected as an inline script: this context bypasses the CSP; the last test checks the pages under it.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', bypassCSP: true });
    staff = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  /** Waits until the status section (polled by htmx) says the rebuild is over, and returns its text. */
  async function rebuildFinished(page: Page): Promise<string> {
    await page.waitForFunction(() => /已发布|已撤回|失败/.test(document.querySelector('#library-status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    return (await page.textContent('#library-status')) ?? '';
  }

  async function citizenAsks(question: string): Promise<string> {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.origin}/ask?q=${encodeURIComponent(question)}`);
    const text = (await page.textContent('main')) ?? '';
    await context.close();
    return text;
  }

  it('is refused without signing in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/admin/library', '/admin/library/status']) {
      const res = await page.goto(`${server.origin}${path}`);
      expect(res?.status(), path).toBe(401);
    }
    const post = await page.request.post(`${server.origin}/admin/library/upload`, { multipart: { file: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('测试') } } });
    expect(post.status()).toBe(401);
    await context.close();
  });

  it('signs in, uploads a DOCX, reads the preview and publishes it; a citizen gets the answer', async () => {
    await staff.goto(`${server.origin}/admin`);
    await staff.fill('#admin-name', '陈静');
    await staff.fill('#admin-token', TOKEN);
    await staff.click('.admin-login button');
    await staff.waitForSelector('#staff-title');
    await staff.click('.staff-nav a[href="/admin/library"]');
    await staff.waitForSelector('#library-upload-title');
    expect(await citizenAsks(WATER_QUESTION)).not.toContain('46座');

    await staff.setInputFiles('#library-file', join(files, '云浮市供水总结.docx'));
    await Promise.all([staff.waitForURL(/\/admin\/library\/doc\/[0-9a-f]{16}/), staff.click('.library-upload button')]);
    const preview = (await staff.textContent('main')) ?? '';
    expect(preview).toContain('云浮市2025年城乡供水一体化工作总结');
    expect(preview).toContain('云浮市');
    expect(preview).toContain('一、2025年工作成效 › （一）农村供水工程建设');
    expect(preview).toContain('全年新建农村集中供水工程46座');

    await Promise.all([staff.waitForURL(/done=started/), staff.click('.library-actions form[action$="/publish"] button')]);
    expect(await rebuildFinished(staff)).toContain('已发布');
    expect(await citizenAsks(WATER_QUESTION)).toContain('46座');
  }, 90_000);

  it('uploads a PDF, corrects its frame, publishes it; the citizen gets the answer from it', async () => {
    await staff.goto(`${server.origin}/admin/library`);
    await staff.setInputFiles('#library-file', join(files, 'parks-2025.pdf'));
    await Promise.all([staff.waitForURL(/\/admin\/library\/doc\//), staff.click('.library-upload button')]);
    expect(await staff.textContent('.library-frame')).toContain('未识别');
    await staff.fill('#frame-region', '肇庆市');
    await staff.fill('#frame-reviewed', '2025');
    await Promise.all([staff.waitForURL(/done=corrected/), staff.click('.library-correct button')]);
    expect(await staff.textContent('.library-frame')).toContain('肇庆市 （已更正）');
    // The preview page at both widths, staged and corrected.
    for (const width of [375, 1366]) {
      await staff.setViewportSize({ width, height: 900 });
      expect(await horizontalOverflow(staff)).toBe(0);
      const serious = (await runAxe(staff)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, JSON.stringify(serious)).toEqual([]);
    }
    await staff.setViewportSize({ width: 1366, height: 900 });
    await Promise.all([staff.waitForURL(/done=started/), staff.click('.library-actions form[action$="/publish"] button')]);
    expect(await rebuildFinished(staff)).toContain('已发布');
    const answer = await citizenAsks(PARKS_QUESTION);
    expect(answer).toContain('126公顷');
    expect(answer).toContain('肇庆市');
  }, 90_000);

  it('refuses a corrupt DOCX with a clear message, keeping nothing', async () => {
    await staff.goto(`${server.origin}/admin/library`);
    await staff.setInputFiles('#library-file', join(files, 'broken.docx'));
    await staff.click('.library-upload button');
    await staff.waitForSelector('#library-error');
    expect(await staff.textContent('#library-error')).toMatch(/DOCX could not be read/);
    expect(await staff.textContent('#library-staged-title + *')).toContain('没有待发布的文件');
  });

  it('shows the library and the audit list at 375 and 1366 px without serious axe findings', async () => {
    await staff.goto(`${server.origin}/admin/library`);
    const audit = (await staff.textContent('.library-audit')) ?? '';
    for (const word of ['陈静', '上传', '更正信息', '发布', '拒绝上传', 'broken.docx', 'parks-2025.pdf']) expect(audit).toContain(word);
    for (const width of [375, 1366]) {
      await staff.setViewportSize({ width, height: 900 });
      expect(await horizontalOverflow(staff)).toBe(0);
      const serious = (await runAxe(staff)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, JSON.stringify(serious)).toEqual([]);
      await staff.screenshot({ path: resultPath(`library-${width}.png`), fullPage: true });
    }
    await staff.setViewportSize({ width: 1366, height: 900 });
  }, 60_000);

  it('breaks no Content Security Policy rule (a context that enforces it, signed in through the form)', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${server.origin}/admin`);
    await page.fill('#admin-name', 'Chen Jing');
    await page.fill('#admin-token', TOKEN);
    await Promise.all([page.waitForURL(/\/admin$/), page.click('.admin-login button')]);
    await page.goto(`${server.origin}/admin/library?lang=en`);
    expect(await page.textContent('h1')).toBe('Manage the library');
    await page.click('.library-staged a, .library-docs a');
    expect(cspErrors).toEqual([]);
    await context.close();
  });

  it('withdraws the DOCX: rebuilt without it, the citizen no longer gets its answer', async () => {
    await staff.goto(`${server.origin}/admin/library`);
    await Promise.all([staff.waitForURL(/done=started/), staff.click('button[aria-label^="撤回：云浮市2025年"]')]);
    expect(await rebuildFinished(staff)).toContain('已撤回');
    expect(await citizenAsks(WATER_QUESTION)).not.toContain('46座');
    expect(await citizenAsks(PARKS_QUESTION)).toContain('126公顷');
  }, 90_000);
});
