// Ingest under faults: broken files (truncated, binary, mis-encoded, 50 MB on one
// line, HTML nested 100,000 deep, damaged DOCX/PDF) are reported and skipped
// while the rest is ingested; ingest killed with SIGKILL at random moments (≥ 20
// trials, seeded) always leaves the previous knowledge base whole, openable and
// answering; temporary files of killed runs are cleared by the next run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { openKnowledgeBaseFile, removeStaleTempFiles } from '../../src/adapters/node/kb-file.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { CORPUS_DIR, REPO_ROOT, REPORT_FILE } from '../helpers/corpus-app.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-faults-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const QUESTION = '2021年市政府办结了多少件行政复议申请？';

/** Bytes from a seeded generator (no Math.random: the same files every run). */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('broken files are reported and skipped; the rest is ingested', () => {
  it('truncated, binary, mis-encoded, 50 MB on one line, nested 100,000 deep, damaged DOCX/PDF, empty', async () => {
    const inputs = join(dir, 'faults');
    mkdirSync(inputs);
    const report = readFileSync(REPORT_FILE);
    // Cut inside a multi-byte character: valid UTF-8 up to an incomplete sequence.
    let cut = 1000;
    while ((report[cut] & 0xc0) !== 0x80) cut++;
    writeFileSync(join(inputs, 'truncated.txt'), report.subarray(0, cut));
    writeFileSync(join(inputs, 'binary.txt'), noise(8192, 7));
    writeFileSync(join(inputs, 'latin1.txt'), Buffer.from('Gebühren für Bürger, Öffnungszeiten: café à la française.\n'.repeat(30), 'latin1'));
    writeFileSync(join(inputs, 'utf16.txt'), Buffer.from('\ufeff行政复议申请的办理情况。\n'.repeat(30), 'utf16le'));
    const line = Buffer.from('行政复议'.repeat(4096));
    const big = Buffer.alloc(50 * 1024 * 1024, line);
    writeFileSync(join(inputs, 'one-line-50mb.txt'), big);
    writeFileSync(join(inputs, 'nested.html'), `<html><body>${'<div>'.repeat(100_000)}<p>第一条 深层嵌套的页面。</p>${'</div>'.repeat(100_000)}</body></html>`);
    writeFileSync(join(inputs, 'unclosed.html'), `<html><body>${'<div><span>'.repeat(100_000)}行政复议`);
    writeFileSync(join(inputs, 'truncated.docx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), noise(2000, 11)]));
    writeFileSync(join(inputs, 'truncated.pdf'), Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog'));
    writeFileSync(join(inputs, 'empty.md'), '');

    const kbPath = join(dir, 'faults.sqlite');
    const started = performance.now();
    const result = await runIngest({ inputs: [CORPUS_DIR, inputs], kbPath, root: REPO_ROOT, full: true });
    const seconds = (performance.now() - started) / 1000;
    console.log(`ingest with 10 broken files: ${seconds.toFixed(2)} s; skipped:\n` + result.skipped.map((s) => `  ${s.path}: ${s.error}`).join('\n'));

    const reason = (name: string) => result.skipped.find((s) => s.path.endsWith(name))?.error;
    expect(reason('truncated.txt')).toMatch(/truncated: the file ends in the middle of a UTF-8 character/);
    expect(reason('binary.txt')).toMatch(/binary content|not valid UTF-8/);
    expect(reason('latin1.txt')).toMatch(/not valid UTF-8 or GB18030/);
    expect(reason('utf16.txt')).toMatch(/binary content|not valid/);
    expect(reason('one-line-50mb.txt')).toBe('ingest: file is 50.0 MB, over the 20 MB limit');
    expect(reason('nested.html')).toMatch(/HTML nested more than 10000 elements deep/);
    expect(reason('unclosed.html')).toMatch(/HTML nested more than 10000 elements deep/);
    expect(reason('truncated.docx')).toMatch(/DOCX could not be read/);
    expect(reason('truncated.pdf')).toMatch(/PDF could not be read/);
    expect(reason('empty.md')).toMatch(/empty file/);
    expect(result.skipped).toHaveLength(10);
    expect(result.documents).toBe(1);
    // How long it took is printed above, not asserted; the test's own timeout is the bound against a hang.

    const service = loadService(kbPath, DEFAULT_SETTINGS);
    expect(service.ask(QUESTION).answer).toContain('108件');
    closeService(service);
  }, 120_000);

  it('parses HTML nested just under the limit in linear time, without recursion', async () => {
    const inputs = join(dir, 'deep');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'deep.html'), `<html><head><title>深层页面</title></head><body>${'<div>'.repeat(9000)}<p>深层嵌套页面里的行政复议段落。</p>${'</div>'.repeat(9000)}</body></html>`);
    const result = await runIngest({ inputs: [inputs], kbPath: join(dir, 'deep.sqlite'), root: REPO_ROOT, full: true });
    expect(result.skipped).toEqual([]);
    expect(result.passages).toBeGreaterThan(0);
  });
});

describe('stale temporary files', () => {
  it('a run removes temp files of dead ingest processes and keeps a live one’s', async () => {
    const kbDir = join(dir, 'stale');
    mkdirSync(kbDir);
    const kbPath = join(kbDir, 'kb.sqlite');
    // A pid that is certainly gone: a child that has exited.
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid!));
    });
    writeFileSync(`${kbPath}.tmp-${dead}`, 'half a knowledge base');
    writeFileSync(`${kbPath}.tmp-${process.ppid}`, 'another run, still going');
    writeFileSync(`${kbPath}.tmp-${dead}-journal`, 'its journal');
    writeFileSync(`${kbPath}.tmp-notapid`, 'not ours');
    await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
    expect(readdirSync(kbDir).sort()).toEqual(['kb.sqlite', `kb.sqlite.tmp-${process.ppid}`, 'kb.sqlite.tmp-notapid'].sort());
    expect(removeStaleTempFiles(kbPath)).toEqual([]);
  });
});

describe('SIGKILL during ingest', () => {
  const TRIALS = 24;

  /** mulberry32 */
  function prng(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  interface Run {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    /** ms from spawn until the temporary file was first seen (undefined: never seen). */
    tmpSeenAt?: number;
    /** ms from spawn until it was renamed into place (gone again). */
    tmpGoneAt?: number;
    /** whether the temporary file existed when the kill was sent */
    tmpAtKill: boolean;
    ms: number;
  }

  /**
   * Runs `npm run ingest` (as scripts/ingest.ts) into kbPath, SIGKILLed if still running
   * `kill.afterMs` after spawn, or `kill.afterWriteMs` after its temporary file appears.
   */
  function ingestProcess(inputs: string[], kbPath: string, kill: { afterMs?: number; afterWriteMs?: number } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...inputs, '--kb', kbPath, '--full'], {
        cwd: REPO_ROOT,
        stdio: 'ignore',
      });
      const tmp = `${kbPath}.tmp-${child.pid}`;
      let tmpSeenAt: number | undefined;
      let tmpGoneAt: number | undefined;
      let tmpAtKill = false;
      let killer: ReturnType<typeof setTimeout> | undefined;
      const killLater = (ms: number) =>
        (killer = setTimeout(() => {
          tmpAtKill = existsSync(tmp);
          child.kill('SIGKILL');
        }, ms));
      const poll = setInterval(() => {
        if (tmpSeenAt === undefined && existsSync(tmp)) {
          tmpSeenAt = performance.now() - started;
          if (kill.afterWriteMs !== undefined) killLater(kill.afterWriteMs);
        } else if (tmpSeenAt !== undefined && tmpGoneAt === undefined && !existsSync(tmp)) {
          tmpGoneAt = performance.now() - started;
        }
      }, 2);
      if (kill.afterMs !== undefined) killLater(kill.afterMs);
      // A bound on each run, whatever happens.
      const bound = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (exitCode, signal) => {
        clearInterval(poll);
        clearTimeout(killer);
        clearTimeout(bound);
        resolve({ exitCode, signal, tmpSeenAt, tmpGoneAt, tmpAtKill, ms: performance.now() - started });
      });
    });
  }

  it(`${TRIALS} kills at random moments always leave the previous knowledge base intact and answering`, async () => {
    const kbDir = join(dir, 'killed');
    mkdirSync(kbDir);
    const kbPath = join(kbDir, 'kb.sqlite');
    // Enough statutes that writing the file takes a while, so kills land inside it too.
    const inputs = ['corpus', '../shared/stard/laws/民法典', '../shared/stard/laws/刑法'];
    const calibration = await ingestProcess(inputs, kbPath);
    expect(calibration.exitCode).toBe(0);
    const passages = openKnowledgeBaseFile(kbPath);
    const expectedPassages = passages.meta.passageCount;
    passages.close();
    const writeMs = (calibration.tmpGoneAt ?? calibration.ms) - (calibration.tmpSeenAt ?? calibration.ms * 0.8);
    const random = prng(0x8_0008);
    let killedWhileWriting = 0;
    let completed = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      // Half the kills at any moment of a run, half while it writes the temporary file.
      const run = await ingestProcess(
        inputs,
        kbPath,
        trial % 2 === 0 ? { afterMs: random() * calibration.ms * 1.05 } : { afterWriteMs: random() * writeMs },
      );
      if (run.signal === 'SIGKILL' && run.tmpAtKill) killedWhileWriting++;
      if (run.exitCode === 0) completed++;
      // The knowledge base at KB_PATH is whole: it opens, has every passage and answers.
      const store = openKnowledgeBaseFile(kbPath);
      expect(store.meta.passageCount, `trial ${trial}`).toBe(expectedPassages);
      store.close();
      const service = loadService(kbPath, DEFAULT_SETTINGS);
      expect(service.ask(QUESTION).answer, `trial ${trial}`).toContain('108件');
      closeService(service);
      // At most the one temp file of the run just killed is left; each run clears its predecessors'.
      const temps = readdirSync(kbDir).filter((n) => n.includes('.tmp-'));
      const runs = new Set(temps.map((n) => n.replace(/-journal$/, '')));
      expect(runs.size, `trial ${trial}: ${temps.join(', ')}`).toBeLessThanOrEqual(1);
    }
    console.log(`SIGKILL during ingest: a run takes ${calibration.ms.toFixed(0)} ms, writing ${writeMs.toFixed(0)} ms of it; ${TRIALS} trials, ${killedWhileWriting} killed while writing the temp file, ${completed} finished first; previous knowledge base intact every time`);
    expect(killedWhileWriting).toBeGreaterThanOrEqual(TRIALS / 4);
    // The next run clears what the last killed run left.
    await runIngest({ inputs, kbPath, root: REPO_ROOT });
    expect(readdirSync(kbDir)).toEqual(['kb.sqlite']);
  }, 300_000);
});
