// Regulations in the knowledge base: article citations, versions of one law
// (newest cited, older labelled 历史版本), type/year filters with facet counts,
// and incremental re-ingest by content hash. Real statutes from ../shared/stard
// plus two small versions of a made-up regulation written here as a test fixture.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import type { QaService, SearchResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_FILE } from '../helpers/corpus-app.js';

const LAWS = fileURLToPath(new URL('../../../shared/stard/laws/', import.meta.url));

/** A test fixture, not a real regulation: two versions of one made-up 条例. */
function fixtureRegulation(date: string, fee: string): string {
  return `# 示例市测试停车管理条例

${date.replace(/-0?/g, (m, i) => (i === 4 ? '年' : '月')).replace(/$/, '日')} 示例市人民代表大会常务委员会第一次会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了规范测试停车秩序，制定本条例。

第二条 临时停车收费标准为每小时${fee}元，夜间停车免费。
`;
}

let dir: string;
let input: string;
let kbPath: string;
let service: QaService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-regulations-'));
  input = join(dir, 'docs');
  mkdirSync(join(input, '法律'), { recursive: true });
  mkdirSync(join(input, '地方性法规'), { recursive: true });
  copyFileSync(REPORT_FILE, join(input, 'report.txt'));
  copyFileSync(join(LAWS, '诉讼与非诉讼程序法/行政复议法(2023-09-01).md'), join(input, '法律', '行政复议法(2023-09-01).md'));
  writeFileSync(join(input, '地方性法规', '示例市测试停车管理条例(2019-03-01).md'), fixtureRegulation('2019-03-01', '5'));
  writeFileSync(join(input, '地方性法规', '示例市测试停车管理条例(2023-06-01).md'), fixtureRegulation('2023-06-01', '8'));
  kbPath = join(dir, 'kb.sqlite');
  await runIngest({ inputs: [input], kbPath, root: dir });
  service = loadService(kbPath, DEFAULT_SETTINGS);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('statute citations', () => {
  it('cites an article as 《title》第X条（version）', () => {
    const r = service.search('行政复议机关 履行 行政复议职责 应当遵循 原则', 5).results[0];
    expect(r.article).toBe('第三条');
    expect(r.citation).toBe('《中华人民共和国行政复议法》第三条（2023年9月1日修订）');
    expect(r.title).toBe('中华人民共和国行政复议法');
    expect(r.type).toBe('法律');
    // The whole article, both of its paragraphs.
    expect(r.text).toContain('坚持有错必纠');
  });
});

describe('versions of one law', () => {
  it('marks the older version superseded and cites the newest first', () => {
    const docs = service.kb.documents().filter((d) => d.title === '示例市测试停车管理条例');
    expect(docs.map((d) => [d.versionDate, d.superseded]).sort()).toEqual([
      ['2019-03-01', true],
      ['2023-06-01', false],
    ]);
    const results = service.search('临时停车收费标准', 10).results.filter((r) => r.title === '示例市测试停车管理条例');
    expect(results[0].text).toContain('8元');
    expect(results[0].superseded).toBe(false);
    const older = results.find((r) => r.text.includes('5元'));
    expect(older?.superseded).toBe(true);
  });
});

describe('filters and facets', () => {
  const app = () => createApp({ service: () => service, settings: DEFAULT_SETTINGS });
  const search = async (qs: string) => (await (await app().request(`/api/search?${qs}`)).json()) as SearchResponse;

  it('counts matches per type and year before filtering', async () => {
    const body = await search(`q=${encodeURIComponent('行政复议')}`);
    const types = Object.fromEntries(body.facets.type.map((f) => [f.value, f.count]));
    expect(types['报告']).toBeGreaterThan(0);
    expect(types['法律']).toBeGreaterThan(0);
    expect(body.facets.year.map((f) => f.value)).toEqual(expect.arrayContaining(['2021', '2023']));
  });

  it('keeps only the requested types and years', async () => {
    const laws = await search(`q=${encodeURIComponent('行政复议')}&type=${encodeURIComponent('法律')}&limit=50`);
    expect(laws.results.length).toBeGreaterThan(0);
    expect(new Set(laws.results.map((r) => r.type))).toEqual(new Set(['法律']));
    expect(laws.filters.types).toEqual(['法律']);
    const reports = await search(`q=${encodeURIComponent('行政复议')}&type=${encodeURIComponent('报告')}&year=2021`);
    expect(new Set(reports.results.map((r) => r.title))).toEqual(new Set(['阳江市人民政府2021年法治政府建设年度报告']));
    const none = await search(`q=${encodeURIComponent('行政复议')}&year=1999`);
    expect(none.results).toEqual([]);
    // Nonsense filter values are 400s naming the parameter on the API (its contract), never silently dropped.
    const bad = await app().request(`/api/search?q=${encodeURIComponent('行政复议')}&year=abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^query: year must be years like 2021/);
    const long = await app().request(`/api/search?q=${encodeURIComponent('行政复议')}&type=${'x'.repeat(500)}`);
    expect(long.status).toBe(400);
    // A type the library has no document of is a filter that matches nothing.
    const unknown = await search(`q=${encodeURIComponent('行政复议')}&type=${encodeURIComponent('不存在的类型')}`);
    expect(unknown.results).toEqual([]);
  });
});

describe('incremental ingest', () => {
  it('reuses unchanged files, re-parses changed ones and drops removed ones', async () => {
    const again = await runIngest({ inputs: [input], kbPath, root: dir });
    expect(again.parsed).toBe(0);
    expect(again.unchanged).toBe(4);

    writeFileSync(join(input, '地方性法规', '示例市测试停车管理条例(2023-06-01).md'), fixtureRegulation('2023-06-01', '9'));
    unlinkSync(join(input, '地方性法规', '示例市测试停车管理条例(2019-03-01).md'));
    const changed = await runIngest({ inputs: [input], kbPath, root: dir });
    expect(changed.parsed).toBe(1);
    expect(changed.unchanged).toBe(2);
    expect(changed.removed).toEqual(['docs/地方性法规/示例市测试停车管理条例(2019-03-01).md']);
    const fresh = loadService(kbPath, DEFAULT_SETTINGS);
    expect(fresh.search('临时停车收费标准').results[0].text).toContain('9元');
    expect(fresh.kb.documents().some((d) => d.path.endsWith('(2019-03-01).md'))).toBe(false);
    // Document ids stay stable across runs, so links keep working.
    expect(fresh.kb.documents().map((d) => d.id)).toEqual(expect.arrayContaining(service.kb.documents().filter((d) => !d.superseded).map((d) => d.id)));

    const full = await runIngest({ inputs: [input], kbPath, root: dir, full: true });
    expect(full.parsed).toBe(3);
    expect(full.unchanged).toBe(0);
  });
});

describe('the search page', () => {
  const app = () => createApp({ service: () => service, settings: DEFAULT_SETTINGS });
  it('shows type and year facets with counts, keeps filters when paging, and labels superseded versions', async () => {
    const html = await (await app().request(`/search?q=${encodeURIComponent('行政复议')}&lang=zh-CN`)).text();
    expect(html).toMatch(/文件类型/);
    expect(html).toMatch(/法律 \(\d+\)/);
    expect(html).toMatch(/报告 \(\d+\)/);
    const filtered = await (await app().request(`/search?q=${encodeURIComponent('行政复议')}&type=${encodeURIComponent('法律')}&lang=zh-CN`)).text();
    expect(filtered).toContain('aria-current="true"');
    expect(filtered).toContain('清除筛选');
    expect(filtered).not.toContain('阳江市人民政府2021年法治政府建设年度报告</a>');
    const parking = await (await app().request(`/search?q=${encodeURIComponent('临时停车收费标准')}&lang=zh-CN`)).text();
    expect(parking).toContain('历史版本');
  });
});
