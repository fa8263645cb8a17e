// Hostile documents at ingest: a small file that expands to far more text or
// passages than any real document (a 242 KB .docx holding 100 MB of text became
// 100,000 passages at 1 GB), and DOCX files that make the parser run long or swell.
// Each is reported with its figure and the limit, and skipped; the rest of the run is
// ingested and answers. The limits come in as settings (MAX_DOCUMENT_CHARS,
// MAX_DOCUMENT_PASSAGES, PARSE_TIMEOUT_MS, PARSE_MEMORY_MB), lowered here so the
// files stay small; the script passes them on from the environment.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/settings.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';

/**
 * python3 make.py OUT.docx COUNT TEXT — a Word file of COUNT paragraphs, each TEXT, as
 * WordprocessingML in a ZIP; repeated paragraphs compress some 250 to 1 like the issue's file.
 */
const MAKE_DOCX = String.raw`
import sys, zipfile
from xml.sax.saxutils import escape
out, count, text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
para = '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(text)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
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
        '<w:document xmlns:w="%s"><w:body>%s%s</w:body></w:document>' % (W, '<w:p><w:r><w:t>某市政务公开工作报告</w:t></w:r></w:p>', para * count))
`;

/** python3 -c MAKE_PDF_BOMB OUT.pdf MB — one page whose content stream is MB megabytes of spaces, deflated. */
const MAKE_PDF_BOMB = String.raw`
import sys, zlib
out, mb = sys.argv[1], int(sys.argv[2])
co = zlib.compressobj(9)
data = b"".join(co.compress(b" " * 1048576) for _ in range(mb)) + co.flush()
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
pdf, offsets = bytearray(b"%PDF-1.4\n"), []
for n, body in enumerate(objs, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
pdf += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
open(out, "wb").write(pdf)
`;

/** A body paragraph of 333 characters, as long as the issue's file's. */
const LONG_PARAGRAPH = '2021年，全市各级行政机关依法办理行政复议申请，办结率持续提高，群众满意度稳步上升。'.repeat(8).slice(0, 333);
const QUESTION = '2021年市政府办结了多少件行政复议申请？';

let dir: string;
let script: string;

function makeDocx(path: string, paragraphs: number, text: string): string {
  execFileSync('python3', [script, path, String(paragraphs), text]);
  return path;
}

/** A folder holding the given files (name → content or a file to copy). */
function folder(name: string, files: Record<string, string | { copy: string }>): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    if (typeof content === 'string') writeFileSync(join(path, file), content, 'utf8');
    else copyFileSync(content.copy, join(path, file));
  }
  return path;
}

function expectAnswers(kbPath: string) {
  const service = loadService(kbPath, DEFAULT_SETTINGS);
  try {
    expect(service.ask(QUESTION).answer).toContain('108件');
  } finally {
    closeService(service);
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-hostile-'));
  script = join(dir, 'make-docx.py');
  writeFileSync(script, MAKE_DOCX, 'utf8');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('MAX_DOCUMENT_CHARS and MAX_DOCUMENT_PASSAGES', () => {
  it('a DOCX and a text file over the character limit are reported with their size and skipped; the rest is ingested', async () => {
    // 400 paragraphs of 333 characters: 133,200 characters in a file of a few kilobytes.
    const docx = makeDocx(join(dir, 'long.docx'), 400, LONG_PARAGRAPH);
    const inputs = folder('chars', { 'long.docx': { copy: docx }, 'long.txt': `某市工作报告\n${`${LONG_PARAGRAPH}\n`.repeat(200)}` });
    const kbPath = join(dir, 'chars.sqlite');
    const report = await runIngest({
      inputs: [CORPUS_DIR, inputs],
      kbPath,
      root: REPO_ROOT,
      limits: parseSettings({ MAX_DOCUMENT_CHARS: '50000' }),
    });
    const reason = (name: string) => report.skipped.find((s) => s.path.endsWith(name))?.error;
    expect(reason('long.docx')).toBe('ingest: text is 133,210 characters, over the limit of 50,000 (MAX_DOCUMENT_CHARS)');
    expect(reason('long.txt')).toMatch(/^ingest: text is 66,\d{3} characters, over the limit of 50,000 \(MAX_DOCUMENT_CHARS\)$/);
    expect(report.skipped).toHaveLength(2);
    expect(report.documents).toBe(1);
    expectAnswers(kbPath);
  }, 60_000);

  it('a document that splits into more passages than the limit is skipped, read now or reused from the last run', async () => {
    // 300 short sentences, one a line: 300 passages from 12 KB.
    const lines = Array.from({ length: 300 }, (_, i) => `第${i + 1}项工作已经按期完成。`);
    const inputs = folder('passages', { 'many.txt': `某市工作报告\n${lines.join('\n')}\n` });
    const kbPath = join(dir, 'passages.sqlite');
    const limits = parseSettings({ MAX_DOCUMENT_PASSAGES: '100' });
    const report = await runIngest({ inputs: [CORPUS_DIR, inputs], kbPath, root: REPO_ROOT, limits });
    const expected = 'ingest: splits into 300 passages, over the limit of 100 (MAX_DOCUMENT_PASSAGES)';
    expect(report.skipped.map((s) => s.error)).toEqual([expected]);
    expect(report.documents).toBe(1);
    expectAnswers(kbPath);

    // Ingested under the default limits, then held to a lower one: the unchanged file is not
    // parsed again, but is still refused.
    const incremental = join(dir, 'incremental.sqlite');
    expect((await runIngest({ inputs: [CORPUS_DIR, inputs], kbPath: incremental, root: REPO_ROOT })).documents).toBe(2);
    const again = await runIngest({ inputs: [CORPUS_DIR, inputs], kbPath: incremental, root: REPO_ROOT, limits });
    expect(again.skipped.map((s) => s.error)).toEqual([expected]);
    expect(again.documents).toBe(1);
  }, 60_000);

  it('the largest real documents are far inside the default limits', async () => {
    // 人民检察院刑事诉讼规则 (the longest of the 1,512 statutes) and 广东省's report (the longest provincial one).
    const laws = join(REPO_ROOT, '../shared/stard/laws/司法解释');
    const inputs = folder('largest', {
      '人民检察院刑事诉讼规则(2019-12-02).md': { copy: join(laws, '人民检察院刑事诉讼规则(2019-12-02).md') },
      '人民检察院刑事诉讼规则（试行）(2012-11-22).md': { copy: join(laws, '人民检察院刑事诉讼规则（试行）(2012-11-22).md') },
      '广东省-2026-政府工作报告.txt': { copy: join(REPO_ROOT, '../shared/reports/provincial-2026/广东省-2026-政府工作报告.txt') },
    });
    // A tenth of the defaults still takes them all: the defaults have ten times the headroom.
    const limits = { MAX_DOCUMENT_CHARS: DEFAULT_SETTINGS.MAX_DOCUMENT_CHARS / 10, MAX_DOCUMENT_PASSAGES: DEFAULT_SETTINGS.MAX_DOCUMENT_PASSAGES / 10 };
    const report = await runIngest({ inputs: [inputs], kbPath: join(dir, 'largest.sqlite'), root: inputs, limits });
    expect(report.skipped).toEqual([]);
    expect(report.documents).toBe(3);
  }, 60_000);
});

describe('DOCX and PDF are parsed in a worker thread with a time and a memory limit', () => {
  it('a DOCX that takes longer than PARSE_TIMEOUT_MS is stopped and reported; the next DOCX and the rest are ingested', async () => {
    // 60,000 paragraphs (20 million characters, 250 KB zipped): mammoth alone needs ten seconds or more.
    const slow = makeDocx(join(dir, 'slow.docx'), 60_000, LONG_PARAGRAPH);
    const regulation = makeDocx(join(dir, 'regulation.docx'), 3, '第一条 为了规范行政复议工作，制定本办法。');
    const inputs = folder('slow', { 'a-slow.docx': { copy: slow }, 'b-regulation.docx': { copy: regulation } });
    const kbPath = join(dir, 'slow.sqlite');
    const started = performance.now();
    // Memory is no bound here, so it is the time limit that stops the parse.
    const report = await runIngest({
      inputs: [CORPUS_DIR, inputs],
      kbPath,
      root: REPO_ROOT,
      limits: parseSettings({ PARSE_TIMEOUT_MS: '1000', PARSE_MEMORY_MB: '8192' }),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`ingest with a DOCX over PARSE_TIMEOUT_MS=1000: ${seconds.toFixed(1)} s`);
    expect(report.skipped).toEqual([
      {
        path: relative(REPO_ROOT, join(inputs, 'a-slow.docx')),
        error: 'ingest: DOCX parsing took longer than 1000 ms (PARSE_TIMEOUT_MS); the file may be damaged or made to exhaust the parser',
      },
    ]);
    expect(report.documents).toBe(2);
    // A generous bound (thread start-ups under tsx included), far below the minutes the file took before.
    expect(seconds).toBeLessThan(30);
    expectAnswers(kbPath);
  }, 60_000);

  it('a DOCX that needs more memory than PARSE_MEMORY_MB is stopped and reported', async () => {
    // 50,000 short paragraphs in 20 KB: mammoth's document tree for them takes hundreds of MB.
    const swelling = makeDocx(join(dir, 'swelling.docx'), 50_000, '行政复议申请。');
    const inputs = folder('swelling', { 'swelling.docx': { copy: swelling } });
    const kbPath = join(dir, 'swelling.sqlite');
    const report = await runIngest({
      inputs: [CORPUS_DIR, inputs],
      kbPath,
      root: REPO_ROOT,
      limits: parseSettings({ PARSE_MEMORY_MB: '64' }),
    });
    expect(report.skipped).toEqual([
      {
        path: relative(REPO_ROOT, join(inputs, 'swelling.docx')),
        error: 'ingest: DOCX parsing needed more than 64 MB of memory (PARSE_MEMORY_MB); the file may be damaged or made to exhaust the parser',
      },
    ]);
    expect(report.documents).toBe(1);
    expectAnswers(kbPath);
  }, 60_000);

  it('a PDF whose stream inflates past PARSE_MEMORY_MB is stopped too, though PDF.js holds it outside the heap', async () => {
    // 256 MB of spaces in one compressed content stream, a file of 250 KB. PDF.js inflates it into
    // an ArrayBuffer, which the thread's heap limit does not count: the process's growth is watched.
    const bomb = join(dir, 'bomb.pdf');
    execFileSync('python3', ['-c', MAKE_PDF_BOMB, bomb, '256']);
    const inputs = folder('bomb', { 'bomb.pdf': { copy: bomb } });
    const report = await runIngest({
      inputs: [CORPUS_DIR, inputs],
      kbPath: join(dir, 'bomb.sqlite'),
      root: REPO_ROOT,
      limits: parseSettings({ PARSE_MEMORY_MB: '64' }),
    });
    expect(report.skipped).toEqual([
      {
        path: relative(REPO_ROOT, join(inputs, 'bomb.pdf')),
        error: 'ingest: PDF parsing needed more than 64 MB of memory (PARSE_MEMORY_MB); the file may be damaged or made to exhaust the parser',
      },
    ]);
    expect(report.documents).toBe(1);
  }, 60_000);
});

describe('npm run ingest', () => {
  it('takes the limits from the environment and parses DOCX in its thread under tsx', () => {
    const regulation = makeDocx(join(dir, 'script-regulation.docx'), 3, '第一条 为了规范行政复议工作，制定本办法。');
    const lines = Array.from({ length: 300 }, (_, i) => `第${i + 1}项工作已经按期完成。`);
    const inputs = folder('script', { 'regulation.docx': { copy: regulation }, 'many.txt': `某市工作报告\n${lines.join('\n')}\n` });
    const kbPath = join(dir, 'script.sqlite');
    const run = spawnSync('npm', ['run', '--silent', 'ingest', '--', CORPUS_DIR, inputs, '--kb', kbPath], {
      cwd: REPO_ROOT,
      env: { ...process.env, MAX_DOCUMENT_PASSAGES: '100' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('many.txt: ingest: splits into 300 passages, over the limit of 100 (MAX_DOCUMENT_PASSAGES)');
    expect(run.stdout).toMatch(/ingested 2 documents .*\(1 skipped\)/);
    expectAnswers(kbPath);
  }, 60_000);
});
