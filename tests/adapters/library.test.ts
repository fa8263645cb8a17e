// Library management on Node (src/adapters/node/library.ts): real DOCX and PDF uploads,
// their previews and frame corrections, publishing and withdrawing through the real
// rebuild thread and a real reload, refused files leaving nothing behind, one rebuild
// at a time, and the audit list outliving a restart. The questions are asked of the
// reloaded service, as a citizen's /api/ask would.
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest, readFrameOverride } from '../../src/adapters/node/ingest.js';
import { openLibrary, sanitizeFileName, sniffType } from '../../src/adapters/node/library.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { LibraryError, parseFrameCorrection, type LibraryManager } from '../../src/staff/library-audit.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';
import { makeDocument, PARKS_PDF, WATER_DOCX } from './library-fixtures.js';

const WATER_QUESTION = '云浮市2025年新建了多少座农村集中供水工程？';
const PARKS_QUESTION = '肇庆市2025年新增公园绿地面积多少公顷？';

let dir: string;
let kbPath: string;
let libraryDir: string;
let service: QaService;
let reloads = 0;
let library: LibraryManager;
let docx: Buffer;
let pdf: Buffer;

const settings = () => ({ ...DEFAULT_SETTINGS, KB_PATH: kbPath, CORPUS_DIR, LIBRARY_DIR: libraryDir, UPLOAD_MAX_BYTES: 200_000 });

function open(): LibraryManager {
  return openLibrary({
    settings: settings(),
    root: REPO_ROOT,
    reload: async () => {
      const started = performance.now();
      const fresh = loadService(kbPath, DEFAULT_SETTINGS);
      const old = service;
      service = fresh;
      closeService(old);
      reloads++;
      return { passages: fresh.kb.passageCount, builtAt: fresh.kb.builtAt, ms: Math.round(performance.now() - started) };
    },
  });
}

async function refusal(work: () => unknown): Promise<LibraryError> {
  try {
    await work();
  } catch (err) {
    expect(err).toBeInstanceOf(LibraryError);
    return err as LibraryError;
  }
  throw new Error('expected a LibraryError');
}

/** Every file under the library folder but its database: what a refused upload must not add to. */
function libraryFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.startsWith('library.sqlite')) out.push(p);
    }
  };
  walk(libraryDir);
  return out.sort();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-library-'));
  kbPath = join(dir, 'kb.sqlite');
  libraryDir = join(dir, 'library');
  await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
  service = loadService(kbPath, DEFAULT_SETTINGS);
  docx = makeDocument('docx', WATER_DOCX);
  pdf = makeDocument('pdf', PARKS_PDF);
  library = open();
}, 60_000);

afterAll(async () => {
  await library?.idle();
  library?.close();
  closeService(service);
  rmSync(dir, { recursive: true, force: true });
});

describe('file names and types', () => {
  it('keeps the last path segment only, safe characters, a supported extension', () => {
    expect(sanitizeFileName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(sanitizeFileName('C:\\Users\\x\\..\\云浮 供水 总结.DOCX')).toBe('云浮-供水-总结.docx');
    expect(sanitizeFileName('.hidden.md')).toBe('hidden.md');
    expect(sanitizeFileName('a<script>.html')).toBe('a-script.html');
    expect(() => sanitizeFileName('report.exe')).toThrow(/unsupported file type/);
    expect(() => sanitizeFileName('report')).toThrow(/unsupported file type/);
  });

  it('checks the content against the extension', () => {
    expect(() => sniffType('a.pdf', new TextEncoder().encode('<html>not a pdf</html>'))).toThrow(/not a PDF/);
    expect(() => sniffType('a.docx', new TextEncoder().encode('plain text'))).toThrow(/not a Word document/);
    expect(() => sniffType('a.txt', pdf)).toThrow(/binary content/);
    expect(() => sniffType('a.txt', Uint8Array.from([0x68, 0x00, 0x69]))).toThrow(/binary content/);
    expect(() => sniffType('a.pdf', pdf)).not.toThrow();
    expect(() => sniffType('a.docx', docx)).not.toThrow();
  });
});

describe('the correction form and ingest read a frame alike', () => {
  const cases: Record<string, string>[] = [
    { region: '云南省' },
    { region: '滇', kind: '政府工作报告', reviewedYear: '2025' },
    { region: '全国' },
    { region: '亚特兰蒂斯' },
    { region: 'x'.repeat(41) },
    { kind: '工作报告', plannedYear: '2026' },
    { reviewedYear: '1900' },
    { reviewedYear: '2101' },
    { plannedYear: '2030' },
    { title: '肇庆市2025年城市公园绿地建设情况' },
    { title: '报'.repeat(201) },
    { url: 'https://www.example.gov.cn/zwgk/post_1.html' },
    { url: 'javascript:alert(1)' },
    { url: '/zwgk/post_1.html' },
    { title: '公园绿地建设情况', url: 'http://www.example.gov.cn/a.html', region: '肇庆市' },
  ];
  it.each(cases)('%o', (form) => {
    let ours: unknown;
    try {
      ours = parseFrameCorrection(form);
    } catch (err) {
      ours = err instanceof LibraryError ? 'refused' : err;
    }
    // The same values as a sidecar, read by ingest's own reader.
    const sidecarDir = mkdtempSync(join(tmpdir(), 'policy-qa-sidecar-'));
    const json = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, k.endsWith('Year') ? Number(v) : v]));
    writeFileSync(join(sidecarDir, 'doc.meta.json'), JSON.stringify(json));
    let theirs: unknown;
    try {
      theirs = readFrameOverride(join(sidecarDir, 'doc.txt'));
    } catch {
      theirs = 'refused';
    }
    rmSync(sidecarDir, { recursive: true, force: true });
    expect(ours).toEqual(theirs);
  });
});

const PARKS_TITLE = '肇庆市2025年城市公园绿地建设情况报告';
const PARKS_URL = 'https://www.example.gov.cn/zwgk/post_2025.html';

describe('upload, correct, publish, ask, withdraw', () => {
  let waterId: string;
  let parksId: string;

  it('stages a DOCX with its inferred frame and the passages it becomes', async () => {
    const upload = await library.add({ name: '云浮市2025年城乡供水一体化工作总结.docx', bytes: docx }, '张三');
    waterId = upload.id;
    expect(upload.state).toBe('staged');
    expect(upload.frame).toMatchObject({ title: '云浮市2025年城乡供水一体化工作总结', region: '云浮市', kind: '工作报告', reviewed: '2025', planned: '2026' });
    expect(upload.passageCount).toBe(4);
    expect(upload.passages[0]).toEqual({
      heading: ['一、2025年工作成效', '（一）农村供水工程建设'],
      text: '全年新建农村集中供水工程46座，改造老旧供水管网318公里，农村自来水普及率达到98.6%。',
    });
    expect(existsSync(join(libraryDir, 'staged', upload.id, upload.fileName))).toBe(true);
    // Not published yet: the knowledge base does not know it.
    expect(service.ask(WATER_QUESTION).answer).toBeNull();
  });

  it('stages a PDF whose region is unknown until corrected; the sidecar is what ingest reads', async () => {
    const upload = await library.add({ name: 'parks.pdf', bytes: pdf }, '李四');
    parksId = upload.id;
    expect(upload.frame).toMatchObject({ title: '2025年城市公园绿地建设情况报告', region: null, reviewed: '2025' });
    expect(upload.passages.map((p) => p.text)).toContain('全年新增公园绿地面积126公顷，新建口袋公园38个，建成绿道74公里。');
    const bad = await refusal(() => library.correct(parksId, parseFrameCorrection({ region: '亚特兰蒂斯' }), '李四'));
    expect(bad.status).toBe(400);
    const corrected = await library.correct(
      parksId,
      parseFrameCorrection({ title: PARKS_TITLE, region: '肇庆市', kind: '', reviewedYear: '2025', url: PARKS_URL }),
      '李四',
    );
    expect(corrected.frame).toMatchObject({ title: PARKS_TITLE, region: '肇庆市', reviewed: '2025', planned: '2026' });
    expect(corrected.frame.overridden).toEqual(['title', 'region', 'reviewedYear', 'url']);
    const sidecar = join(libraryDir, 'staged', parksId, 'parks.meta.json');
    const expected = { title: PARKS_TITLE, url: PARKS_URL, region: '肇庆市', reviewedYear: 2025 };
    expect(JSON.parse(readFileSync(sidecar, 'utf8'))).toEqual(expected);
    expect(readFrameOverride(join(libraryDir, 'staged', parksId, 'parks.pdf'))).toEqual(expected);
  });

  it('refuses a corrupt DOCX, a fake PDF, an oversized file and an unknown type, leaving nothing behind', async () => {
    const before = libraryFiles();
    const kbBefore = readFileSync(kbPath);
    const corrupt = await refusal(() => library.add({ name: 'broken.docx', bytes: docx.subarray(0, 300) }, '张三'));
    expect(corrupt.status).toBe(422);
    expect(corrupt.detail).toMatch(/DOCX could not be read/);
    const fake = await refusal(() => library.add({ name: 'page.pdf', bytes: Buffer.from('<html><body>not a pdf</body></html>') }, '张三'));
    expect(fake.status).toBe(415);
    const big = await refusal(() => library.add({ name: 'big.txt', bytes: Buffer.alloc(200_001, 0x61) }, '张三'));
    expect(big.status).toBe(413);
    const exe = await refusal(() => library.add({ name: 'setup.exe', bytes: Buffer.from('MZ') }, '张三'));
    expect(exe.status).toBe(415);
    const scan = await refusal(() => library.add({ name: 'scan.pdf', bytes: makeDocument('pdf', [[]]) }, '张三'));
    expect(scan.detail).toMatch(/no text layer/);
    expect(libraryFiles()).toEqual(before);
    expect(readFileSync(kbPath).equals(kbBefore)).toBe(true);
    expect(library.uploads().map((u) => u.id).sort()).toEqual([waterId, parksId].sort());
    const rejects = library.audit(10).filter((a) => a.action === 'reject');
    expect(rejects.map((a) => a.document)).toEqual(['scan.pdf', 'setup.exe', 'big.txt', 'page.pdf', 'broken.docx']);
  }, 30_000);

  it('publishes in the background, one rebuild at a time, and the new document answers', async () => {
    const started = library.publish(waterId, '张三');
    expect(started.state).toBe('running');
    // A second rebuild while one runs: 409, and nothing moves.
    const busy = await refusal(() => library.publish(parksId, '李四'));
    expect(busy.status).toBe(409);
    expect(existsSync(join(libraryDir, 'staged', parksId))).toBe(true);
    // The old knowledge base serves until the swap.
    expect(service.ask(WATER_QUESTION).answer).toBeNull();
    await library.idle();
    const status = library.status();
    expect(status).toMatchObject({ state: 'done', action: 'publish', stage: 'reload' });
    expect(status.total).toBe(2);
    expect(reloads).toBe(1);
    const upload = library.upload(waterId)!;
    expect(upload.state).toBe('published');
    expect(upload.docId).toBeTruthy();
    const answer = service.ask(WATER_QUESTION);
    expect(answer.answer).toContain('46座');
    expect(answer.citations[0].docId).toBe(upload.docId);
    // The bundled report still answers.
    expect(service.ask('2021年市政府办结了多少件行政复议申请？').answer).toContain('108件');
  }, 60_000);

  it('publishes the corrected PDF: its question is answered from it, with the corrected region', async () => {
    expect(service.ask(PARKS_QUESTION).answer).toBeNull();
    library.publish(parksId, '李四');
    await library.idle();
    expect(library.status().state).toBe('done');
    const answer = service.ask(PARKS_QUESTION);
    expect(answer.answer).toContain('126公顷');
    expect(answer.citations[0].docId).toBe(library.upload(parksId)!.docId);
    expect(answer.citations[0].region).toBe('肇庆市');
    // The corrected title and original page address are the document's own from now on.
    expect(answer.citations[0].title).toBe(PARKS_TITLE);
    expect(answer.citations[0].sourceUrl).toBe(PARKS_URL);
  }, 60_000);

  it('withdraws a published upload: rebuilt without it, its question no longer answered from it', async () => {
    const docId = library.upload(waterId)!.docId!;
    library.withdraw(waterId, '王五');
    await library.idle();
    expect(library.status()).toMatchObject({ state: 'done', action: 'withdraw' });
    expect(service.kb.document(docId)).toBeUndefined();
    expect(service.ask(WATER_QUESTION).answer).toBeNull();
    expect(library.upload(waterId)).toBeUndefined();
    expect(existsSync(join(libraryDir, 'withdrawn', waterId))).toBe(true);
    // The other upload stays.
    expect(service.ask(PARKS_QUESTION).answer).toContain('126公顷');
  }, 60_000);

  it('a rebuild that cannot ingest the upload fails, puts it back and leaves the served answers as they were', async () => {
    const upload = await library.add({ name: 'notice.txt', bytes: Buffer.from('某市停水通知\n因管网维修，本市部分区域将于明日停水。\n') }, '张三');
    // Damaged on disk after it was checked (a disk fault, a hand edit): ingest now skips it.
    writeFileSync(join(libraryDir, 'staged', upload.id, 'notice.txt'), Buffer.from([0x00, 0x01, 0x02]));
    const passages = service.kb.passageCount;
    library.publish(upload.id, '张三');
    await library.idle();
    expect(library.status()).toMatchObject({ state: 'failed', action: 'publish' });
    expect(library.status().message).toMatch(/notice\.txt: .*binary content/);
    expect(library.upload(upload.id)?.state).toBe('staged');
    expect(existsSync(join(libraryDir, 'staged', upload.id, 'notice.txt'))).toBe(true);
    expect(existsSync(join(libraryDir, 'published', upload.id))).toBe(false);
    expect(service.kb.passageCount).toBe(passages);
    expect(service.ask(PARKS_QUESTION).answer).toContain('126公顷');
    expect(library.audit(1)[0]).toMatchObject({ action: 'rebuild-failed', who: '张三', document: 'notice.txt' });
    library.discard(upload.id, '张三');
  }, 60_000);

  it('puts back an upload a rebuild had moved when the server stopped before the swap', async () => {
    const upload = await library.add({ name: 'memo.md', bytes: Buffer.from('# 备忘\n\n这是一份用于测试中断恢复的备忘。\n') }, '张三');
    library.close();
    // As publish leaves it mid-rebuild: moved to published/, still recorded as staged.
    renameSync(join(libraryDir, 'staged', upload.id), join(libraryDir, 'published', upload.id));
    library = open();
    expect(library.upload(upload.id)?.state).toBe('staged');
    expect(existsSync(join(libraryDir, 'staged', upload.id, 'memo.md'))).toBe(true);
    expect(existsSync(join(libraryDir, 'published', upload.id))).toBe(false);
    library.discard(upload.id, '张三');
  });

  it('keeps the audit list (what, who, when) across a restart', async () => {
    library.close();
    library = open();
    const audit = library.audit(100);
    const lines = audit.map((a) => [a.action, a.who, a.document]);
    expect(lines).toContainEqual(['upload', '张三', '云浮市2025年城乡供水一体化工作总结.docx']);
    expect(lines).toContainEqual(['upload', '李四', 'parks.pdf']);
    expect(lines).toContainEqual(['correct', '李四', 'parks.pdf']);
    expect(lines).toContainEqual(['publish', '张三', '云浮市2025年城乡供水一体化工作总结.docx']);
    expect(lines).toContainEqual(['publish', '李四', 'parks.pdf']);
    expect(lines).toContainEqual(['withdraw', '王五', '云浮市2025年城乡供水一体化工作总结.docx']);
    expect(audit.find((a) => a.action === 'correct')?.detail).toBe(`title=${PARKS_TITLE}, url=${PARKS_URL}, region=肇庆市, reviewedYear=2025`);
    for (const a of audit) expect(Date.now() - Date.parse(a.at)).toBeLessThan(600_000);
    expect(library.uploads().map((u) => [u.id, u.state])).toEqual([[parksId, 'published']]);
  });

  it('discards a staged upload', async () => {
    const upload = await library.add({ name: 'note.md', bytes: Buffer.from('# 临时说明\n\n这是一份用于测试删除的说明。\n') }, '张三');
    library.discard(upload.id, '张三');
    expect(library.upload(upload.id)).toBeUndefined();
    expect(existsSync(join(libraryDir, 'staged', upload.id))).toBe(false);
    expect(library.audit(1)[0]).toMatchObject({ action: 'discard', who: '张三', document: 'note.md' });
  });
});
