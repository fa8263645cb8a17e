// scripts/build-worker.ts and a knowledge base of an older format at KB_PATH: it rebuilds only a file that
// start-up (or build:worker itself) built from CORPUS_DIR; an operator's own file is refused and left untouched
// (it used to be replaced by a build of CORPUS_DIR alone — an all-statutes file turned into the bundled report).
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { KB_FORMAT_VERSION } from '../../src/model/store.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';

const run = promisify(execFile);
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;

/** Rewrites the file's meta as an older format, with or without start-up's mark. */
function ageKnowledgeBase(path: string, builtBy?: { command: 'start'; corpusDir: string }) {
  const db = new Database(path);
  const row = db.prepare("SELECT value FROM meta WHERE key = 'meta'").get() as { value: string };
  const meta = { ...JSON.parse(row.value), version: KB_FORMAT_VERSION - 1 };
  if (builtBy) meta.builtBy = builtBy;
  else delete meta.builtBy;
  db.prepare("UPDATE meta SET value = ? WHERE key = 'meta'").run(JSON.stringify(meta));
  db.close();
}

async function buildWorker(kbPath: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(TSX, ['scripts/build-worker.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, KB_PATH: kbPath, CORPUS_DIR, WORKER_OUT_DIR: join(dir, 'out') },
    });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

const versionOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  const meta = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'meta'").get() as { value: string }).value) as { version: number };
  db.close();
  return meta.version;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pq-build-worker-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build:worker and an older knowledge-base format', () => {
  it("refuses an operator's file with what to run, and leaves it byte for byte", async () => {
    const kbPath = join(dir, 'operator.sqlite');
    await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
    ageKnowledgeBase(kbPath);
    const before = readFileSync(kbPath);
    const { code, stderr } = await buildWorker(kbPath);
    expect(code).toBe(1);
    expect(stderr).toMatch(/re-run npm run ingest/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(kbPath).equals(before)).toBe(true);
  }, 120_000);

  it('rebuilds a file start-up built from CORPUS_DIR', async () => {
    const kbPath = join(dir, 'started.sqlite');
    await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
    ageKnowledgeBase(kbPath, { command: 'start', corpusDir: CORPUS_DIR });
    const { code, stderr } = await buildWorker(kbPath);
    expect(stderr).toMatch(/building it from/);
    expect(code).toBe(0);
    expect(versionOf(kbPath)).toBe(KB_FORMAT_VERSION);
  }, 120_000);
});
