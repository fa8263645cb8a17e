// Word and PDF inputs, read from real files that Python writes here byte by byte: a DOCX
// (WordprocessingML in a ZIP) and a PDF with a CID font and a ToUnicode map, as office
// software produces them; a PDF page with no text (a scan) and damaged files are
// reported with clear errors; ingest picks all of them up from a folder.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnyDocument } from '../../src/adapters/node/binary-documents.js';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { buildPassages } from '../../src/ingest/passages.js';
import { DocumentReadError, readDocument, reflowLines } from '../../src/ingest/read-document.js';

/** python3 make.py docx OUT.docx PARAGRAPHS.json — a paragraph given as a list is written as several runs. */
const MAKE_DOCX = String.raw`
import json, sys, zipfile
from xml.sax.saxutils import escape
out, paragraphs = sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
def para(p):
    runs = p if isinstance(p, list) else [p]
    return "<w:p>" + "".join('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(r) for r in runs) + "</w:p>"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
    z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, "".join(para(p) for p in paragraphs)))
`;

/**
 * python3 make.py pdf OUT.pdf PAGES.json — one text line per entry, a list of lines per page
 * (a Type0 font, Identity-H codes = Unicode code points, a ToUnicode CMap so the text can be
 * extracted); a page without lines has only a grey rectangle on it, as a scan without OCR.
 */
const MAKE_PDF = String.raw`
import json, sys
out, pages = sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8"))
kids = " ".join("%d 0 R" % (10 + 2 * i) for i in range(len(pages)))
objs = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: ("<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))).encode(),
    4: b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
    6: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 /CIDToGIDMap /Identity >>",
    8: b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
}
highs = sorted({ord(c) >> 8 for page in pages for l in page for c in l}) or [0]
cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n%d beginbfrange\n" % len(highs)
    + "".join("<%02X00> <%02XFF> <%02X00>\n" % (h, h, h) for h in highs)
    + "endbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()
objs[7] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"endstream"
for i, lines in enumerate(pages):
    objs[10 + 2 * i] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents %d 0 R >>" % (11 + 2 * i)).encode()
    if lines:
        body = "BT /F1 12 Tf 14 TL 60 780 Td " + " ".join("<%s> Tj T*" % "".join("%04X" % ord(c) for c in l) for l in lines) + " ET"
    else:
        body = "0.5 g 60 500 200 200 re f"
    body = body.encode()
    objs[11 + 2 * i] = b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"
pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = {}
for n in sorted(objs):
    offsets[n] = len(pdf)
    pdf += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
xref, size = len(pdf), max(objs) + 1
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % size
for n in range(1, size):
    pdf += (b"%010d 00000 n \n" % offsets[n]) if n in objs else b"0000000000 65535 f \n"
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
open(out, "wb").write(pdf)
`;

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
  const script = file(`make-${kind}.py`);
  writeFileSync(script, kind === 'docx' ? MAKE_DOCX : MAKE_PDF, 'utf8');
  const spec = file(`${name}.json`);
  writeFileSync(spec, JSON.stringify(content), 'utf8');
  execFileSync('python3', [script, kind, file(name), spec]);
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
