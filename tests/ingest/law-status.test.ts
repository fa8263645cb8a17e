// Repealed and replaced laws (issue #17, item 3): a law that a later law repeals in its 同时废止 clause
// (环境噪声污染防治法 → 噪声污染防治法) is marked 已废止 · 已被《…》取代 with a link to the law in force, in the
// JSON (status, replacedBy), on search results, on the answer card and on the document page; provisional
// texts (试行) are replaced by the final law of the same type; a title merely contained in another's is not.
import { cpSync, mkdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { AskResponseBody, SearchResponseBody } from '../../src/app/api-contract.js';
import { createApp } from '../../src/app/create-app.js';
import { lawStatuses } from '../../src/ingest/build.js';
import { parseStatuteMarkdown, repealedTitles } from '../../src/ingest/statute.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { CORPUS_DIR } from '../helpers/corpus-app.js';

const LAWS = join(import.meta.dirname, '../../../shared/stard/laws');
const OLD_NOISE = '行政法/环境噪声污染防治法(2018-12-29).md';
const NEW_NOISE = '行政法/噪声污染防治法(2021-12-24).md';
const LABOUR_CONTRACT = '社会法/劳动合同法(2012-12-28).md';

describe('the 同时废止 clause', () => {
  it('names the laws a statute repeals, from the sentence that says so', () => {
    const law = parseStatuteMarkdown(readFileSync(join(LAWS, NEW_NOISE), 'utf8'), NEW_NOISE);
    expect(repealedTitles(law.paragraphs)).toEqual(['中华人民共和国环境噪声污染防治法']);
    // Titles quoted inside a title, several titles, and other sentences of the article.
    expect(
      repealedTitles([
        { level: 0, text: '第五十五条 本条例依据《中华人民共和国土地管理法》制定。本条例自2022年8月1日起施行，《广东省实施〈中华人民共和国土地管理法〉办法》同时废止。' },
        { level: 0, text: '第九十条 本法自公布之日起施行。《甲条例》《乙条例》同时废止；本法施行前的规定同时废止。' },
      ]),
    ).toEqual(['广东省实施《中华人民共和国土地管理法》办法', '甲条例', '乙条例']);
    // The old law's own clause (it repealed the 1989 regulation) is about that regulation, not about itself.
    const old = parseStatuteMarkdown(readFileSync(join(LAWS, OLD_NOISE), 'utf8'), OLD_NOISE);
    expect(repealedTitles(old.paragraphs)).not.toContain('中华人民共和国环境噪声污染防治法');
  });
});

describe('lawStatuses', () => {
  const article = (text: string) => [{ n: 1, level: 0, text: `第一条 ${text}`, article: '第一条' }];
  const doc = (id: string, title: string, versionDate: string, type = '部门规章', text = '为了规范管理，制定本办法。') => ({
    id,
    title,
    subtitle: null,
    versionDate,
    type,
    paragraphs: article(text),
  });

  it('replaces a 试行 text by the final law of the same type, and marks older versions with the newest', () => {
    const statuses = lawStatuses([
      doc('trial', '电子证照管理办法（试行）', '2019-01-01'),
      doc('final', '电子证照管理办法', '2022-05-01'),
      doc('v1', '电子证照管理办法', '2020-03-01'),
      doc('local-trial', '网络预约出租汽车管理办法（试行）', '2018-01-01', '地方性法规'),
      doc('rules', '网络预约出租汽车管理办法', '2019-12-28'),
    ]);
    expect(statuses[0]).toEqual({ state: 'repealed', replacedBy: { id: 'final', title: '电子证照管理办法' }, basis: 'title' });
    expect(statuses[1]).toBeNull();
    expect(statuses[2]).toEqual({ state: 'superseded', replacedBy: { id: 'final', title: '电子证照管理办法' }, basis: 'version' });
    // A text of another type (a local regulation beside a department's rules) is another text, however alike the titles.
    expect(statuses[3]).toBeNull();
    expect(statuses[4]).toBeNull();
  });

  it('does not take a title contained in a later one for its predecessor (合同法 ⊂ 劳动合同法)', () => {
    const statuses = lawStatuses([
      doc('contract', '中华人民共和国合同法', '1999-03-15', '法律'),
      doc('labour', '中华人民共和国劳动合同法', '2012-12-28', '法律'),
      doc('code', '中华人民共和国民法典', '2020-05-28', '法律', '本法自2021年1月1日起施行。《中华人民共和国合同法》同时废止。'),
    ]);
    expect(statuses[0]).toEqual({ state: 'repealed', replacedBy: { id: 'code', title: '中华人民共和国民法典' }, basis: 'repeal-clause' });
    expect(statuses[1]).toBeNull();
    expect(statuses[2]).toBeNull();
  });

  it('does not let an older law repeal a newer text of the same title', () => {
    const statuses = lawStatuses([
      doc('old-act', '某某法', '1990-01-01', '法律', '本法自1990年1月1日起施行。《某某条例》同时废止。'),
      doc('new-reg', '某某条例', '2010-01-01', '行政法规'),
    ]);
    expect(statuses[1]).toBeNull();
  });
});

describe('a library with a repealed law and its replacement', () => {
  let dir: string;
  let service: QaService;
  let app: ReturnType<typeof createApp>;
  let oldId: string;
  let newId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-law-status-'));
    for (const file of [OLD_NOISE, NEW_NOISE, LABOUR_CONTRACT]) {
      mkdirSync(join(dir, 'laws', file.split('/')[0]), { recursive: true });
      cpSync(join(LAWS, file), join(dir, 'laws', file));
    }
    writeFileSync(join(dir, 'placeholder.txt'), '');
    const kbPath = join(dir, 'kb.sqlite');
    await runIngest({ inputs: [CORPUS_DIR, join(dir, 'laws')], kbPath, root: dir });
    service = loadService(kbPath, DEFAULT_SETTINGS);
    app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
    const docs = service.kb.documents();
    oldId = docs.find((d) => d.title === '中华人民共和国环境噪声污染防治法')!.id;
    newId = docs.find((d) => d.title === '中华人民共和国噪声污染防治法')!.id;
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the status in the knowledge base: repealed, replaced by the law in force', () => {
    const old = service.kb.summary(oldId)!;
    expect(old.frame.status).toEqual({ state: 'repealed', replacedBy: { id: newId, title: '中华人民共和国噪声污染防治法' }, basis: 'repeal-clause' });
    expect(service.kb.summary(newId)!.frame.status).toBeUndefined();
  });

  it('gives status and replacedBy in /api/search, as the contract declares', async () => {
    const res = await app.request(`/api/search?q=${encodeURIComponent('环境噪声污染防治 建筑施工噪声')}&limit=50`);
    const body = SearchResponseBody.parse(await res.json());
    const repealed = body.results.filter((r) => r.docId === oldId);
    const current = body.results.filter((r) => r.docId === newId);
    expect(repealed.length).toBeGreaterThan(0);
    expect(current.length).toBeGreaterThan(0);
    for (const r of repealed) expect(r).toMatchObject({ status: 'repealed', replacedBy: { docId: newId, title: '中华人民共和国噪声污染防治法', url: `/doc/${encodeURIComponent(newId)}` } });
    for (const r of current) expect(r).toMatchObject({ status: 'current', replacedBy: null });
    const labour = (await (await app.request(`/api/search?q=${encodeURIComponent('劳动合同 试用期')}`)).json()) as { results: { status: string }[] };
    expect(labour.results[0].status).toBe('current');
  });

  it('marks a citation of the repealed law on /api/ask and on the answer card, linking the law in force', async () => {
    const q = '《环境噪声污染防治法》规定的环境噪声是指什么';
    const body = AskResponseBody.parse(await (await app.request(`/api/ask?q=${encodeURIComponent(q)}`)).json());
    const cited = body.citations.find((c) => c.docId === oldId);
    expect(cited).toMatchObject({ status: 'repealed', replacedBy: { docId: newId } });
    const html = await (await app.request(`/ask?q=${encodeURIComponent(q)}`)).text();
    // The answer says where it comes from: the law, the article, its version and scope.
    expect(html.replace(/<[^>]+>/g, '')).toContain('据《中华人民共和国噪声污染防治法》第九十条（2021年12月24日通过 · 全国）：');
    expect(html).toContain('已废止');
    expect(html).toMatch(new RegExp(`已被<a href="/doc/${encodeURIComponent(newId)}"[^>]*>《中华人民共和国噪声污染防治法》</a>取代`));
  });

  it('marks search results and the document page, in each language', async () => {
    const search = await (await app.request(`/search?q=${encodeURIComponent('环境噪声污染防治法 夜间施工')}`)).text();
    expect(search).toContain('已废止');
    expect(search).toContain(`href="/doc/${encodeURIComponent(newId)}"`);
    const page = await (await app.request(`/doc/${oldId}`)).text();
    expect(page).toMatch(/class="doc-status"/);
    expect(page).toContain('已废止');
    expect(page).toContain(`href="/doc/${encodeURIComponent(newId)}"`);
    const tw = await (await app.request(`/doc/${oldId}?lang=zh-TW`)).text();
    expect(tw).toContain('已廢止');
    const en = await (await app.request(`/doc/${oldId}?lang=en`)).text();
    expect(en).toContain('Repealed');
    expect(en).toContain('Replaced by');
    // The law in force carries no mark.
    expect(await (await app.request(`/doc/${newId}`)).text()).not.toContain('doc-status');
  });
});
