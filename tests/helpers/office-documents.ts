// Real DOCX and PDF files for tests, written byte by byte by Python: a DOCX
// (WordprocessingML in a ZIP) and a PDF with a CID font and a ToUnicode map, as
// office software produces them. One copy of the two generators for every test
// that needs such files (a test file cannot be imported without running its tests).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** python3 make.py docx OUT.docx PARAGRAPHS.json */
export const MAKE_DOCX = String.raw`
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

/** python3 make.py pdf OUT.pdf PAGES.json — one text line per entry, a list of lines per page. */
export const MAKE_PDF = String.raw`
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

/** Makes a DOCX or PDF in a fresh temp dir and returns its bytes. */
export function makeDocument(kind: 'docx' | 'pdf', content: unknown): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'policy-qa-office-document-'));
  const script = join(dir, `make-${kind}.py`);
  writeFileSync(script, kind === 'docx' ? MAKE_DOCX : MAKE_PDF, 'utf8');
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify(content), 'utf8');
  const out = join(dir, `out.${kind}`);
  try {
    execFileSync('python3', [script, kind, out, spec]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
