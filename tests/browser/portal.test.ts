// The portal in a real browser (Debian's Chromium): asking and reading the
// cited paragraph, the whole flow by keyboard only, 猜你想问, 有用/没用, 繁體 and
// English, 适老化 that persists, no horizontal scrolling at 375 px and 320 px,
// 44 px touch targets, no CSP violations, and axe-core finding no serious or
// critical problem on the home, answer, search and document pages in
// zh-CN, zh-TW and en (summary printed for the CI log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPORT_ID } from '../helpers/corpus-app.js';
import {
  horizontalOverflow,
  launchChromium,
  resultPath,
  runAxe,
  skipBrowserTests,
  startPortalServer,
  type AxeViolation,
  type RunningServer,
} from './harness.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';
const QUESTION_TW = '2021年市政府辦結了多少件行政複議申請？';
const CITED = 31;

describe.skipIf(skipBrowserTests)('portal in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startPortalServer(), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh visitor (no cookies) with a Chinese browser, collecting CSP violations. */
  async function visitor(options: { width?: number; locale?: string; bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1024, height: 800 },
      locale: options.locale ?? 'zh-CN',
      bypassCSP: options.bypassCSP ?? false,
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
    });
    return { context, page };
  }

  const url = (path: string) => server.origin + path;
  const askPath = (q: string) => `/ask?q=${encodeURIComponent(q)}`;

  it('answers a question and opens the cited paragraph', async () => {
    const { context, page } = await visitor();
    await page.goto(url('/'));
    await page.fill('#q', QUESTION);
    await page.click('.ask-form button:not(.secondary)');
    await page.waitForSelector('.answer-card .answer');
    expect(await page.textContent('.answer')).toContain('108件');
    expect(await page.locator('.answer mark.fact').first().textContent()).toBe('108件');
    await expect.poll(() => page.textContent('#announcer')).toContain('已找到答案');
    expect(page.url()).toContain('/ask?q=');
    await page.click('#cite-1 .passage-source a');
    await page.waitForURL(/\/doc\//);
    const cited = page.locator('.document .cited');
    await expect.poll(() => cited.count()).toBe(1);
    expect(await cited.getAttribute('id')).toBe(`p-${CITED}`);
    expect(await cited.textContent()).toContain('108件');
    expect(await cited.isVisible()).toBe(true);
    await context.close();
  });

  it('works by keyboard alone, with a visible focus', async () => {
    const { context, page } = await visitor();
    await page.goto(url('/'));
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const style = el ? getComputedStyle(el) : null;
        return {
          id: el?.id ?? '',
          href: el?.getAttribute('href') ?? '',
          inCitation: !!el?.closest('#cite-1'),
          outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
        };
      });
    let f = await focused();
    for (let i = 0; i < 15 && f.id !== 'q'; i++) {
      await page.keyboard.press('Tab');
      f = await focused();
    }
    expect(f.id).toBe('q');
    expect(f.outline).not.toMatch(/^none/);
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.answer-card .answer');
    for (let i = 0; i < 40 && !(f.inCitation && f.href.startsWith('/doc/')); i++) {
      await page.keyboard.press('Tab');
      f = await focused();
    }
    expect(f.inCitation && f.href.startsWith('/doc/')).toBe(true);
    expect(f.outline).not.toMatch(/^none/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/doc\//);
    expect(await page.locator('.document .cited').getAttribute('id')).toBe(`p-${CITED}`);
    expect(await page.evaluate(() => window.location.hash)).toBe(`#p-${CITED}`);
    await context.close();
  });

  it('suggests questions as you type (猜你想问), reachable with the arrow key', async () => {
    const { context, page } = await visitor();
    await page.goto(url('/'));
    await page.click('#q');
    await page.keyboard.type('行政复');
    await page.waitForSelector('#suggestions:not([hidden]) a');
    const texts = await page.locator('#suggestions a').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).toMatch(/行政复/);
    await expect.poll(() => page.textContent('#announcer')).toMatch(/条建议/);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => !!document.activeElement?.closest('#suggestions'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    expect(await page.locator('#suggestions').isHidden()).toBe(true);
    await context.close();
  });

  it('takes 有用/没用 feedback in place, without leaving the answer', async () => {
    const { context, page } = await visitor();
    await page.goto(url(askPath(QUESTION)));
    await page.click('#feedback button[value="1"]');
    await page.waitForSelector('#feedback.done');
    expect(await page.textContent('#feedback')).toContain('谢谢');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('feedback');
    expect(await page.locator('.answer').count()).toBe(1);
    await context.close();
  });

  it('renders 繁體 (interface and content) and English (interface), remembering the choice', async () => {
    const { context, page } = await visitor();
    await page.goto(url('/'));
    await page.click('.preferences a[lang="zh-TW"]');
    await page.waitForLoadState();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-TW');
    expect(await page.textContent('.ask-form button.secondary')).toBe('搜尋');
    await page.fill('#q', QUESTION_TW);
    await page.click('.ask-form button:not(.secondary)');
    await page.waitForSelector('.answer-card .answer');
    const answer = (await page.textContent('.answer')) ?? '';
    expect(answer).toContain('108件');
    expect(answer).toContain('辦結行政複議申請');
    expect(await page.textContent('#cite-1 .passage-source a')).toContain('陽江市人民政府');
    await page.click('#cite-1 .passage-source a');
    await page.waitForURL(/\/doc\//);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-TW');
    expect(await page.textContent('.document .cited')).toContain('辦結行政複議申請');

    await page.click('.preferences a[lang="en"]');
    await page.waitForURL(/\/doc\//);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('.document', 'lang')).toBe('zh-CN');
    await page.goto(url('/'));
    expect(await page.textContent('.ask-form button:not(.secondary)')).toBe('Ask');
    await context.close();
  });

  it('keeps 适老化 (larger text) across pages once chosen', async () => {
    const { context, page } = await visitor();
    await page.goto(url('/'));
    const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normal = await rootSize();
    await page.click('.elder-toggle');
    await page.waitForLoadState();
    expect(await page.getAttribute('html', 'class')).toContain('elder');
    expect(await rootSize()).toBeGreaterThan(normal * 1.15);
    await page.goto(url(askPath(QUESTION)));
    expect(await page.getAttribute('html', 'class')).toContain('elder');
    await page.click('.elder-toggle');
    await page.waitForLoadState();
    expect(await rootSize()).toBe(normal);
    await context.close();
  });

  it('has no horizontal scrolling at 375 px and 320 px, and 44 px touch targets (screenshots in test-results/)', async () => {
    const pages: [string, string][] = [
      ['home', '/'],
      ['answer', askPath(QUESTION)],
      ['search', `/search?q=${encodeURIComponent('行政复议')}`],
      ['document', `/doc/${REPORT_ID}?hl=${CITED}#p-${CITED}`],
    ];
    const shots: string[] = [];
    for (const width of [375, 320]) {
      const { context, page } = await visitor({ width });
      for (const [name, path] of pages) {
        await page.goto(url(path));
        expect(await horizontalOverflow(page), `${name} at ${width} px`).toBeLessThanOrEqual(0);
        if (width === 375) {
          const file = resultPath(`portal-${name}-375.png`);
          await page.screenshot({ path: file, fullPage: false });
          shots.push(file);
          const small = await page.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('header a, header button, header input, .question-list a, .examples a, .feedback button, .pager a, .passage-link a, .passage-source a')]
              .filter((el) => el.offsetParent !== null)
              .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height }))
              .filter((x) => x.h < 43.5),
          );
          expect(small, `${name}: targets under 44 px`).toEqual([]);
        }
      }
      await context.close();
    }
    console.log(`screenshots (375 px): ${shots.join(', ')}`);
  });

  it('axe-core: no serious or critical violations on 4 pages × 3 languages', async () => {
    const pages: [string, string][] = [
      ['home', '/'],
      ['answer', askPath(QUESTION)],
      ['search', `/search?q=${encodeURIComponent('行政复议')}`],
      ['document', `/doc/${REPORT_ID}?hl=${CITED}`],
    ];
    const rows: string[] = [];
    const failures: string[] = [];
    const { context, page } = await visitor({ bypassCSP: true });
    for (const lang of ['zh-CN', 'zh-TW', 'en']) {
      for (const [name, path] of pages) {
        await page.goto(url(path + (path.includes('?') ? '&' : '?') + `lang=${lang}`));
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        const violations: AxeViolation[] = await runAxe(page);
        const count = (impact: string) => violations.filter((v) => v.impact === impact).length;
        rows.push(
          `${lang.padEnd(6)} ${name.padEnd(9)} critical ${count('critical')}  serious ${count('serious')}  moderate ${count('moderate')}  minor ${count('minor')}` +
            (violations.length ? `  (${violations.map((v) => v.id).join(', ')})` : ''),
        );
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
          failures.push(`${lang} ${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
        }
      }
    }
    await context.close();
    console.log(`axe-core summary (violations by impact):\n${rows.join('\n')}`);
    expect(failures).toEqual([]);
  });

  it('raised no Content-Security-Policy violation on any page visited', () => {
    expect(cspErrors).toEqual([]);
  });
});
