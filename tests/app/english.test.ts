// English (issue #17, item 9): a question typed in English gets a clear hint to ask in Chinese, with
// Chinese example questions (EXAMPLE_QUESTIONS, else drawn from the library's documents), on the page and
// as `hint` in /api/ask; document types are interface text and read in English on the English interface,
// while the documents' own titles and headings stay Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadService } from '../../src/adapters/node/load.js';
import { AskResponseBody } from '../../src/app/api-contract.js';
import { createApp } from '../../src/app/create-app.js';
import { documentTypeLabel, isMostlyLatin } from '../../src/i18n/english.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let corpus: CorpusApp;
beforeAll(async () => {
  corpus = await setupCorpusApp();
}, 120_000);
afterAll(() => corpus.cleanup());

const QUESTION = 'How many administrative reconsideration cases were closed?';
const api = async (app: CorpusApp['app'], q: string, lang = 'en') =>
  AskResponseBody.parse(await (await app.request(`/api/ask?q=${encodeURIComponent(q)}&lang=${lang}`)).json());

describe('an English question', () => {
  it('is told apart from a Chinese question with a Latin term in it', () => {
    expect(isMostlyLatin(QUESTION)).toBe(true);
    expect(isMostlyLatin('what about GDP?')).toBe(true);
    expect(isMostlyLatin('GDP增长了多少')).toBe(false);
    expect(isMostlyLatin('5G基站建了多少个')).toBe(false);
    expect(isMostlyLatin('2021年市政府办结了多少件行政复议申请？')).toBe(false);
  });

  it('gets a hint to ask in Chinese with Chinese examples from the library in /api/ask, in the language asked for', async () => {
    const en = await api(corpus.app, QUESTION);
    expect(en.hint).toMatch(/^Please ask in Chinese/);
    // Examples drawn from the bundled report (阳江市, 2021), in Chinese.
    expect(en.hint).toMatch(/For example: .*阳江市/);
    const zh = await api(corpus.app, QUESTION, 'zh-CN');
    expect(zh.hint).toMatch(/^请用中文提问/);
    const tw = await api(corpus.app, QUESTION, 'zh-TW');
    expect(tw.hint).toMatch(/^請用中文提問.*陽江市/);
    // A Chinese question gets none.
    expect((await api(corpus.app, '2021年市政府办结了多少件行政复议申请？')).hint).toBeNull();
  });

  it('shows the hint on the answer card with the examples as links to ask them', async () => {
    const html = await (await corpus.app.request(`/ask?q=${encodeURIComponent(QUESTION)}&lang=en`)).text();
    const hint = html.match(/<div class="ask-in-chinese" role="note">([\s\S]*?)<\/div>/)?.[1] ?? '';
    expect(hint).toContain('Please ask in Chinese');
    const links = [...hint.matchAll(/<a href="\/ask\?q=([^"]+)">([^<]+)<\/a>/g)];
    expect(links.length).toBeGreaterThanOrEqual(2);
    expect(links.length).toBeLessThanOrEqual(3);
    for (const [, , text] of links) expect(text).toMatch(/[\u4e00-\u9fff]/);
    // Each example, asked, is answered.
    const first = decodeURIComponent(links[0][1]);
    expect((await api(corpus.app, first, 'zh-CN')).answer).not.toBeNull();
    // A Chinese question shows no hint.
    const zh = await (await corpus.app.request(`/ask?q=${encodeURIComponent('2021年市政府办结了多少件行政复议申请？')}&lang=en`)).text();
    expect(zh).not.toContain('ask-in-chinese');
  });

  it('offers the configured EXAMPLE_QUESTIONS when they are set', async () => {
    const settings = { ...DEFAULT_SETTINGS, EXAMPLE_QUESTIONS: ['阳江市行政复议纠错率是多少？', '阳江市法治政府建设有哪些问题？'] };
    const service = loadService(corpus.kbPath, settings);
    const app = createApp({ service: () => service, settings });
    const body = await api(app, QUESTION);
    expect(body.hint).toBe('Please ask in Chinese — the documents in this library are in Chinese. For example: 阳江市行政复议纠错率是多少？ / 阳江市法治政府建设有哪些问题？');
  });
});

describe('document types on the English interface', () => {
  it('are named in English; titles stay Chinese', async () => {
    expect(documentTypeLabel('行政法规', 'en')).toBe('Administrative regulation');
    expect(documentTypeLabel('法律', 'en')).toBe('Law');
    expect(documentTypeLabel('法律', 'zh-CN')).toBe('法律');
    expect(documentTypeLabel('某种新类型', 'en')).toBe('某种新类型');
    const doc = corpus.service.kb.summary(REPORT_ID)!;
    const html = await (await corpus.app.request(`/doc/${REPORT_ID}?lang=en`)).text();
    expect(doc.type).toBeTruthy();
    expect(html).toContain(documentTypeLabel(doc.type!, 'en'));
    expect(documentTypeLabel(doc.type!, 'en')).not.toMatch(/[\u4e00-\u9fff]/);
    expect(html).toContain(doc.title);
  });
});
