// Word and PDF inputs, read from real files that Python writes here byte by byte: a DOCX
// (WordprocessingML in a ZIP) and a PDF with a CID font and a ToUnicode map, as office
// software produces them; a PDF page with no text (a scan) and damaged files are
// reported with clear errors; ingest picks all of them up from a folder. (The files are made by
// tests/helpers/office-documents.ts.)
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnyDocument } from '../../src/adapters/node/binary-documents.js';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { buildPassages } from '../../src/ingest/passages.js';
import { DocumentReadError, readDocument, reflowLines } from '../../src/ingest/read-document.js';
import { makeDocument } from '../helpers/office-documents.js';


const REGULATION_DOCX = [
  '某市电动自行车管理办法',
  '第一章 总则',
  ['第一条 ', '为了加强电动自行车管理，保障道路交通安全，制定本办法。'], // two runs, one paragraph
  '第二条 本办法适用于本市行政区域内电动自行车的登记、通行和管理。',
  '第二章 登记',
  '第三条 有下列情形之一的，不予登记：',
  '（一）车辆不符合国家标准的；',
  '（二）不能提供合法来源证明的。',
  '第四条 本办法自2024年1月1日起施行。',
];

/** Two printed pages: the first article wraps onto a second line, the third runs over the page break; page numbers at the foot. */
const REGULATION_PDF = [
  [
    '某市养犬管理规定',
    '（2023年3月1日某市人民政府第5次常务会议通过）',
    '第一章 总则',
    '第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会',
    '公共秩序，根据有关法律、法规，结合本市实际，制定本规定。',
    '第二条 本市行政区域内养犬和犬类经营活动，适用本规定。',
    '第三条 养犬人应当遵守下列规定，携犬出户时为犬只束犬链，由完全民事',
    '- 1 -',
  ],
  [
    '行为能力人牵引，并主动避让行人和车辆：',
    '（一）不得携犬进入机关、学校、医院；',
    '（二）及时清除犬只在户外排泄的粪便。',
    '- 2 -',
  ],
];

let dir: string;
const file = (name: string) => join(dir, name);

function make(kind: 'docx' | 'pdf', name: string, content: unknown): string {
  writeFileSync(file(name), makeDocument(kind, content));
  return file(name);
}

async function readError(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(DocumentReadError);
    expect((err as Error).message.startsWith('ingest: ')).toBe(true);
    return err as Error;
  }
  throw new Error('expected a DocumentReadError');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-documents-'));
  make('docx', 'regulation.docx', REGULATION_DOCX);
  make('pdf', 'regulation.pdf', REGULATION_PDF);
  make('pdf', 'scan.pdf', [[]]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DOCX', () => {
  it('the fixture really is a ZIP with WordprocessingML', () => {
    const bytes = readFileSync(file('regulation.docx'));
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('word/document.xml'))).toBe(true);
  });

  it('reads a regulation: title, chapters, articles with their items', async () => {
    const doc = await readAnyDocument('regulation.docx', readFileSync(file('regulation.docx')), 'rules/regulation.docx');
    expect(doc.title).toBe('某市电动自行车管理办法');
    expect(doc.type).toBe('办法');
    expect(doc.paragraphs.map((p) => [p.level, p.article ?? p.text])).toEqual([
      [3, '第一章 总则'],
      [0, '第一条'],
      [0, '第二条'],
      [3, '第二章 登记'],
      [0, '第三条'],
      [0, '（一）车辆不符合国家标准的；'],
      [0, '（二）不能提供合法来源证明的。'],
      [0, '第四条'],
    ]);
    expect(doc.paragraphs[1].text).toBe('第一条 为了加强电动自行车管理，保障道路交通安全，制定本办法。');
    const third = buildPassages('d', doc.paragraphs).find((p) => p.article === '第三条')!;
    expect(third.heading).toEqual(['第二章 登记']);
    expect(third.text).toBe('第三条 有下列情形之一的，不予登记：\n（一）车辆不符合国家标准的；\n（二）不能提供合法来源证明的。');
  });

  it('reports a damaged DOCX clearly', async () => {
    const bytes = readFileSync(file('regulation.docx'));
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect((await readError(readAnyDocument('broken.docx', cut))).message).toMatch(/DOCX could not be read .*damaged/);
    const notZip = new TextEncoder().encode('{\\rtf1 某市电动自行车管理办法}');
    expect((await readError(readAnyDocument('saved-as-rtf.docx', notZip))).message).toMatch(/not a DOCX file/);
  });
});

describe('PDF', () => {
  it('the fixture really is a PDF whose text is in CID-coded strings', () => {
    const bytes = readFileSync(file('regulation.pdf'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.includes(Buffer.from('养犬'))).toBe(false); // no plain UTF-8 text to grep
    expect(bytes.includes(Buffer.from('/ToUnicode'))).toBe(true);
    expect(bytes.includes(Buffer.from('/Count 2'))).toBe(true);
  });

  it('reads the text layer, joins wrapped lines (across the page break too) and drops page numbers', async () => {
    const doc = await readAnyDocument('regulation.pdf', readFileSync(file('regulation.pdf')), 'rules/regulation.pdf');
    expect(doc.title).toBe('某市养犬管理规定');
    expect(doc.type).toBe('规定');
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      '（2023年3月1日某市人民政府第5次常务会议通过）',
      '第一章 总则',
      '第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，根据有关法律、法规，结合本市实际，制定本规定。',
      '第二条 本市行政区域内养犬和犬类经营活动，适用本规定。',
      '第三条 养犬人应当遵守下列规定，携犬出户时为犬只束犬链，由完全民事行为能力人牵引，并主动避让行人和车辆：',
      '（一）不得携犬进入机关、学校、医院；',
      '（二）及时清除犬只在户外排泄的粪便。',
    ]);
    expect(doc.paragraphs.filter((p) => p.article).map((p) => p.article)).toEqual(['第一条', '第二条', '第三条']);
    // The bracketed record under the title gives the version.
    expect(doc.versionNote).toBe('2023年3月1日通过');
    expect(doc.versionDate).toBe('2023-03-01');
    expect(doc.issuer).toBe('某市人民政府');
  });

  it('reports a PDF without a text layer as needing OCR', async () => {
    const error = await readError(readAnyDocument('scan.pdf', readFileSync(file('scan.pdf'))));
    expect(error.message).toBe('ingest: PDF has no text layer (scanned?); OCR it first');
  });

  it('reports a damaged PDF clearly', async () => {
    const bytes = readFileSync(file('regulation.pdf'));
    const error = await readError(readAnyDocument('broken.pdf', bytes.subarray(0, 200)));
    expect(error.message).toMatch(/^ingest: PDF could not be read \(.+\); the file may be damaged or not a PDF$/);
    const html = new TextEncoder().encode('<html><body>某市养犬管理规定</body></html>');
    expect((await readError(readAnyDocument('page.pdf', html))).message).toMatch(/PDF could not be read/);
  });
});

describe('the core reader without binary readers', () => {
  it('says that this runtime cannot read DOCX or PDF', async () => {
    const bytes = readFileSync(file('regulation.docx'));
    expect((await readError(readDocument('regulation.docx', bytes))).message).toBe('ingest: no DOCX reader in this runtime');
    expect((await readError(readDocument('regulation.pdf', readFileSync(file('regulation.pdf'))))).message).toBe(
      'ingest: no PDF reader in this runtime',
    );
  });

  it('joins wrapped lines only where a line ran to the full width', () => {
    expect(
      reflowLines([
        '第一条 为了规范管理，根据有关法律、法规，',
        '制定本规定。',
        '第二条 本规定自公布之日起施行。',
        '短行',
        '第三条 全宽的一行后面跟着条款，不合并，',
        '第四条 另一条。',
      ]),
    ).toEqual([
      '第一条 为了规范管理，根据有关法律、法规，制定本规定。',
      '第二条 本规定自公布之日起施行。',
      '短行',
      '第三条 全宽的一行后面跟着条款，不合并，',
      '第四条 另一条。',
    ]);
  });
});

describe('ingest of a folder with Word, PDF and statute files', () => {
  it('reads DOCX, PDF and LawRefBook Markdown and reports the scan', async () => {
    const inputs = join(dir, 'inputs');
    mkdirSync(join(inputs, '行政法规'), { recursive: true });
    copyFileSync(file('regulation.docx'), join(inputs, 'regulation.docx'));
    copyFileSync(file('regulation.pdf'), join(inputs, 'regulation.pdf'));
    copyFileSync(file('scan.pdf'), join(inputs, 'scan.pdf'));
    const law = new URL('../../../shared/stard/laws/行政法规/城镇排水与污水处理条例(2013-10-02).md', import.meta.url);
    copyFileSync(law, join(inputs, '行政法规', '城镇排水与污水处理条例(2013-10-02).md'));
    const report = await runIngest({ inputs: [inputs], kbPath: join(dir, 'kb', 'kb.sqlite'), root: inputs });
    expect(report.documents).toBe(3);
    expect(report.skipped).toEqual([{ path: 'scan.pdf', error: 'ingest: PDF has no text layer (scanned?); OCR it first' }]);
    expect(report.passages).toBeGreaterThan(50);
  });
});
