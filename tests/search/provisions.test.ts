// 相关法律规定 on real statutes (劳动合同法, 社会保险法, the Civil Code's 婚姻家庭编) beside the bundled
// report: a legal question lists the articles that most likely apply, each once, with a key sentence that
// stands verbatim in it; one sentence is given as the answer only at the calibrated certainty; questions
// answered from the report, and refused ones, list none. Plus the calibration's own arithmetic
// (eval/calibrate.ts) on rows whose answer is known.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import type { Hono } from 'hono';
import { distinctArticles, STATUTE_CALIBRATION, statuteCertainty, type StatuteSignals } from '../../src/search/provisions.js';
import type { RankedPassage } from '../../src/search/search.js';
import type { AskResponse, QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { chooseThreshold, fitWeights } from '../../eval/calibrate.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';

const SHARED = join(import.meta.dirname, '../../../shared/stard/laws');
const LAWS = ['社会法/劳动合同法(2012-12-28).md', '社会法/社会保险法(2018-12-29).md', '民法典/婚姻家庭编.md'];
// Questions as people put them, not in the laws' words.
const LEGAL = ['公司一直不和我签书面合同，我能要求什么？', '离婚以后小孩跟谁生活？', '试用期最长能约定几个月？', '单位不给员工交社保怎么办？'];

describe('相关法律规定 (provisions)', () => {
  let dir: string;
  let service: QaService;
  let app: Hono;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-provisions-'));
    for (const f of LAWS) {
      mkdirSync(join(dir, 'laws', f.split('/')[0]), { recursive: true });
      cpSync(join(SHARED, f), join(dir, 'laws', f));
    }
    const kbPath = join(dir, 'kb.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, join(dir, 'laws')], kbPath, root: dir });
    service = loadService(kbPath, DEFAULT_SETTINGS);
    app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists distinct statute articles with a verbatim key sentence for legal questions', () => {
    for (const q of LEGAL) {
      const r = service.ask(q);
      expect(r.provisions.length, q).toBeGreaterThan(0);
      expect(new Set(r.provisions.map((p) => p.id)).size).toBe(r.provisions.length);
      const articles = r.provisions.map((p) => `${p.citation}`);
      expect(new Set(articles).size, q).toBe(articles.length);
      for (const p of r.provisions) {
        const cited = r.citations.find((c) => c.id === p.id);
        expect(cited, q).toBeDefined();
        expect(p.article).toMatch(/^第.+条/);
        expect(p.citation).toContain(`》${p.article}`);
        expect(cited!.text).toContain(p.keySentence);
        expect(p.keySentence).not.toMatch(/^第.+?条\s/);
      }
    }
  });

  it('gives one sentence as the answer only at the calibrated certainty, else the provisions stand alone', () => {
    const seen = { answered: 0, withheld: 0 };
    for (const q of LEGAL) {
      const r = service.ask(q);
      expect(r.certainty, q).not.toBeNull();
      expect(r.certainty!).toBeGreaterThanOrEqual(0);
      expect(r.certainty!).toBeLessThanOrEqual(1);
      if (r.certainty! >= STATUTE_CALIBRATION.threshold) {
        seen.answered++;
        expect(r.answer, q).not.toBeNull();
        // The answer is the first article's key sentence, quoted from it.
        expect(r.citations[0].id).toBe(r.provisions[0].id);
        expect(r.citations[0].text).toContain(r.answer!);
      } else {
        seen.withheld++;
        expect(r.answer, q).toBeNull();
        expect(r.reason).toMatch(/provisions/);
        expect(r.facts).toEqual([]);
      }
    }
    // Everyday wording rarely makes one article certain: at least one of these stands as provisions alone.
    expect(seen.withheld).toBeGreaterThan(0);
  });

  it('lists no provisions for a question answered from the report, nor for a refused one', () => {
    const report = service.ask('阳江市行政复议体制改革是怎么推进的？');
    expect(report.answer).not.toBeNull();
    expect(report.provisions).toEqual([]);
    expect(report.certainty).toBeNull();
    const refused = service.ask('办理护照需要带什么材料？');
    expect(refused.answer).toBeNull();
    expect(refused.provisions).toEqual([]);
    expect(refused.certainty).toBeNull();
  });

  it('serves provisions in the JSON API, in Traditional characters for zh-TW', async () => {
    const q = encodeURIComponent(LEGAL[1]);
    const zh = (await (await app.request(`/api/ask?q=${q}`)).json()) as AskResponse;
    const tw = (await (await app.request(`/api/ask?q=${q}&lang=zh-TW`)).json()) as AskResponse;
    expect(zh.provisions.length).toBeGreaterThan(0);
    expect(tw.provisions.map((p) => p.id)).toEqual(zh.provisions.map((p) => p.id));
    expect(tw.provisions[0].citation).toContain('中華人民共和國');
  });

  it('shows 相关法律规定 on the answer page, the key sentence marked, with the next step when there is no answer', async () => {
    const q = LEGAL.find((x) => service.ask(x).answer === null)!;
    const html = await (await app.request(`/ask?q=${encodeURIComponent(q)}`)).text();
    expect(html).toContain('相关法律规定');
    expect(html).toContain('<mark class="key-sentence">');
    expect(html).toContain('12348');
    // Not a dead end dressed as 没有找到答案: the articles are the answer here.
    expect(html).not.toContain('没有找到答案');
    const tw = await (await app.request(`/ask?q=${encodeURIComponent(q)}&lang=zh-TW`)).text();
    expect(tw).toContain('相關法律規定');
  });
});

describe('statute certainty and its calibration', () => {
  const signals = (confidence: number, margin: number): StatuteSignals => ({ confidence, margin, vote: 0, nearest: 0, agreement: 1 });

  it('rises with the answer confidence and the first article’s margin under the shipped weights', () => {
    expect(statuteCertainty(signals(0.9, 0.5))).toBeGreaterThan(statuteCertainty(signals(0.5, 0.5)));
    expect(statuteCertainty(signals(0.8, 0.6))).toBeGreaterThan(statuteCertainty(signals(0.8, 0.05)));
  });

  it('fits weights that separate right from wrong answers, and picks the lowest threshold meeting the precision', () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ({ signals: signals(0.6 + (i % 10) / 25, 0.4), right: true })),
      ...Array.from({ length: 40 }, (_, i) => ({ signals: signals(0.2 + (i % 10) / 25, 0.05), right: i % 4 === 0 })),
    ];
    const weights = fitWeights(rows);
    expect(weights[1]).toBeGreaterThan(0); // confidence
    expect(weights[2]).toBeGreaterThan(0); // margin
    const threshold = chooseThreshold(rows, weights, 0.9);
    const given = rows.filter((r) => statuteCertainty(r.signals, { weights, threshold: 0 }) >= threshold);
    expect(given.length).toBeGreaterThanOrEqual(40);
    expect(given.filter((r) => r.right).length / given.length).toBeGreaterThanOrEqual(0.9);
    // Nothing meets an impossible precision: the threshold stays above every certainty.
    expect(chooseThreshold(rows.map((r) => ({ ...r, right: false })), weights, 0.5)).toBe(1);
  });

  it('counts an article split into pieces once', () => {
    const piece = (ord: number, docOrd: number, article: string | null, paragraph: number) =>
      ({ ord, score: 1, matched: [], coverage: 1, passage: { docOrd, article, paragraph } }) as unknown as RankedPassage;
    const list = [piece(1, 0, '第一条', 3), piece(2, 0, '第一条', 3), piece(3, 0, '第二条', 4), piece(4, 1, '第一条', 3)];
    expect(distinctArticles(list).map((r) => r.ord)).toEqual([1, 3, 4]);
  });
});
