// Document reading and structure recovery: the real report's metadata, chrome removal, heading paths and passages; sentence chunking; GBK/UTF-8 HTML, Markdown and unreadable inputs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/model/document.js';
import { compactForm } from '../../src/text/normalize.js';
import { buildPassages, chunkText } from '../../src/ingest/passages.js';
import { splitSentences } from '../../src/text/sentences.js';
import { DocumentReadError, readDocument } from '../../src/ingest/read-document.js';
import { parseDocumentLines, type ParsedDocument } from '../../src/ingest/structure.js';
import { REPORT_FILE, REPORT_ID } from '../helpers/corpus-app.js';

const TITLE = '阳江市人民政府2021年法治政府建设年度报告';
const PART_ONE = '一、2021年法治政府建设情况';
const SECTION_SEVEN = '(七)推动社会矛盾纠纷依法有效化解,有力促进社会公平正义';
const ITEM_THREE = '3. 推动习近平法治思想和中央全面依法治国工作会议精神贯彻落实';
const CHROME = ['智能问答', '主办单位', '网站标识码', '备案序号', '粤ICP备', '转载分享', '浏览量', '相关文件', '关于我们'];

const SEED_URL = new URL('../../../shared/eval/seed-dev.jsonl', import.meta.url);

describe('the bundled report, read from its real bytes', () => {
  let doc: ParsedDocument;
  let passages: Passage[];

  beforeAll(async () => {
    doc = await readDocument('yangjiang-2021-law-based-government-report.txt', readFileSync(REPORT_FILE));
    passages = buildPassages(REPORT_ID, doc.paragraphs);
  });

  it('recovers the metadata from the page header', () => {
    expect(doc.title).toBe(TITLE);
    expect(doc.source).toBe('阳江市人民政府办公室');
    expect(doc.publishedAt).toBe('2022-01-26');
    expect(doc.year).toBe(2021);
    expect(doc.type).toBe('报告');
  });

  it('keeps no portal chrome in any paragraph', () => {
    expect(doc.paragraphs.length).toBeGreaterThan(30);
    for (const p of doc.paragraphs) {
      for (const word of CHROME) expect(p.text, `paragraph ${p.n}`).not.toContain(word);
      expect(p.text).not.toMatch(/^来源\s*[:：]/);
    }
  });

  it('starts with the opening paragraph and ends with the last measure, not the footer', () => {
    expect(doc.paragraphs[0].text.startsWith('2021年,阳江市在省委、省政府的正确领导下')).toBe(true);
    expect(doc.paragraphs[0].level).toBe(0);
    expect(doc.paragraphs.at(-1)!.text.startsWith('(四)发挥法治引领作用')).toBe(true);
  });

  it('numbers paragraphs 1..n with no gaps', () => {
    expect(doc.paragraphs.map((p) => p.n)).toEqual(doc.paragraphs.map((_, i) => i + 1));
  });

  it('gives headings their levels (一、 › （一） › 1. › 一是)', () => {
    const levelOf = (start: string) => doc.paragraphs.find((p) => p.text.startsWith(start))?.level;
    expect(levelOf(PART_ONE)).toBe(1);
    expect(levelOf('(七)推动社会矛盾纠纷')).toBe(2);
    expect(levelOf('2. 推进行政复议体制改革')).toBe(3);
    expect(levelOf('一是推动“一规划两纲要”贯彻落实')).toBe(5);
    expect(levelOf('二、存在的问题')).toBe(1);
    expect(levelOf('虽然我市法治政府建设工作取得了新成效')).toBe(0);
  });

  it('puts the 纠错率 passage under part 一 and section (七)', () => {
    const hits = passages.filter((p) => p.text.includes('纠错率达29.6%'));
    expect(hits).toHaveLength(1);
    const [p] = hits;
    expect(p.heading.slice(0, 2)).toEqual([PART_ONE, SECTION_SEVEN]);
    expect(p.heading[2]).toBe('2. 推进行政复议体制改革');
    expect(p.text).toContain('市政府办结行政复议申请108件');
    expect(p.docId).toBe(REPORT_ID);
    expect(p.id).toBe(`${REPORT_ID}:${p.paragraph}`);
    expect(p.article).toBeNull();
    expect(doc.paragraphs[p.paragraph - 1].text).toContain(p.text);
  });

  it('gives passages unique ids and increasing paragraph numbers', () => {
    const ids = passages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < passages.length; i++) {
      const [a, b] = [passages[i - 1], passages[i]];
      expect(b.paragraph > a.paragraph || (b.paragraph === a.paragraph && b.part === a.part + 1)).toBe(true);
    }
  });

  it('makes no passage of a heading standing on its own line', () => {
    const standalone = doc.paragraphs.filter((p) =>
      [PART_ONE, SECTION_SEVEN + '。', ITEM_THREE + '。', '二、存在的问题', '三、下一步工作措施'].includes(p.text),
    );
    expect(standalone).toHaveLength(5);
    const cited = new Set(passages.map((p) => p.paragraph));
    for (const h of standalone) expect(cited.has(h.n), h.text).toBe(false);
  });

  it('files the 一是/二是/三是 paragraphs under item 3 of section (一)', () => {
    for (const lead of ['一是推动“一规划两纲要”贯彻落实', '二是统筹推进法治政府建设', '三是全面加强依法行政能力建设']) {
      const p = passages.find((x) => x.text.startsWith(lead));
      expect(p, lead).toBeDefined();
      expect(p!.heading).toEqual([PART_ONE, '(一)坚持以习近平法治思想为引领,推动法治政府建设提质增速', ITEM_THREE, lead]);
    }
  });

  it('files the 存在的问题 paragraph under 二、存在的问题 alone', () => {
    const p = passages.find((x) => x.text.startsWith('虽然我市法治政府建设工作取得了新成效'));
    expect(p?.heading).toEqual(['二、存在的问题']);
  });

  it('gives the opening paragraph an empty heading path', () => {
    expect(passages[0].paragraph).toBe(1);
    expect(passages[0].heading).toEqual([]);
  });

  it('keeps every eval passage snippet whole inside exactly one passage', () => {
    const items = readFileSync(SEED_URL, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; passage: string });
    const withPassage = items.filter((x) => x.passage);
    expect(withPassage.length).toBeGreaterThan(20);
    for (const item of withPassage) {
      const n = passages.filter((p) => compactForm(p.text).includes(compactForm(item.passage))).length;
      expect(n, item.id).toBe(1);
    }
  });
});

describe('splitSentences and chunkText', () => {
  // Sentences of 28–95 characters, each ending in Chinese sentence punctuation, one closing a quotation.
  const sentences = [
    '全市共完成审计和专项审计调查项目112个,出具审计报告和审计决定书共计二百余份。',
    '纠错率达29.6%,比上年提高了将近五个百分点,行政复议化解行政争议的主渠道作用进一步发挥,群众获得感明显增强!',
    '是否需要继续压缩办理时限?',
    '群众反映:“办事更方便了,跑腿更少了,窗口服务更规范了,企业开办全程网办已经成为常态。”',
    '下一步将继续深化改革;',
    '围绕全国“两会”、中国共产党成立100周年庆祝大会等重要时间节点开展基层矛盾纠纷排查化解工作,共排查矛盾纠纷一万余宗,调解成功率保持在较高水平。',
    '最后一句没有标点结尾的半句话也应保留',
  ];
  const text = sentences.join('');

  it('splits at sentence ends and keeps the closing punctuation and quote', () => {
    expect(splitSentences(text)).toEqual(sentences);
    expect(splitSentences('第一句。第二句！第三句？“引语。”第五句；尾巴')).toEqual([
      '第一句。',
      '第二句！',
      '第三句？',
      '“引语。”',
      '第五句；',
      '尾巴',
    ]);
  });

  it('does not split decimals or dates', () => {
    expect(splitSentences('纠错率达29.6%。时间2022.01.26。')).toEqual(['纠错率达29.6%。', '时间2022.01.26。']);
  });

  it('chunks a long paragraph at sentence ends only, never over maxChars when sentences allow', () => {
    const maxChars = 120;
    expect(Math.max(...sentences.map((s) => s.length))).toBeLessThanOrEqual(maxChars);
    const chunks = chunkText(text, maxChars);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(text);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(maxChars);
      // Each chunk is a run of whole sentences.
      expect(sentences.some((s) => c.startsWith(s))).toBe(true);
      expect(sentences.some((s) => c.endsWith(s))).toBe(true);
    }
  });

  it('packs sentences greedily (no two neighbouring chunks would fit together)', () => {
    const chunks = chunkText(text, 120);
    for (let i = 1; i < chunks.length; i++) {
      const next = splitSentences(chunks[i])[0];
      expect(chunks[i - 1].length + next.length).toBeGreaterThan(120);
    }
  });

  it('returns a short text as one chunk and keeps an over-long sentence whole', () => {
    expect(chunkText('短段落。', 400)).toEqual(['短段落。']);
    const long = '甲'.repeat(150) + '。';
    const chunks = chunkText('开头一句。' + long + '结尾一句。', 100);
    expect(chunks).toEqual(['开头一句。', long, '结尾一句。']);
  });

  it('buildPassages splits a long paragraph into numbered parts sharing one heading path', () => {
    const ps = buildPassages('d', [
      { n: 1, text: '一、总体情况', level: 1 },
      { n: 2, text, level: 0 },
      { n: 3, text: '短段落。', level: 0 },
    ], { maxChars: 120 });
    const parts = ps.filter((p) => p.paragraph === 2);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(p.part).toBe(i + 1);
      expect(p.id).toBe(`d:2.${i + 1}`);
      expect(p.heading).toEqual(['一、总体情况']);
      expect(p.text.length).toBeLessThanOrEqual(120);
    });
    expect(ps.at(-1)).toMatchObject({ id: 'd:3', part: 1, text: '短段落。' });
  });

  // Chunks are cut from the original text, so Western-style spacing survives.
  it('keeps every chunk a verbatim span of the paragraph (whitespace between sentences)', () => {
    const western = 'First sentence here! Second one follows? Third.';
    for (const c of chunkText(western, 25)) expect(western).toContain(c);
  });
});

describe('HTML, Markdown and plain-text inputs', () => {
  let dir: string;
  let gbkBytes: Uint8Array;
  let gbkTxtBytes: Uint8Array;

  const GBK_PAGE = `<!DOCTYPE html>
<html><head><meta charset="gbk"><title>江城区人民政府门户网站</title>
<style>.x{color:red}</style><script>var 智能问答 = "主办单位";</script></head>
<body>
<div class="navbar"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/qa">智能问答</a></div>
<nav><ul><li>网站地图</li><li>无障碍</li></ul></nav>
<div class="main">
<h1>江城区2021年法治政府建设年度报告</h1>
<div class="info">来源:江城区人民政府办公室 时间:2022-01-20 09:30</div>
<div class="share">转载分享: <a>微信</a> <a>微博</a></div>
<div class="article">
<p>2021年,江城区坚持依法行政,全年办结行政复议案件108件,纠错率达29.6%。</p>
<p>一、主要工作</p>
<p>(一)深化简政放权。取消和调整区级权责清单事项67项。</p>
<p>二、存在的问题</p>
<p>法治队伍建设有待加强。</p>
</div></div>
<div class="footer"><p>关于我们 | 网站帮助</p><p>主办单位:江城区人民政府办公室</p><p>网站标识码:4417020001 备案序号:粤ICP备00000000号</p></div>
</body></html>`;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-structure-'));
    const src = join(dir, 'page.utf8.html');
    const txtSrc = join(dir, 'report.utf8.txt');
    writeFileSync(src, GBK_PAGE, 'utf8');
    writeFileSync(txtSrc, '江城区政务公开工作报告\n\n一、基本情况\n\n全年主动公开政府信息1200条。\n', 'utf8');
    // Node cannot encode GBK (iconv-lite is not installed), so Python writes the GBK bytes.
    const encode = 'import sys\nfor a, b in zip(sys.argv[1::2], sys.argv[2::2]):\n    open(b, "wb").write(open(a, encoding="utf-8").read().encode("gbk"))';
    execFileSync('python3', ['-c', encode, src, join(dir, 'page.html'), txtSrc, join(dir, 'report.txt')]);
    gbkBytes = readFileSync(join(dir, 'page.html'));
    gbkTxtBytes = readFileSync(join(dir, 'report.txt'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the GBK fixture really is GBK (not valid UTF-8)', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbkBytes)).toThrow();
    expect(new TextDecoder('gb18030').decode(gbkBytes)).toBe(GBK_PAGE);
  });

  it('reads a GBK portal page: title, metadata and paragraphs, without chrome', async () => {
    const doc = await readDocument('page.html', gbkBytes);
    expect(doc.title).toBe('江城区2021年法治政府建设年度报告');
    expect(doc.source).toBe('江城区人民政府办公室');
    expect(doc.publishedAt).toBe('2022-01-20');
    expect(doc.year).toBe(2021);
    expect(doc.type).toBe('报告');
    expect(doc.paragraphs.map((p) => [p.text, p.level])).toEqual([
      ['2021年,江城区坚持依法行政,全年办结行政复议案件108件,纠错率达29.6%。', 0],
      ['一、主要工作', 1],
      ['(一)深化简政放权。取消和调整区级权责清单事项67项。', 2],
      ['二、存在的问题', 1],
      ['法治队伍建设有待加强。', 0],
    ]);
    const all = doc.paragraphs.map((p) => p.text).join('\n');
    for (const word of [...CHROME, '首页', '政务公开', '微信', '网站地图', 'color:red', 'var ']) expect(all).not.toContain(word);
  });

  it('reads an undeclared GBK text file by falling back to GB18030', async () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbkTxtBytes)).toThrow();
    const doc = await readDocument('report.txt', gbkTxtBytes);
    expect(doc.title).toBe('江城区政务公开工作报告');
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['一、基本情况', '全年主动公开政府信息1200条。']);
  });

  it('reads a UTF-8 page whose title, source and date come from meta tags', async () => {
    const html = `<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="阳东区行政执法公示办法">
<meta name="ContentSource" content="阳东区司法局">
<meta name="PubDate" content="2021-12-03 10:00">
<title>阳东区人民政府 - 阳东区行政执法公示办法</title></head>
<body><header class="top">阳东区人民政府门户网站</header>
<div class="breadcrumb">首页 &gt; 政策文件</div>
<h1>阳东区行政执法公示办法</h1>
<div class="content"><p>第一条 为了规范行政执法公示工作,&amp;保障公民知情权,制定本办法。</p>
<p>第二条 本办法适用于本区各行政执法机关&lt;含派出机构&gt;。</p></div>
<footer>主办单位:阳东区人民政府</footer></body></html>`;
    const doc = await readDocument('notice.htm', new TextEncoder().encode(html));
    expect(doc.title).toBe('阳东区行政执法公示办法');
    expect(doc.source).toBe('阳东区司法局');
    expect(doc.publishedAt).toBe('2021-12-03');
    expect(doc.year).toBe(2021);
    expect(doc.type).toBe('办法');
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      '第一条 为了规范行政执法公示工作,&保障公民知情权,制定本办法。',
      '第二条 本办法适用于本区各行政执法机关<含派出机构>。',
    ]);
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('某某规定\n第一条 内容。')]);
    const doc = await readDocument('rule.txt', bytes);
    expect(doc.title).toBe('某某规定');
    expect(doc.type).toBe('规定');
  });

  it('reads Markdown: # title, ## headings, emphasis and links unwrapped', async () => {
    const md = [
      '# 江城区2022年法治政府建设工作要点',
      '',
      '<!-- draft -->',
      '## 一、总体要求',
      '',
      '**2022年**,全区要[持续深化](https://example.org/a)“放管服”改革,办结案件*108件*。',
      '',
      '- 一是加强组织领导。成立工作专班。',
      '',
      '![图](x.png)',
    ].join('\n');
    const doc = await readDocument('plan.md', new TextEncoder().encode(md));
    expect(doc.title).toBe('江城区2022年法治政府建设工作要点');
    expect(doc.year).toBe(2022);
    expect(doc.paragraphs.map((p) => [p.text, p.level])).toEqual([
      ['一、总体要求', 1],
      ['2022年,全区要持续深化“放管服”改革,办结案件108件。', 0],
      ['一是加强组织领导。成立工作专班。', 5],
    ]);
  });

  it('falls back to the file name for a title-less text', () => {
    const doc = parseDocumentLines(['全年办结行政复议案件108件,纠错率达29.6%。'], { fallbackTitle: '复议统计' });
    expect(doc.title).toBe('复议统计');
    expect(doc.paragraphs).toHaveLength(1);
  });
});

describe('unreadable inputs', () => {
  const expectReadError = async (name: string, bytes: Uint8Array, pattern: RegExp) => {
    let error: unknown;
    try {
      await readDocument(name, bytes);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DocumentReadError);
    const message = (error as Error).message;
    expect(message.startsWith('ingest:')).toBe(true);
    expect(message).toMatch(pattern);
  };

  it('refuses an empty file', () => expectReadError('a.txt', new Uint8Array(), /empty file/));

  it('refuses binary bytes (NUL)', async () => {
    await expectReadError('a.txt', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]), /binary/);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', async () => {
    const junk = new Uint8Array([0xff, 0xfe, 0xff, 0xfe, 0xff, 0xfe, 0xff, 0xff]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(junk)).toThrow();
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(junk)).toThrow();
    await expectReadError('a.txt', junk, /not valid UTF-8 or GB18030/);
    const page = new Uint8Array([...new TextEncoder().encode('<html><body><p>'), 0xff, 0xff, 0xfe, 0xff]);
    await expectReadError('a.html', page, /not valid UTF-8 or GB18030/);
  });

  it('refuses an unsupported extension before looking at the bytes', async () => {
    await expectReadError('report.xls', new TextEncoder().encode('<?xml'), /unsupported file type "\.xls"/);
    await expectReadError('README', new TextEncoder().encode('text'), /unsupported file type/);
  });

  it('refuses a file with no text paragraphs', async () => {
    await expectReadError('a.html', new TextEncoder().encode('<html><body><nav>首页</nav></body></html>'), /no text paragraphs/);
  });
});

// Chrome and footer patterns must not catch body sentences that merely mention
// website statistics or ICP filing.
describe('body text that resembles chrome', () => {
  it('keeps a body paragraph that mentions 访问量 (dropped as a page-view counter)', () => {
    const doc = parseDocumentLines(['某市2021年政务公开工作报告', '一、基本情况', '全年政府网站访问量达1200万人次。', '二、存在的问题', '信息发布不够及时。']);
    expect(doc.paragraphs.map((p) => p.text)).toContain('全年政府网站访问量达1200万人次。');
  });

  it('keeps the paragraphs after a body line that mentions ICP备案 (taken for the footer)', () => {
    const doc = parseDocumentLines(['某市网站管理办法', '第一条 为规范网站管理,制定本办法。', '第二条 网站开办者应当依法办理ICP备案手续。', '第三条 本办法自公布之日起施行。']);
    expect(doc.paragraphs).toHaveLength(3);
  });
});
