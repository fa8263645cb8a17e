// 教系统回答 in Chromium against the real Node server (node src/node.ts) with
// ADMIN_TOKEN and a LOG_PATH of our own: a citizen's question goes unanswered;
// staff sign in through the form, open 教系统回答 from the staff links, pick the
// question from the questions to teach, search the knowledge base in place,
// tick the passage that answers it and save — and the question asked again is
// answered from that passage. A curated answer (问答对) is written on a phone
// screen and served with its 人工审核 label, link and date. axe-core finds no
// serious or critical problem at 375 and 1366 px, nothing scrolls sideways, no
// CSP violation; after a restart on the same LOG_PATH the question log and the
// teachings are still there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_ID } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, type AxeViolation, type RunningServer } from './harness.js';

const TOKEN = 'browser-teach-token-5Kx8-Qw2m-Zp7r';
// Our own questions about the bundled report (老百姓 is not a word of it; its paragraph 30 answers the first).
const QUESTION = '老百姓吵架了谁来调解？';
const MEDIATION = `${REPORT_ID}:30`;
const CURATED_Q = '办理公证要带什么材料？';
const CURATED_TEXT = '一般须带本人身份证件和与公证事项有关的证明材料，具体以公证处告知为准。';
const CURATED_URL = 'https://www.yangjiang.gov.cn/bsfw/gz/';

describe.skipIf(skipBrowserTests)('teaching the answers in Chromium', () => {
  let dir: string;
  let logPath: string;
  let server: RunningServer;
  let browser: Browser;
  const cspErrors: string[] = [];

  const start = () => startPortalServer({ ADMIN_TOKEN: TOKEN, LOG_PATH: logPath });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-teach-'));
    logPath = join(dir, 'log.sqlite');
    server = await start();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function visitor(width: number, bypassCSP = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', bypassCSP });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
    });
    return { context, page };
  }

  async function signIn(page: Page, name: string) {
    await page.goto(`${server.origin}/admin`);
    await page.fill('#admin-name', name);
    await page.fill('#admin-token', TOKEN);
    await Promise.all([page.waitForURL(`${server.origin}/admin`), page.click('.admin-login button')]);
    // The staff links lead to 教系统回答.
    await Promise.all([page.waitForURL(/\/admin\/teach$/), page.click('.staff-nav a[href="/admin/teach"]')]);
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    const violations: AxeViolation[] = await runAxe(page);
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  }

  const askApi = async (q: string) => (await (await fetch(`${server.origin}/api/ask?q=${encodeURIComponent(q)}`)).json()) as { answer: string | null; citations: { id: string }[]; curated?: unknown };

  it('teaches an unanswered question at 1366 px and shows it answered from the chosen passage', async () => {
    expect((await askApi(QUESTION)).answer).toBeNull();
    const { context, page } = await visitor(1366);
    await signIn(page, '李老师');
    // The question log's unanswered question is offered; its link opens it with what it gets now.
    await expect.poll(async () => {
      await page.reload();
      return page.locator('.teach-pending a', { hasText: '教这个问题' }).count();
    }, { timeout: 10_000 }).toBeGreaterThan(0);
    await Promise.all([page.waitForURL(/q=/), page.click(`.teach-pending a[aria-label$="${QUESTION}"]`)]);
    expect(await page.textContent('#teach-now')).toContain('没有找到答案');

    await page.fill('#teach-find', '人民调解');
    await Promise.all([page.waitForURL(/find=/), page.click('#teach-find ~ button')]);
    await page.check(`input[name="passage"][value="${MEDIATION}"]`);
    await page.fill('#teach-note', '群众口语：吵架=纠纷');
    await Promise.all([page.waitForURL(/saved=taught/), page.click('#teach-pick button[type="submit"]')]);

    // The effect, right after saving: the question now gets the chosen passage.
    await page.waitForSelector('#teach-saved');
    expect(await page.getAttribute('#teach-now a[data-passage]', 'data-passage')).toBe(MEDIATION);
    const answer = (await page.textContent('#teach-now'))!;
    expect(answer).toContain('调解');
    expect(await page.textContent('#teach-taught-title ~ *')).toContain('李老师');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: resultPath('teach-1366.png'), fullPage: true });

    // A citizen asking again gets it, on the page and from the API.
    await page.goto(`${server.origin}/ask?q=${encodeURIComponent(QUESTION)}`);
    expect(await page.textContent('.answer-quote')).toContain('调解');
    const api = await askApi(QUESTION);
    expect(api.citations[0].id).toBe(MEDIATION);
    await context.close();

    const axe = await visitor(1366, true);
    await signIn(axe.page, '李老师');
    await axe.page.goto(`${server.origin}/admin/teach?q=${encodeURIComponent(QUESTION)}&find=${encodeURIComponent('人民调解')}`);
    expect(await seriousViolations(axe.page)).toEqual([]);
    await axe.context.close();
  }, 120_000);

  it('writes a curated answer on a 375 px screen, served with its label, link and date', async () => {
    const { context, page } = await visitor(375);
    await signIn(page, '王审核');
    await page.fill('#curated-question', CURATED_Q);
    await page.fill('#curated-answer', CURATED_TEXT);
    await page.fill('#curated-url', CURATED_URL);
    await page.fill('#curated-date', '2026-02-20');
    expect(await page.inputValue('#curated-reviewer')).toBe('王审核');
    await Promise.all([page.waitForURL(/saved=curated/), page.click('#curated-form button[type="submit"]')]);
    expect(await page.textContent('#curated-title ~ .table-scroll, #curated-title ~ * table')).toContain(CURATED_Q);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto(`${server.origin}/admin/teach?q=${encodeURIComponent(QUESTION)}&find=${encodeURIComponent('人民调解')}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // The phone's first screens: the question, what it gets now (the taught passage), the search.
    await page.setViewportSize({ width: 375, height: 1600 });
    await page.screenshot({ path: resultPath('teach-375.png'), fullPage: false });
    await page.setViewportSize({ width: 375, height: 900 });

    await page.goto(`${server.origin}/ask?q=${encodeURIComponent(CURATED_Q)}`);
    expect(await page.textContent('.curated-answer')).toContain(CURATED_TEXT);
    expect(await page.textContent('.curated-label')).toBe('人工审核');
    expect(await page.getAttribute('.curated-link', 'href')).toBe(CURATED_URL);
    expect(await page.textContent('.curated-source')).toContain('2026-02-20');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await context.close();

    const axe = await visitor(375, true);
    await signIn(axe.page, '王审核');
    expect(await seriousViolations(axe.page)).toEqual([]);
    await axe.page.goto(`${server.origin}/ask?q=${encodeURIComponent(CURATED_Q)}`);
    expect(await seriousViolations(axe.page)).toEqual([]);
    await axe.context.close();
  }, 120_000);

  it('keeps the question log and the teachings across a restart on the same LOG_PATH', async () => {
    await server.stop();
    server = await start();
    const taught = await askApi(QUESTION);
    expect(taught.citations[0].id).toBe(MEDIATION);
    expect(taught.answer).toContain('调解');
    expect((await askApi(CURATED_Q)).curated).toBeTruthy();
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
    const page = await (await fetch(`${server.origin}/admin/teach`, auth)).text();
    expect(page).toContain('李老师');
    expect(page).toContain(CURATED_Q);
    // The question asked before the restart is still in the log.
    const csv = await (await fetch(`${server.origin}/admin/export/most-asked.csv?days=7`, auth)).text();
    expect(csv).toContain(QUESTION);
    // Without the token, nothing.
    expect((await fetch(`${server.origin}/admin/teach`)).status).toBe(401);
  }, 120_000);

  it('raised no Content-Security-Policy violation', () => {
    expect(cspErrors).toEqual([]);
  });
});
