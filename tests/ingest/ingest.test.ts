// Ingestion on Node: corpus → knowledge-base file → service round trip, malformed files reported and skipped, atomic replacement that never damages the old file, and readers unaffected by a rewrite.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest, type IngestReport } from '../../src/adapters/node/ingest.js';
import { openKnowledgeBaseFile, readKnowledgeBaseBuild, writeKnowledgeBaseFile } from '../../src/adapters/node/kb-file.js';
import { loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import type { KnowledgeBaseBuild } from '../../src/model/store.js';
import { KB_FORMAT_VERSION } from '../../src/model/store.js';
import { buildPassages } from '../../src/ingest/passages.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { readDocument } from '../../src/ingest/read-document.js';
import type { AskResponse } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { CORPUS_DIR, REPO_ROOT, REPORT_FILE, REPORT_ID } from '../helpers/corpus-app.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-ingest-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tmpLeftovers = (folder: string) => readdirSync(folder).filter((name) => /\.tmp-/.test(name));

describe('ingest then serve the bundled corpus', () => {
  let kbPath: string;
  let report: IngestReport;

  beforeAll(async () => {
    kbPath = join(dir, 'serve', 'nested', 'kb.sqlite'); // folders that do not exist yet
    report = await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
  });

  it('reports one document, its passages and nothing skipped', () => {
    expect(report.kbPath).toBe(kbPath);
    expect(report.documents).toBe(1);
    expect(report.passages).toBeGreaterThan(20);
    expect(report.skipped).toEqual([]);
    expect(existsSync(kbPath)).toBe(true);
    expect(tmpLeftovers(dirname(kbPath))).toEqual([]);
  });

  it('writes a file that reads back with the same documents and passages', async () => {
    const snapshot = readKnowledgeBaseBuild(kbPath);
    expect(snapshot.meta.version).toBe(KB_FORMAT_VERSION);
    expect(snapshot.passages).toHaveLength(report.passages);
    expect(snapshot.index.bodyLengths).toHaveLength(report.passages);
    expect(snapshot.documents).toHaveLength(1);
    const [doc] = snapshot.documents;
    expect(doc.id).toBe(REPORT_ID);
    expect(doc.path).toBe('corpus/yangjiang-2021-law-based-government-report.txt');
    expect(doc.title).toBe('阳江市人民政府2021年法治政府建设年度报告');
    expect(doc.source).toBe('阳江市人民政府办公室');
    expect(doc.publishedAt).toBe('2022-01-26');
    expect(doc.year).toBe(2021);
    expect(doc.type).toBe('报告');
    // Same paragraphs and passages as parsing the file directly.
    const parsed = await readDocument(REPORT_FILE, readFileSync(REPORT_FILE));
    expect(snapshot.paragraphs[0].map(({ n, level, text }) => ({ n, level, text }))).toEqual(
      parsed.paragraphs.map(({ n, level, text }) => ({ n, level, text })),
    );
    // Each with its match form, made at ingest so serving never converts candidate text.
    expect(snapshot.passages).toEqual(
      buildPassages(REPORT_ID, parsed.paragraphs).map((p) => ({ ...p, match: normalizeForMatch(p.heading.join(' ') + ' ' + p.text) })),
    );
    // The index finds the 纠错率 passage under its whole numbers and words.
    const i = snapshot.passages.findIndex((p) => p.text.includes('纠错率达29.6%'));
    const store = openKnowledgeBaseFile(kbPath);
    for (const term of ['108件', '29.6%', '行政复议']) expect([...(store.postings(term)?.ids ?? [])]).toContain(i);
    // The headings alone (what the suggestion index reads at start-up), the same from the file as from the build.
    const headings = store.headingParagraphs();
    expect(headings).toEqual(snapshot.paragraphs[0].filter((p) => p.level > 0).map((p) => ({ docOrd: 0, text: p.text })));
    expect(headings.map((h) => h.text)).toContain('一、2021年法治政府建设情况');
    store.close();
  });

  it('reading never modifies the file', () => {
    const before = readFileSync(kbPath);
    readKnowledgeBaseBuild(kbPath);
    loadService(kbPath, DEFAULT_SETTINGS).ask(QUESTION);
    expect(readFileSync(kbPath).equals(before)).toBe(true);
  });

  it('serves answers from the loaded file', async () => {
    const service = loadService(kbPath, DEFAULT_SETTINGS);
    expect(service.kb.passageCount).toBe(report.passages);
    const answer = service.ask(QUESTION);
    expect(answer.answer).toContain('108件');
    const app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
    const res = await app.request(`/api/ask?q=${encodeURIComponent(QUESTION)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as AskResponse;
    expect(body.answer).toContain('108件');
    expect(body.citations[0].text).toContain('纠错率达29.6%');
  });

  it('refuses a missing knowledge-base file with a clear message', () => {
    expect(() => openKnowledgeBaseFile(join(dir, 'missing.sqlite'))).toThrow(/^knowledge base: no file at/);
  });
});

describe('a folder with malformed files', () => {
  let root: string;
  let kbPath: string;
  let report: IngestReport;
  const GOOD = '阳江 报告(2021).txt';

  beforeAll(async () => {
    root = join(dir, 'mixed');
    const docs = join(root, 'docs');
    mkdirSync(docs, { recursive: true });
    copyFileSync(REPORT_FILE, join(docs, GOOD));
    writeFileSync(join(docs, 'empty.txt'), '');
    writeFileSync(join(docs, 'binary.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    writeFileSync(
      join(docs, 'broken.html'),
      Buffer.concat([Buffer.from('<html><body><p>'), Buffer.from([0xff, 0xfe, 0xff, 0xfe, 0xff, 0xff]), Buffer.from('</p></body></html>')]),
    );
    writeFileSync(join(docs, 'chrome-only.html'), '<html><body><nav>首页</nav><div class="footer">主办单位:某某</div></body></html>');
    writeFileSync(join(docs, '.hidden.txt'), '隐藏文件不应被读取。');
    writeFileSync(join(docs, 'notes.sqlite'), 'not a document');
    writeFileSync(join(root, 'scan.pdf'), '%PDF-1.4 binary');
    kbPath = join(root, 'out', 'kb.sqlite');
    report = await runIngest({
      inputs: [docs, join(root, 'scan.pdf'), join(root, 'no-such-folder')],
      kbPath,
      root,
    });
  });

  it('ingests the one good document', () => {
    expect(report.documents).toBe(1);
    const snapshot = readKnowledgeBaseBuild(kbPath);
    expect(snapshot.documents.map((d) => [d.id, d.path])).toEqual([['阳江-报告-2021', `docs/${GOOD}`]]);
    expect(snapshot.passages.length).toBe(report.passages);
  });

  it('reports every bad input by path with an ingest: reason', () => {
    const byName = new Map(report.skipped.map((s) => [basename(s.path), s.error]));
    expect(byName.get('empty.txt')).toMatch(/^ingest: empty file/);
    expect(byName.get('binary.txt')).toMatch(/^ingest: binary content/);
    expect(byName.get('broken.html')).toMatch(/^ingest: not valid UTF-8 or GB18030/);
    expect(byName.get('chrome-only.html')).toMatch(/^ingest: no text paragraphs/);
    expect(byName.get('scan.pdf')).toMatch(/^ingest: PDF could not be read \(.+\); the file may be damaged or not a PDF$/);
    expect(byName.get('no-such-folder')).toMatch(/^ingest: no such file or folder/);
    expect(report.skipped).toHaveLength(6);
    // Files read from the folder are reported relative to the root.
    for (const name of ['empty.txt', 'binary.txt', 'broken.html', 'chrome-only.html']) {
      expect(report.skipped.find((s) => basename(s.path) === name)?.path).toBe(`docs/${name}`);
    }
    // Hidden files and unsupported files found while walking a folder are not documents and not errors.
    expect(byName.has('.hidden.txt')).toBe(false);
    expect(byName.has('notes.sqlite')).toBe(false);
  });

  it('serves the good document, with citation links that resolve for a non-ASCII id', async () => {
    const service = loadService(kbPath, DEFAULT_SETTINGS);
    const app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
    const body = service.ask(QUESTION);
    expect(body.answer).toContain('108件');
    expect(body.citations[0].url.startsWith(`/doc/${encodeURIComponent('阳江-报告-2021')}?hl=`)).toBe(true);
    for (const c of body.citations) {
      const res = await app.request(c.url);
      expect(res.status, c.url).toBe(200);
      expect(await res.text()).toContain(`id="p-${c.paragraph}"`);
    }
  });

  it('gives files with the same name distinct ids', async () => {
    const twins = join(dir, 'twins');
    mkdirSync(join(twins, 'a'), { recursive: true });
    mkdirSync(join(twins, 'b'), { recursive: true });
    copyFileSync(REPORT_FILE, join(twins, 'a', 'report.txt'));
    copyFileSync(REPORT_FILE, join(twins, 'b', 'report.md'));
    const out = join(dir, 'twins-kb', 'kb.sqlite');
    const r = await runIngest({ inputs: [twins], kbPath: out, root: twins });
    expect(r.documents).toBe(2);
    const ids = readKnowledgeBaseBuild(out).documents.map((d) => d.id);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toEqual(['report', 'report-2']);
  });
});

describe('atomic replacement', () => {
  let folder: string;
  let kbPath: string;
  let original: Buffer;

  beforeAll(async () => {
    folder = join(dir, 'atomic');
    kbPath = join(folder, 'kb.sqlite');
    await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
    original = readFileSync(kbPath);
  });

  it('a failed ingest rejects with ingest: and leaves the old file byte-identical and loadable', async () => {
    const bad = join(dir, 'atomic-bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'empty.txt'), '');
    writeFileSync(join(bad, 'binary.md'), Buffer.from([0x00, 0x01, 0x02]));
    writeFileSync(join(bad, 'scan.pdf'), '%PDF');

    for (const inputs of [[bad], [join(bad, 'empty.txt'), join(bad, 'scan.pdf')], [join(dir, 'nothing-here')]]) {
      let error: unknown;
      await runIngest({ inputs, kbPath, root: dir }).catch((err: unknown) => {
        error = err;
      });
      expect(error, inputs.join()).toBeInstanceOf(Error);
      expect((error as Error).message.startsWith('ingest:')).toBe(true);
      expect((error as Error).message).toContain('left unchanged');
      expect(readFileSync(kbPath).equals(original)).toBe(true);
      expect(tmpLeftovers(folder)).toEqual([]);
    }

    const service = loadService(kbPath, DEFAULT_SETTINGS);
    expect(service.ask(QUESTION).answer).toContain('108件');
  });

  it('a write that fails midway removes its temp file and leaves the old file intact', () => {
    const snapshot = readKnowledgeBaseBuild(kbPath);
    const broken: KnowledgeBaseBuild = { ...snapshot, paragraphs: [] };
    expect(() => writeKnowledgeBaseFile(broken, kbPath)).toThrow();
    expect(readFileSync(kbPath).equals(original)).toBe(true);
    expect(tmpLeftovers(folder)).toEqual([]);
    expect(readKnowledgeBaseBuild(kbPath).passages).toHaveLength(snapshot.passages.length);
  });

  it('rewriting the file under a loaded service keeps the old service answering', async () => {
    const saved = readKnowledgeBaseBuild(kbPath);
    const oldService = loadService(kbPath, DEFAULT_SETTINGS);
    const oldCount = oldService.kb.passageCount;

    // Replace the file with a different, tiny knowledge base.
    const other = join(dir, 'other-doc');
    mkdirSync(other, { recursive: true });
    writeFileSync(
      join(other, 'plan.md'),
      '# 江城区2022年普法工作要点\n\n## 一、总体要求\n\n全区开展“八五”普法中期评估,组织宪法宣传周活动12场。\n',
    );
    const r = await runIngest({ inputs: [other], kbPath, root: other });
    expect(r.documents).toBe(1);
    expect(readFileSync(kbPath).equals(original)).toBe(false);
    expect(tmpLeftovers(folder)).toEqual([]);

    // The service loaded before the rewrite still has the whole report.
    expect(oldService.kb.passageCount).toBe(oldCount);
    expect(oldService.ask(QUESTION).answer).toContain('108件');
    expect(oldService.search('纠错率').results[0].text).toContain('29.6%');

    // A fresh load sees only the new file.
    const newService = loadService(kbPath, DEFAULT_SETTINGS);
    expect(newService.kb.documents().map((d) => d.id)).toEqual(['plan']);
    expect(newService.search('宪法宣传周').results[0].text).toContain('12场');
    expect(newService.search('纠错率').results).toEqual([]);

    // And writing the old snapshot back restores it exactly as a knowledge base.
    writeKnowledgeBaseFile(saved, kbPath);
    expect(loadService(kbPath, DEFAULT_SETTINGS).ask(QUESTION).answer).toContain('108件');
    expect(tmpLeftovers(folder)).toEqual([]);
  });
});
