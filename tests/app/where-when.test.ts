// Where and when (issue #17, item 3): every answer names its document, region and years — 据《…》（广东省 ·
// 2025年回顾）： before the answer sentence, in each interface language — and relative years (去年, 今年) are
// resolved against the library, used to choose the section, and shown. On a small library of the bundled
// report and two provincial reports (one whose title names no region, so the scope must say it).
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { AskResponseBody } from '../../src/app/api-contract.js';
import { createApp } from '../../src/app/create-app.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';

const PROVINCIAL = join(import.meta.dirname, '../../../shared/reports/provincial-2026');
const REPORTS = ['广东省-2026-政府工作报告.txt', '云南省-2026-政府工作报告.txt'];

let dir: string;
let service: QaService;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-where-when-'));
  mkdirSync(join(dir, 'reports'));
  for (const f of REPORTS) cpSync(join(PROVINCIAL, f), join(dir, 'reports', f));
  const kbPath = join(dir, 'kb.sqlite');
  await runIngest({ inputs: [CORPUS_DIR, join(dir, 'reports')], kbPath, root: dir });
  // The clock's year pinned, so 今年/去年 mean 2026/2025 whenever the test runs.
  const settings = { ...DEFAULT_SETTINGS, CURRENT_YEAR: 2026 };
  service = loadService(kbPath, settings);
  app = createApp({ service: () => service, settings });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ask = async (q: string, lang = 'zh-CN') => AskResponseBody.parse(await (await app.request(`/api/ask?q=${encodeURIComponent(q)}&lang=${lang}`)).json());
const page = async (q: string, lang = 'zh-CN') => (await app.request(`/ask?q=${encodeURIComponent(q)}&lang=${lang}`)).text();
/** The answer paragraph's text, tags removed. */
const answerLine = (html: string) => (html.match(/<div class="answer">[\s\S]*?<p>([\s\S]*?)<\/p>/)?.[1] ?? '').replace(/<[^>]+>/g, '');

describe('relative years', () => {
  it('去年 is the year before the library’s present: 2025, the review of 2025, and the page says so', async () => {
    const q = '广东省去年城镇新增就业多少人';
    const body = await ask(q);
    expect(body.understood.relativeYears).toEqual([{ word: '去年', year: 2025 }]);
    expect(body.understood.years).toEqual([2025]);
    expect(body.answer).toContain('149.4万人');
    expect(body.citations[0]).toMatchObject({ region: '广东省', period: { from: 2025, to: 2025, stance: 'reviewed' } });
    const html = await page(q);
    expect(html).toContain('“去年”按2025年理解。');
    expect(answerLine(html)).toMatch(/^据《2026年广东省政府工作报告》（广东省 · 2025年[^）]*）：.*149\.4万人/);
  });

  it('今年 is 2026 and takes the plan, not last year’s result', async () => {
    const body = await ask('云南今年地区生产总值预期增长多少');
    expect(body.understood.relativeYears).toEqual([{ word: '今年', year: 2026 }]);
    expect(body.answer).toContain('4.5%');
    expect(body.citations[0]).toMatchObject({ region: '云南省', period: { from: 2026, to: 2026, stance: 'planned' } });
  });
});

describe('attribution', () => {
  it('names the document, its region and years before the answer, when the title names no region too', async () => {
    // 云南's report is titled just 2026年政府工作报告: the scope says whose it is.
    const html = await page('云南今年地区生产总值预期增长多少');
    expect(answerLine(html)).toMatch(/^据《2026年政府工作报告》（云南省 · 2026年[^）]*）：/);
  });

  it('names the bundled report and its year', async () => {
    const html = await page('2021年市政府办结了多少件行政复议申请');
    expect(answerLine(html)).toMatch(/^据《阳江市人民政府2021年法治政府建设年度报告》（阳江市 · 2021年[^）]*）：.*108件/);
  });

  it('reads in 繁體 and English too', async () => {
    const tw = answerLine(await page('广东省去年城镇新增就业多少人', 'zh-TW'));
    expect(tw).toMatch(/^據《2026年廣東省政府工作報告》（廣東省 · /);
    const en = answerLine(await page('广东省去年城镇新增就业多少人', 'en'));
    expect(en).toMatch(/^According to 《2026年广东省政府工作报告》 \(广东省 · [^)]*2025[^)]*\): .*149\.4万人/);
  });

  it('is not said when there is no answer', async () => {
    const html = await page('香港去年的财政预算是多少');
    expect(html).not.toContain('answer-attribution');
  });
});
