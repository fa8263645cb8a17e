// Knowledge-base integrity (issue #16, findings 3 and 12). A damaged file is
// refused before it is served: on POST /admin/reload (the old one keeps
// serving, no request fails) and at start-up (exit 1, one line, the file left
// byte for byte as it was). A file damaged in place while it is served makes
// /healthz and the requests that read it answer 503, never 500. And `npm start`
// rebuilds only a knowledge base it built itself: another version's file, or
// something that is not a knowledge base, is the operator's and stays as it is.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServer, type RunningServer } from '../../bench/harness.js';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { KnowledgeBaseDamagedError, NotAKnowledgeBaseError, openKnowledgeBaseFile } from '../../src/adapters/node/kb-file.js';
import { KB_FORMAT_VERSION } from '../../src/model/store.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';

const ADMIN_TOKEN = 'integrity-test-token-0123456789abcdef';
let dir: string;
/** The bundled report, ingested the ordinary way. */
let goodKb: string;
/** Terms of the report itself, most frequent first: the queries the load below sends. */
let terms: string[];
const servers: RunningServer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-integrity-'));
  goodKb = join(dir, 'good.sqlite');
  await runIngest({ inputs: [CORPUS_DIR], kbPath: goodKb, root: REPO_ROOT });
  const db = new Database(goodKb, { readonly: true });
  terms = db.prepare('SELECT term FROM postings WHERE length(term) >= 2 ORDER BY df DESC, term LIMIT 40').pluck().all() as string[];
  db.close();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let copies = 0;
function copyOfGood(): string {
  const path = join(dir, `kb-${copies++}.sqlite`);
  copyFileSync(goodKb, path);
  return path;
}

/** Seeded bytes (an LCG), so a failure can be replayed. */
function noise(n: number, seed: number): Buffer {
  const bytes = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

/**
 * Overwrites the posting lists' last leaf page with random bytes, in place. Nothing reads it while a knowledge
 * base loads and warms, so only verification can tell; a query for a term stored there fails.
 */
function scribbleOverPostings(path: string): void {
  const db = new Database(path, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'postings' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
  db.close();
  expect(pages.length).toBeGreaterThan(1);
  const fd = openSync(path, 'r+');
  const page = pages[pages.length - 1];
  writeSync(fd, noise(pageSize, page), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** 2 × `terms.length` requests that read the knowledge base (search and ask): their statuses, counted. */
async function load(base: string): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  for (const term of terms) {
    for (const path of [`/api/search?q=${encodeURIComponent(term)}`, `/api/ask?q=${encodeURIComponent(`${term}是什么`)}`]) {
      const res = await fetch(base + path);
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  }
  return statuses;
}

async function serve(kbPath: string): Promise<RunningServer> {
  // Through tsx from the sources, like `npm run dev`: the test does not depend on dist/ being current.
  const server = await startServer({ KB_PATH: kbPath, LOG_PATH: 'off', ADMIN_TOKEN }, '/healthz', 60_000, 'src/node.ts');
  servers.push(server);
  return server;
}

interface StartOutcome {
  /** Exit code, or 'serving' when the server was still running (and answering) after `ms`. */
  exit: number | 'serving';
  stderr: string;
}

/** `node src/node.ts` on `kbPath`; stopped (SIGKILL) if it has not exited within `ms`, which counts as 'serving'. */
async function startUp(kbPath: string, ms = 45_000): Promise<StartOutcome> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, KB_PATH: kbPath, LOG_PATH: 'off', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  const deadline = Date.now() + ms;
  for (;;) {
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
    if (code !== null) return { exit: code, stderr };
    const answering = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (answering || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      return { exit: 'serving', stderr };
    }
  }
}

/** The one line a refused start-up prints, without a stack trace. */
function oneLine(outcome: StartOutcome): string {
  const lines = outcome.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(outcome.stderr).not.toMatch(/\n\s+at |node_modules/);
  return lines[0];
}

function setFormatVersion(path: string, version: number): void {
  const db = new Database(path);
  const meta = JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'meta'").pluck().get() as string) as Record<string, unknown>;
  db.prepare("UPDATE meta SET value = ? WHERE key = 'meta'").run(JSON.stringify({ ...meta, version }));
  db.close();
}

describe('verification before a knowledge base is served', () => {
  it('tells a damaged file (cut short, bytes changed) from one that is not a knowledge base', () => {
    const cut = copyOfGood();
    truncateSync(cut, statSync(cut).size / 2);
    expect(() => openKnowledgeBaseFile(cut)).toThrow(KnowledgeBaseDamagedError);
    expect(() => openKnowledgeBaseFile(cut)).toThrow(/ is damaged: it is \d+ bytes, but its header records \d+ \(cut short\)/);

    // Sixteen bytes inside a text: no structure broken, the checksum ingest sealed into the file tells.
    const touched = copyOfGood();
    const fd = openSync(touched, 'r+');
    writeSync(fd, noise(16, 7), 0, 16, Math.floor(statSync(touched).size * 0.6));
    closeSync(fd);
    expect(() => openKnowledgeBaseFile(touched)).toThrow(/ is damaged: its pages do not match the checksum/);

    // A file without a checksum (built before there was one) gets PRAGMA quick_check instead.
    const unsealed = copyOfGood();
    const db = new Database(unsealed);
    db.pragma('application_id = 0');
    db.close();
    openKnowledgeBaseFile(unsealed).close();
    scribbleOverPostings(unsealed);
    expect(() => openKnowledgeBaseFile(unsealed)).toThrow(/ is damaged: quick_check: /);

    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, '这不是知识库文件\n');
    expect(() => openKnowledgeBaseFile(text)).toThrow(NotAKnowledgeBaseError);
    expect(() => openKnowledgeBaseFile(text)).toThrow(/is not a knowledge-base file \(it is not an SQLite database\)/);
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    expect(() => openKnowledgeBaseFile(empty)).toThrow(/is not a knowledge-base file \(it is empty\)/);
    const other = join(dir, 'other.sqlite');
    const sqlite = new Database(other);
    sqlite.exec('CREATE TABLE t (x)');
    sqlite.close();
    expect(() => openKnowledgeBaseFile(other)).toThrow(/is not a knowledge-base file \(an SQLite database without policy-qa's meta table\)/);

    const older = copyOfGood();
    setFormatVersion(older, KB_FORMAT_VERSION - 1);
    expect(() => openKnowledgeBaseFile(older)).toThrow(`has format ${KB_FORMAT_VERSION - 1}, this version reads ${KB_FORMAT_VERSION}`);
  });

  it('turns reads of a file written to in place into 503 KnowledgeBaseDamagedError, from then on', () => {
    const path = copyOfGood();
    const store = openKnowledgeBaseFile(path);
    try {
      expect(store.postings(terms[0])).not.toBeNull();
      store.probe();
      truncateSync(path, statSync(path).size / 2);
      let thrown: unknown;
      try {
        store.probe();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(KnowledgeBaseDamagedError);
      expect((thrown as KnowledgeBaseDamagedError).status).toBe(503);
      expect((thrown as Error).message).toMatch(/^knowledge base: the knowledge base cannot be read: its file is damaged \(the file changed from \d+ to \d+ bytes/);
      // Even what was cached: nothing more is answered from this file.
      expect(() => store.postings(terms[0])).toThrow(KnowledgeBaseDamagedError);
      expect(() => store.passage(0)).toThrow(KnowledgeBaseDamagedError);
    } finally {
      store.close();
    }

    // The same size, bytes changed in place: the mtime tells.
    const other = copyOfGood();
    const again = openKnowledgeBaseFile(other);
    try {
      const fd = openSync(other, 'r+');
      writeSync(fd, noise(16, 11), 0, 16, Math.floor(statSync(other).size * 0.6));
      closeSync(fd);
      expect(() => again.probe()).toThrow(/its file is damaged \(the file was written to while being served\)/);
    } finally {
      again.close();
    }

    // A new mtime over the same bytes (a \`touch\`, a backup restoring them) is no damage: the seal still matches.
    const touched = copyOfGood();
    const served = openKnowledgeBaseFile(touched);
    try {
      const later = new Date(Date.now() + 5_000);
      utimesSync(touched, later, later);
      expect(() => served.probe()).not.toThrow();
      expect(served.passage(0)).toBeTruthy();
    } finally {
      served.close();
    }
  });
});

describe('a damaged knowledge base while serving', () => {
  it('POST /admin/reload refuses a file with random bytes written inside, and the old one keeps serving every request', async () => {
    const kbPath = copyOfGood();
    const server = await serve(kbPath);
    const before = (await (await fetch(`${server.base}/healthz`)).json()) as { builtAt: string; passages: number };

    // Built elsewhere, damaged, then moved into place as the docs say (a rename): what an operator would do.
    const next = copyOfGood();
    scribbleOverPostings(next);
    renameSync(next, kbPath);
    const res = await fetch(`${server.base}/admin/reload`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await res.json()) as { error?: string; status?: string };
    expect(body.status).toBeUndefined();
    expect(res.status).toBe(500);
    expect(body.error).toMatch(/^reload: knowledge base: .*kb-\d+\.sqlite is damaged: .*; still serving the previous knowledge base$/);

    const statuses = await load(server.base);
    console.log(`after a refused reload of a damaged file: ${JSON.stringify(statuses)} over ${2 * terms.length} requests`);
    expect(statuses).toEqual({ 200: 2 * terms.length });
    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', builtAt: before.builtAt, passages: before.passages });
  }, 120_000);

  it('a file cut short in place while served: /healthz says unavailable, requests get 503 and never 500', async () => {
    const kbPath = copyOfGood();
    const server = await serve(kbPath);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    truncateSync(kbPath, statSync(kbPath).size / 2);

    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', error: expect.stringMatching(/^knowledge base: .*damaged/) });

    const statuses = await load(server.base);
    console.log(`after the file was cut short in place: ${JSON.stringify(statuses)} over ${2 * terms.length} requests`);
    expect(statuses[500]).toBeUndefined();
    expect(statuses[503]).toBeGreaterThan(0);
    const res = await fetch(`${server.base}/api/search?q=${encodeURIComponent(terms[1])}`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/^knowledge base: the knowledge base cannot be read: its file is damaged/);
    const page = await fetch(`${server.base}/search?q=${encodeURIComponent(terms[2])}`);
    expect(page.status).toBe(503);
    expect(await page.text()).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe('start-up never overwrites a knowledge base it did not build', () => {
  it('a file cut in half: exit 1 with one "damaged" line, the file byte for byte as it was', async () => {
    const kbPath = copyOfGood();
    truncateSync(kbPath, statSync(kbPath).size / 2);
    const before = sha256(kbPath);
    const outcome = await startUp(kbPath);
    expect(outcome.exit).toBe(1);
    expect(oneLine(outcome)).toMatch(/^knowledge base: .* is damaged: it is \d+ bytes, but its header records \d+ \(cut short\); left unchanged: restore it from a backup/);
    expect(sha256(kbPath)).toBe(before);
  }, 60_000);

  it('a knowledge base of another format that start-up did not build, or a file that is no knowledge base: exit 1, left as it was', async () => {
    const older = copyOfGood();
    setFormatVersion(older, KB_FORMAT_VERSION - 1);
    const olderHash = sha256(older);
    const outcome = await startUp(older);
    expect(outcome.exit).toBe(1);
    expect(oneLine(outcome)).toMatch(
      new RegExp(`has format ${KB_FORMAT_VERSION - 1}, this version reads ${KB_FORMAT_VERSION}; left unchanged: rebuild it with npm run ingest`),
    );
    expect(sha256(older)).toBe(olderHash);

    const notes = join(dir, 'not-a-kb.sqlite');
    writeFileSync(notes, '运维笔记：这个文件不是知识库。\n');
    const notesHash = sha256(notes);
    const refused = await startUp(notes);
    expect(refused.exit).toBe(1);
    expect(oneLine(refused)).toMatch(/is not a knowledge-base file \(it is not an SQLite database\); left unchanged/);
    expect(sha256(notes)).toBe(notesHash);
  }, 120_000);

  it('builds a missing one itself, marked as its own, and rebuilds that one when a new version cannot read it', async () => {
    const kbPath = join(dir, 'first-run', 'kb.sqlite');
    expect((await startUp(kbPath)).exit).toBe('serving');
    const built = openKnowledgeBaseFile(kbPath);
    expect(built.meta.builtBy).toEqual({ command: 'start', corpusDir: CORPUS_DIR.replace(/\/$/, '') });
    built.close();

    setFormatVersion(kbPath, KB_FORMAT_VERSION - 1);
    expect((await startUp(kbPath)).exit).toBe('serving');
    const rebuilt = openKnowledgeBaseFile(kbPath);
    expect(rebuilt.meta.version).toBe(KB_FORMAT_VERSION);
    expect(rebuilt.meta.builtBy?.command).toBe('start');
    rebuilt.close();
  }, 120_000);
});
