// Statute-aware ingestion on the real statute collection (shared/stard/laws, LawRefBook
// Markdown): metadata from the record header, 编/分编/章/节 heading paths, one passage per
// article with its items, 之一 articles, misprinted numbers, folder-given types and
// issuers, citation labels — and the same structure recovered from a GBK web page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/model/document.js';
import { buildPassages } from '../../src/ingest/passages.js';
import { readDocument } from '../../src/ingest/read-document.js';
import {
  documentTypeFromPath,
  isLawRefBookMarkdown,
  parseStatuteMarkdown,
  parseVersionRecords,
  versionNoteOf,
} from '../../src/ingest/statute.js';
import { citationLabel } from '../../src/text/citation.js';
import { parseDocumentLines, type ParsedDocument } from '../../src/ingest/structure.js';

const LAWS = new URL('../../../shared/stard/laws/', import.meta.url);
const lawBytes = (rel: string) => readFileSync(new URL(rel, LAWS));
const lawText = (rel: string) => lawBytes(rel).toString('utf8');

/** Reads a statute file the way ingest does: by extension, with its path relative to the collection. */
const readLaw = (rel: string) => readDocument(rel.split('/').pop()!, lawBytes(rel), rel);

const FUYI = '诉讼与非诉讼程序法/行政复议法(2023-09-01).md';
const WUQUAN = '民法典/物权编.md';
const XINGFA = '刑法/刑法.md';

/** Article paragraphs as the collection's README counts them: 第…条 (or 第…条之…) then whitespace. */
const ARTICLE_LINE = /^第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?\s/;

/** 二百零五 → 205 (article numbers go up to the thousands). */
function cnNumber(s: string): number {
  const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in digits) digit = digits[ch];
    else {
      total += (digit || 1) * units[ch];
      digit = 0;
    }
  }
  return total + digit;
}

const articleNumber = (article: string) => cnNumber(article.match(/^第(.+?)条/)![1]);

describe('行政复议法 (2023 revision), read from its real file', () => {
  let doc: ParsedDocument;
  let passages: Passage[];

  beforeAll(async () => {
    doc = await readLaw(FUYI);
    passages = buildPassages('fuyi', doc.paragraphs);
  });

  it('is recognised as a LawRefBook file and routed to the statute parser', () => {
    expect(isLawRefBookMarkdown(lawText(FUYI))).toBe(true);
    expect(isLawRefBookMarkdown('# 某市工作要点\n\n一、总体要求')).toBe(false);
    expect(parseStatuteMarkdown(lawText(FUYI), FUYI)).toEqual(doc);
  });

  it('takes title, version, issuer and type from the header, file name and folder', () => {
    expect(doc.title).toBe('中华人民共和国行政复议法');
    expect(doc.subtitle).toBeNull();
    expect(doc.versionDate).toBe('2023-09-01');
    expect(doc.versionNote).toBe('2023年9月1日修订');
    expect(doc.issuer).toBe('全国人民代表大会常务委员会');
    expect(doc.source).toBe('全国人民代表大会常务委员会');
    expect(doc.publishedAt).toBe('2023-09-01');
    expect(doc.year).toBe(2023);
    expect(doc.type).toBe('法律');
  });

  it('finds every article the file has, in order, one passage each', () => {
    const lines = lawText(FUYI).split('\n').filter((l) => ARTICLE_LINE.test(l));
    expect(lines.length).toBeGreaterThan(80);
    const articles = doc.paragraphs.filter((p) => p.article).map((p) => p.article);
    expect(articles).toEqual(lines.map((l) => l.split(/\s/)[0]));
    const articlePassages = passages.filter((p) => p.article);
    expect(articlePassages.map((p) => p.article)).toEqual(articles);
    expect(articlePassages.every((p) => p.part === 1 && p.id === `fuyi:${p.paragraph}`)).toBe(true);
  });

  it('keeps an article’s later paragraphs inside its passage', () => {
    const p = passages.find((x) => x.article === '第二条')!;
    expect(p.text.startsWith('第二条 公民、法人或者其他组织认为行政机关的行政行为侵犯其合法权益')).toBe(true);
    expect(p.text).toContain('\n前款所称行政行为，包括法律、法规、规章授权的组织的行政行为。');
    expect(p.heading).toEqual(['第一章 总则']); // "## 第一章 总 则" with its padding closed
    expect(doc.paragraphs[p.paragraph - 1]).toMatchObject({ article: '第二条', level: 0 });
    expect(passages.filter((x) => x.text.includes('前款所称行政行为，包括法律、法规、规章授权的组织'))).toHaveLength(1);
  });

  it('gives 章 level 3 and 节 level 4 and makes no passage of a heading', () => {
    const headings = doc.paragraphs.filter((p) => p.level > 0);
    const chapters = headings.filter((p) => /^第[一二三四五六七八九十]+章 \S+$/.test(p.text));
    const sections = headings.filter((p) => /^第[一二三四五六七八九十]+节 \S+$/.test(p.text));
    expect(chapters).toHaveLength(7);
    expect(sections.length).toBeGreaterThan(0);
    expect(chapters.length + sections.length).toBe(headings.length);
    expect(chapters.every((p) => p.level === 3) && sections.every((p) => p.level === 4)).toBe(true);
    const cited = new Set(passages.map((p) => p.paragraph));
    for (const h of headings) expect(cited.has(h.n)).toBe(false);
  });

  it('labels citations with the version', () => {
    const p = passages.find((x) => x.article === '第二十条')!;
    expect(citationLabel(doc, p.article)).toBe('《中华人民共和国行政复议法》第二十条（2023年9月1日修订）');
    expect(citationLabel({ ...doc, versionNote: null }, '第二十条')).toBe('《中华人民共和国行政复议法》第二十条');
    expect(citationLabel(doc, null)).toBe('《中华人民共和国行政复议法》');
    expect(citationLabel({ title: '最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释', versionNote: null }, '第一条')).toBe(
      '《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第一条',
    );
  });
});

describe('the Civil Code’s 物权编', () => {
  let doc: ParsedDocument;
  let passages: Passage[];

  beforeAll(async () => {
    doc = await readLaw(WUQUAN);
    passages = buildPassages('wuquan', doc.paragraphs);
  });

  it('keeps the code’s title and the book as subtitle', () => {
    expect(doc.title).toBe('中华人民共和国民法典');
    expect(doc.subtitle).toBe('物权编');
    expect(doc.issuer).toBe('全国人民代表大会');
    expect(doc.type).toBe('法律');
    expect(doc.versionNote).toBe('2020年5月28日通过');
    // No date in the file name: the last record's (施行 2021年1月1日).
    expect(doc.versionDate).toBe('2021-01-01');
  });

  it('continues the code’s numbering from 第二百零五条, one article after another', () => {
    const articles = passages.filter((p) => p.article).map((p) => p.article!);
    expect(articles[0]).toBe('第二百零五条');
    expect(articles.at(-1)).toBe('第四百六十二条');
    articles.forEach((a, i) => expect(articleNumber(a), a).toBe(205 + i));
  });

  it('files articles under 分编 › 章 › 节 whatever the # depth', () => {
    const first = passages.find((p) => p.article === '第二百零五条')!;
    expect(first.heading).toEqual(['第一分编 通则', '第一章 一般规定']);
    const registration = passages.find((p) => p.article === '第二百零九条')!;
    expect(registration.heading).toEqual(['第一分编 通则', '第二章 物权的设立、变更、转让和消灭', '第一节 不动产登记']);
    expect(registration.text).toContain('\n依法属于国家所有的自然资源，所有权可以不登记。');
    const levels = new Map(doc.paragraphs.filter((p) => p.level > 0).map((p) => [p.text.split(' ')[0].replace(/[一二三四五六七八九十]+/, 'N'), p.level]));
    expect(Object.fromEntries(levels)).toEqual({ 第N分编: 2, 第N章: 3, 第N节: 4 });
  });
});

describe('刑法: 编 headings, 之一 articles and items', () => {
  let doc: ParsedDocument;
  let passages: Passage[];

  beforeAll(async () => {
    doc = await readLaw(XINGFA);
    passages = buildPassages('xingfa', doc.paragraphs);
  });

  it('reads the version as the last amendment', () => {
    expect(doc.versionNote).toBe('2023年12月29日修正'); // passed the 刑法修正案（十二） that day
    expect(doc.issuer).toBe('全国人民代表大会');
  });

  it('makes 第一百二十条之一 a passage of its own', () => {
    const own = passages.filter((p) => p.article === '第一百二十条之一');
    expect(own).toHaveLength(1);
    expect(own[0].text.startsWith('第一百二十条之一 资助恐怖活动组织')).toBe(true);
    expect(own[0].heading).toEqual(['第二编 分则', '第二章 危害公共安全罪']);
    const main = passages.find((p) => p.article === '第一百二十条')!;
    expect(main.text).not.toContain('资助恐怖活动组织');
    const order = passages.filter((p) => p.article).map((p) => p.article);
    expect(order.indexOf('第一百二十条之一')).toBe(order.indexOf('第一百二十条') + 1);
  });

  it('keeps the items （一）（二）（三） inside their article', () => {
    const p = passages.find((x) => x.article === '第九十五条')!;
    expect(p.text.split('\n')).toEqual([
      '第九十五条 本法所称重伤，是指有下列情形之一的伤害：',
      '（一）使人肢体残废或者毁人容貌的；',
      '（二）使人丧失听觉、视觉或者其他器官机能的；',
      '（三）其他对于人身健康有重大伤害的。',
    ]);
    const items = doc.paragraphs.filter((x) => /^（[一二三四五六七八九十]+）/.test(x.text));
    expect(items.length).toBeGreaterThan(100);
    expect(items.every((x) => x.level === 0 && !x.article)).toBe(true);
    expect(passages.some((x) => x.text.startsWith('（一）'))).toBe(false);
  });
});

describe('other kinds of statute: type and issuer', () => {
  it('a judicial interpretation of the Supreme People’s Court', async () => {
    const doc = await readLaw('司法解释/最高人民法院关于审理行政许可案件若干问题的规定(2009-12-14).md');
    expect(doc.type).toBe('司法解释');
    expect(doc.issuer).toBe('最高人民法院');
    expect(doc.versionNote).toBe('2009年11月9日通过');
    expect(doc.versionDate).toBe('2009-12-14');
  });

  it('a joint interpretation of the court and the procuratorate', async () => {
    const doc = await readLaw('司法解释/最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释(2023-08-08).md');
    expect(doc.type).toBe('司法解释');
    expect(doc.issuer).toBe('最高人民法院、最高人民检察院');
  });

  it('departmental rules: the ordering body, else the department folder', async () => {
    const priced = await readLaw('部门规章/市场监督管理总局/明码标价和禁止价格欺诈规定(2022-04-14).md');
    expect(priced.type).toBe('部门规章');
    expect(priced.issuer).toBe('国家市场监督管理总局');
    expect(priced.versionNote).toBe('2022年4月14日公布');
    const registration = await readLaw('部门规章/公安部/机动车登记规定(2021-12-17).md'); // no records at all
    expect(registration.type).toBe('部门规章');
    expect(registration.issuer).toBe('公安部');
    expect(registration.versionNote).toBeNull();
    expect(registration.versionDate).toBe('2021-12-17');
  });

  it('an administrative regulation of the State Council', async () => {
    const doc = await readLaw('行政法规/城镇排水与污水处理条例(2013-10-02).md');
    expect(doc.type).toBe('行政法规');
    expect(doc.issuer).toBe('国务院');
    expect(doc.versionNote).toBe('2013年9月18日通过');
  });

  it('a local regulation of Shenzhen', async () => {
    const doc = await readLaw('DLC/广东地方法规/地方性法规/广东/深圳经济特区数据条例(2021-07-06).md');
    expect(doc.type).toBe('地方性法规');
    expect(doc.issuer).toBe('深圳市人民代表大会常务委员会');
    expect(doc.versionNote).toBe('2021年6月29日通过');
    expect(doc.paragraphs.filter((p) => p.article).length).toBeGreaterThan(90);
  });

  it('the constitution: its 序言 paragraphs are passages outside any article', async () => {
    const doc = await readLaw('宪法/宪法.md');
    expect(doc.type).toBe('宪法');
    const passages = buildPassages('xianfa', doc.paragraphs);
    const preamble = passages.filter((p) => p.heading[0] === '序言');
    expect(preamble.length).toBeGreaterThan(5);
    expect(preamble.every((p) => p.article === null)).toBe(true);
    expect(passages.find((p) => p.article === '第一条')!.heading).toEqual(['第一章 总纲']);
  });

  it('types by folder', () => {
    expect(documentTypeFromPath('宪法/宪法.md')).toBe('宪法');
    expect(documentTypeFromPath('laws/社会法/劳动法(2018-12-29).md')).toBe('法律');
    expect(documentTypeFromPath('行政法规/电信条例(2016-02-06).md')).toBe('行政法规');
    expect(documentTypeFromPath('部门规章/公安部/机动车登记规定(2021-12-17).md')).toBe('部门规章');
    expect(documentTypeFromPath('DLC/广东地方法规/地方性法规/广东/广东省公路条例(2022-06-01).md')).toBe('地方性法规');
    expect(documentTypeFromPath('其他/人体损伤程度鉴定标准(2014-01-01).md')).toBeNull();
    expect(documentTypeFromPath('广东省公路条例.md')).toBeNull();
  });
});

describe('article numbers as the files misprint them', () => {
  it('reads 笫五十四条 as 第五十四条', async () => {
    const doc = await readLaw('民法商法/农民专业合作社法(2017-12-27).md');
    const p = doc.paragraphs.find((x) => x.text.startsWith('笫五十四条'))!;
    expect(p.article).toBe('第五十四条');
    expect(doc.paragraphs.filter((x) => x.article === '第五十四条')).toHaveLength(1);
  });

  it('reads 第一百二十八 条 (a stray space) as 第一百二十八条', async () => {
    const doc = await readLaw('诉讼与非诉讼程序法/刑事诉讼法(2018-10-26).md');
    const articles = doc.paragraphs.filter((x) => x.article).map((x) => x.article!);
    expect(articles).toContain('第一百二十八条');
    articles.forEach((a, i) => expect(articleNumber(a), a).toBe(i + 1));
  });

  it('does not take a paragraph about an article for one', () => {
    const doc = parseDocumentLines(['某某办法', '第一条 为了规范管理，制定本办法。', '第二条 本办法自公布之日起施行。', '第一条规定的情形除外。', '第三条、第四条不适用。']);
    expect(doc.paragraphs.map((p) => p.article ?? null)).toEqual(['第一条', '第二条', null, null]);
  });
});

describe('version records', () => {
  it('splits records printed on one line and reads what each did', () => {
    const records = parseVersionRecords([
      '（1999年4月29日第九届全国人民代表大会常务委员会第九次会议通过　根据2009年8月27日第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正　2023年9月1日第十四届全国人民代表大会常务委员会第五次会议修订）',
    ]);
    expect(records.map((r) => [r.date, r.action])).toEqual([
      ['1999-04-29', '通过'],
      ['2009-08-27', '修正'],
      ['2023-09-01', '修订'],
    ]);
    expect(versionNoteOf(records)).toBe('2023年9月1日修订');
  });

  it('prefers adoption and amendment over promulgation and entry into force', () => {
    const records = parseVersionRecords(['２０１２年１２月３日 公安部部长办公会议通过', '２０１２年１２月１９日 中华人民共和国公安部令第１２５号发布，', '２０１３年１月１日 施行']);
    expect(records.map((r) => r.action)).toEqual(['通过', '发布', '施行']);
    expect(versionNoteOf(records)).toBe('2012年12月3日通过');
  });
});

describe('a regulation published as a GBK web page', () => {
  let dir: string;
  let md: ParsedDocument;
  let page: ParsedDocument;

  beforeAll(async () => {
    md = await readLaw(FUYI);
    // The page the national database would serve: title, the records in brackets, chapters and articles as <p>, portal chrome around.
    const [header, body] = lawText(FUYI).split('<!-- INFO END -->');
    const records = header.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim());
    const bodyLines = body.split('\n').map((l) => l.trim()).filter((l) => l && l !== '\u200b');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const html = [
      '<!DOCTYPE html><html><head><meta charset="gbk"><title>国家法律法规数据库</title></head><body>',
      '<div class="navbar"><a href="/">首页</a> | <a href="/flfg">法律法规</a></div>',
      `<h1>${esc(md.title)}</h1>`,
      `<p>（${records.map(esc).join('　')}）</p>`,
      '<div class="content">',
      ...bodyLines.map((l) => (l.startsWith('#') ? `<p style="text-align:center"><b>${esc(l.replace(/^#+\s*/, ''))}</b></p>` : `<p>　　${esc(l)}</p>`)),
      '</div>',
      '<div class="footer"><p>主办单位:全国人大常委会办公厅</p></div></body></html>',
    ].join('\n');
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-statute-'));
    const src = join(dir, 'fuyi.utf8.html');
    writeFileSync(src, html, 'utf8');
    const encode = 'import sys\nopen(sys.argv[2], "wb").write(open(sys.argv[1], encoding="utf-8").read().encode("gbk"))';
    execFileSync('python3', ['-c', encode, src, join(dir, 'fuyi.html')]);
    const bytes = readFileSync(join(dir, 'fuyi.html'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    page = await readDocument('fuyi.html', bytes, 'pages/fuyi.html');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recovers the title, the version and the issuer from the bracketed records', () => {
    expect(page.title).toBe('中华人民共和国行政复议法');
    expect(page.versionNote).toBe('2023年9月1日修订');
    expect(page.versionDate).toBe('2023-09-01');
    expect(page.issuer).toBe('全国人民代表大会常务委员会');
    expect(page.type).toBe('法律');
  });

  it('recovers the same chapters, articles and article passages as the Markdown file', () => {
    const structure = (d: ParsedDocument) => d.paragraphs.filter((p) => p.level > 0 || p.article).map((p) => [p.level, p.article ?? p.text]);
    expect(structure(page)).toEqual(structure(md));
    const articles = (d: ParsedDocument) =>
      buildPassages('d', d.paragraphs)
        .filter((p) => p.article)
        .map((p) => ({ article: p.article, heading: p.heading, text: p.text }));
    expect(articles(page)).toEqual(articles(md));
  });

  it('leaves the bracketed records a passage of their own, outside any article', () => {
    const first = buildPassages('d', page.paragraphs)[0];
    expect(first.article).toBeNull();
    expect(first.text.startsWith('（1999年4月29日')).toBe(true);
  });
});
