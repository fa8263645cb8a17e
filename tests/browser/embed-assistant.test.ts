// The embed as a small assistant (issue #17) in Chromium, on a host page of a
// listed origin, over a library of the bundled report plus 广西's and 广东's 2026
// government work reports (CURRENT_YEAR 2026): the panel greets with suggested
// questions; a question, then follow-ups that change only the region (那广东呢？)
// and only the period (那今年呢) are understood as full questions (理解为：…) and
// answered from the right report, with the earlier questions and answers kept in
// the panel — at 375 px and 1366 px, with no sideways scrolling and axe-core
// finding nothing serious on the host page or in the panel. At 375 px the open
// panel traps the focus: Tab from its last control comes round to its close
// button, Shift+Tab from there to the last control, and Escape closes it and
// returns the focus to the launcher. Screenshots: test-results/embed-follow-up-*.png.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';
import { horizontalOverflow, launchChromium, resultPath, runAxe, skipBrowserTests, startPortalServer, startStaticPage, type RunningServer } from './harness.js';

const SHARED = join(import.meta.dirname, '../../../shared');
const REPORTS = ['广东省-2026-政府工作报告.txt', '广西壮族自治区-2026-政府工作报告.txt'];
const FIRST = '广西去年城镇新增就业多少人';
const BY_REGION = { typed: '那广东呢？', understood: '广东去年城镇新增就业多少人', fact: '149.4万人' };
const BY_PERIOD = { typed: '那今年呢', understood: '广东今年城镇新增就业多少人', fact: '110万人' };

describe.skipIf(skipBrowserTests)('the embed assistant in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let host: { origin: string; stop: () => Promise<void> };

  const hostPage = () => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>某市人民政府门户网站</title></head>
<body><header><h1>某市人民政府门户网站</h1><nav><a href="#news">政务公开</a> · <a href="#services">办事服务</a></nav></header>
<main><p>政务公开 · 办事服务 · 互动交流</p><p><a href="#contact">联系我们</a></p></main>
<script src="${server.origin}/embed.js" data-title="问政助手" data-color="#0b4f9c" data-lang="zh-CN" defer></script>
</body></html>`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-embed-assistant-'));
    mkdirSync(join(dir, 'reports'));
    for (const f of REPORTS) cpSync(join(SHARED, 'reports/provincial-2026', f), join(dir, 'reports', f));
    const kbPath = join(dir, 'kb.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, join(dir, 'reports')], kbPath, root: dir });
    [host, browser] = await Promise.all([startStaticPage(hostPage), launchChromium()]);
    server = await startPortalServer({
      KB_PATH: kbPath,
      CURRENT_YEAR: '2026',
      ALLOWED_ORIGINS: host.origin,
      FALLBACK_URL: 'https://www.example.gov.cn/12345',
      FALLBACK_LABEL: '12345热线留言',
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const launcher = (page: Page) => page.locator('[data-policy-qa-embed] .launcher');
  const panel = (page: Page) => page.locator('[data-policy-qa-embed] .panel');
  /** What has the focus: the class of the focused element in the embed's shadow root, 'page' outside the embed. */
  const hostFocus = (page: Page) =>
    page.evaluate(() => {
      const embed = document.querySelector('[data-policy-qa-embed]');
      if (document.activeElement !== embed) return 'page';
      const inner = embed?.shadowRoot?.activeElement;
      return inner ? (inner.tagName === 'IFRAME' ? 'iframe' : inner.className) : 'page';
    });

  async function panelFrame(page: Page): Promise<Frame> {
    await expect.poll(() => page.frames().some((f) => f.url().startsWith(`${server.origin}/embed`))).toBe(true);
    const frame = page.frames().find((f) => f.url().startsWith(`${server.origin}/embed`))!;
    await frame.waitForSelector('#q');
    return frame;
  }

  async function ask(frame: Frame, text: string, heading: string) {
    await frame.fill('#q', text);
    await frame.press('#q', 'Enter');
    await expect.poll(() => frame.textContent('#answer-title'), { timeout: 10_000 }).toBe(heading);
  }

  async function serious(target: Page | Frame) {
    // runAxe injects axe-core and runs it in the given document (a Frame has the same methods as a Page).
    return (await runAxe(target as Page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  for (const width of [375, 1366]) {
    it(`greets, follows up by region and by period, and keeps the conversation at ${width} px`, async () => {
      // bypassCSP: axe-core is injected as an inline script, which the portal's CSP rightly refuses.
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'zh-CN', bypassCSP: true });
      const page = await context.newPage();
      await page.goto(host.origin + '/');
      await launcher(page).click();
      const frame = await panelFrame(page);

      // The greeting, 3–5 suggested questions and the fallback in the footer.
      expect(await frame.isVisible('.embed-greeting')).toBe(true);
      const suggestions = await frame.locator('.embed-suggestions a').count();
      expect(suggestions).toBeGreaterThanOrEqual(3);
      expect(suggestions).toBeLessThanOrEqual(5);
      expect(await frame.textContent('.embed-fallback')).toContain('12345热线留言');
      await page.screenshot({ path: resultPath(`embed-greeting-${width}.png`) });
      expect(await serious(frame), `panel greeting at ${width}`).toEqual([]);

      await ask(frame, FIRST, FIRST);
      expect(await frame.textContent('.answer')).toContain('42.3万人');
      // The box is emptied for the follow-up.
      expect(await frame.inputValue('#q')).toBe('');

      await ask(frame, BY_REGION.typed, BY_REGION.understood);
      expect(await frame.textContent('.answer')).toContain(BY_REGION.fact);
      expect(await frame.textContent('#embed-understood')).toBe(`理解为：${BY_REGION.understood}`);
      expect(await frame.getAttribute('#embed-understood a', 'href')).toContain(`/ask?q=${encodeURIComponent(BY_REGION.understood)}`);
      await expect.poll(() => frame.textContent('#announcer')).toContain(`理解为：${BY_REGION.understood}`);
      expect(await frame.locator('.embed-turn').allTextContents()).toEqual([expect.stringContaining(FIRST)]);
      expect(await frame.textContent('.embed-turn')).toContain('42.3万人');

      await ask(frame, BY_PERIOD.typed, BY_PERIOD.understood);
      expect(await frame.textContent('.answer')).toContain(BY_PERIOD.fact);
      expect(await frame.textContent('#embed-understood')).toBe(`理解为：${BY_PERIOD.understood}`);
      const turns = await frame.locator('.embed-turn').allTextContents();
      expect(turns).toHaveLength(2);
      expect(turns[0]).toContain(BY_REGION.understood);
      expect(turns[0]).toContain(BY_REGION.fact);
      expect(turns[1]).toContain(FIRST);

      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      const file = resultPath(`embed-follow-up-${width}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot (${width} px): ${file}`);
      // The whole conversation, scrolled to its earlier turns.
      await frame.evaluate(() => document.getElementById('embed-history')?.scrollIntoView());
      await page.screenshot({ path: resultPath(`embed-follow-up-history-${width}.png`) });

      expect(await serious(frame), `panel conversation at ${width}`).toEqual([]);
      expect(await serious(page), `host page at ${width}`).toEqual([]);
      await context.close();
    });
  }

  it('traps the focus in the open panel at 375 px: Tab and Shift+Tab wrap, Escape closes', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(host.origin + '/');
    await launcher(page).click();
    const frame = await panelFrame(page);
    await ask(frame, FIRST, FIRST);
    expect(await panel(page).getAttribute('aria-modal')).toBe('true');

    // From the panel's last control, Tab comes round to its close button, not into the page behind.
    const last = await frame.evaluate(() => {
      const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"])')].filter((e) => e.getClientRects().length > 0);
      const el = all[all.length - 1];
      el.focus();
      return el.textContent;
    });
    expect(await hostFocus(page)).toBe('iframe');
    await page.keyboard.press('Tab');
    await expect.poll(() => hostFocus(page)).toBe('close');
    // Shift+Tab from the close button goes round to the last control in the panel.
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => hostFocus(page)).toBe('iframe');
    await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent ?? null)).toBe(last);

    // However far one tabs, the focus never reaches the page behind the panel.
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      seen.add(await hostFocus(page));
    }
    expect([...seen].sort()).toEqual(['close', 'iframe']);

    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isHidden()).toBe(true);
    await expect.poll(() => hostFocus(page)).toBe('launcher');
    await context.close();
  });

  it('leaves the panel non-modal at 1366 px: Tab goes on into the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(host.origin + '/');
    await launcher(page).click();
    const frame = await panelFrame(page);
    expect(await panel(page).getAttribute('aria-modal')).toBeNull();
    await frame.evaluate(() => {
      const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"])')].filter((e) => e.getClientRects().length > 0);
      all[all.length - 1].focus();
    });
    await page.keyboard.press('Tab');
    await expect.poll(() => hostFocus(page)).not.toBe('close');
    await context.close();
  });
});
