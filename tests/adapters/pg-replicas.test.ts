// Two replicas behind a load balancer, one PostgreSQL (issue #19 item 2): two
// real Node servers (node --import tsx src/node.ts) on their own ports, each
// with its own copy of the knowledge base built from the bundled report, both
// with LOG_URL on one database. A question asked on replica A is counted once
// in 热门问题 on both; a vote posted to B for A's question is stored (and A
// then refuses a second one); /admin on either lists what was asked on both; a
// teaching saved on A is served by B without a reload (PostgreSQL NOTIFY), and
// still after B swaps in a new copy of the knowledge base;
// a question asked just before SIGTERM is written before the replica exits 0;
// LOG_PATH is not touched. Needs TEST_POSTGRES_URL (tests/helpers/postgres.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { ADMIN_COOKIE, sessionValue } from '../../src/app/admin-auth.js';
import { CORPUS_DIR, REPO_ROOT, REPORT_ID } from '../helpers/corpus-app.js';
import { freshSchema, skipPostgresTests, sql } from '../helpers/postgres.js';

const TOKEN = 'replica-test-token-Q7m2-Zp4x-Wv9k';
// Our own questions about the bundled 2021 report: one it answers, one it answers only once taught (its
// paragraph 30, 加强人民调解工作, is what answers it), one asked just before shutdown.
const ANSWERED = '2021年市政府办结了多少件行政复议申请？';
const TAUGHT = '老百姓吵架了谁来调解？';
const MEDIATION = `${REPORT_ID}:30`;
const LAST = '行政复议决定书怎么送达？';

interface Replica {
  name: string;
  base: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts src/node.ts with `env`; resolves once /healthz answers (no question is asked to find out). */
async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), RATE_LIMIT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica ${name} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`replica ${name} did not start:\n${output}`);
    }
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name,
    base,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

describe.skipIf(skipPostgresTests)('two Node replicas sharing one PostgreSQL log', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof freshSchema>>;
  let a: Replica;
  let b: Replica;
  let staff: Record<string, string>;
  const logPath = () => join(dir, 'log.sqlite');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-replicas-'));
    db = await freshSchema('replicas');
    // Built once, copied to each replica (as the deployment guide says).
    await runIngest({ inputs: [CORPUS_DIR], kbPath: join(dir, 'kb-built.sqlite'), root: REPO_ROOT });
    const env = (kb: string) => {
      copyFileSync(join(dir, 'kb-built.sqlite'), join(dir, kb));
      return {
        KB_PATH: join(dir, kb),
        LOG_URL: db.url,
        LOG_PATH: logPath(),
        ADMIN_TOKEN: TOKEN,
        // One client on one day suffices, without approval: the test is about sharing, not the thresholds.
        POPULAR_MIN_COUNT: '1',
        POPULAR_MIN_DAYS: '1',
        POPULAR_NEEDS_APPROVAL: 'off',
      };
    };
    // Both at once: the schema is migrated once, under the advisory lock.
    [a, b] = await Promise.all([startReplica('A', env('kb-a.sqlite')), startReplica('B', env('kb-b.sqlite'))]);
    staff = { Cookie: `${ADMIN_COOKIE}=${await sessionValue(TOKEN, Date.now(), '王老师')}`, 'Sec-Fetch-Site': 'same-origin' };
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (r: Replica, q: string) => {
    const res = await fetch(`${r.base}/api/ask?q=${encodeURIComponent(q)}`);
    expect(res.status, r.output()).toBe(200);
    return (await res.json()) as { id: string; answer: string | null; confidence: number; citations: { id: string }[] };
  };
  const vote = (r: Replica, id: string, useful: boolean) =>
    fetch(`${r.base}/api/feedback`, { method: 'POST', body: JSON.stringify({ id, useful }), headers: { 'Content-Type': 'application/json' } });
  const admin = async (r: Replica) => {
    const res = await fetch(`${r.base}/admin`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const home = async (r: Replica) => (await fetch(`${r.base}/`)).text();

  it('migrates the schema once though both started together, and leaves LOG_PATH alone', async () => {
    const names = (await sql<{ name: string }>(db.url, 'SELECT name FROM policy_qa_migrations')).map((r) => r.name);
    expect(names).toHaveLength(new Set(names).size);
    expect(names).toContain('0005_teachings.sql');
    expect(existsSync(logPath())).toBe(false);
  });

  it('counts a question asked on A once in 热门问题 on both, and shows it on /admin of both', async () => {
    const asked = await ask(a, ANSWERED);
    expect(asked.answer).not.toBeNull();
    // /admin on A writes A's queue first; B reads the same table.
    for (const r of [a, b]) expect(await admin(r), r.name).toContain(ANSWERED);
    for (const r of [a, b]) {
      const page = await home(r);
      expect(page, r.name).toContain(ANSWERED);
      expect(page, r.name).toContain('1 人问过');
      expect(page, r.name).not.toContain('2 人问过');
    }
    expect(await sql(db.url, 'SELECT 1 FROM questions WHERE question = $1', [ANSWERED])).toHaveLength(1);
  });

  it('stores a vote posted to B for a question asked on A, once', async () => {
    const asked = await ask(a, ANSWERED);
    // Posted at once: A may still hold the question in its queue; B looks again after A's flush.
    const first = await vote(b, asked.id, true);
    expect(first.status, b.output()).toBe(200);
    expect(await first.json()).toEqual({ id: asked.id, useful: true, saved: true });
    expect((await vote(a, asked.id, false)).status).toBe(409);
    expect((await sql<{ useful: number }>(db.url, 'SELECT useful FROM questions WHERE id = $1', [asked.id]))[0].useful).toBe(1);
    expect((await vote(b, '0123456789ab0123456789ab', true)).status).toBe(404);
  });

  it('lists on /admin of either replica the questions asked on both', async () => {
    const onB = '法律援助怎么申请？';
    await ask(b, onB);
    // A sees it once B's flush timer (flushMs, 1 s) has written it, without anything done on B.
    await vi.waitFor(async () => expect(await admin(a)).toContain(onB), { timeout: 10_000, interval: 200 });
    for (const r of [a, b]) {
      const page = await admin(r);
      expect(page, r.name).toContain(ANSWERED);
      expect(page, r.name).toContain(onB);
    }
  });

  it('serves on B a teaching saved on A, without a reload', async () => {
    expect((await ask(b, TAUGHT)).answer).toBeNull();
    const body = new URLSearchParams({ question: TAUGHT, passage: MEDIATION, note: '' }).toString();
    const saved = await fetch(`${a.base}/admin/teach`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { ...staff, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(saved.status, await saved.text()).toBe(303);
    expect((await ask(a, TAUGHT)).citations[0]?.id).toBe(MEDIATION);
    // B hears PostgreSQL's NOTIFY and re-reads the teachings.
    await vi.waitFor(async () => {
      const onB = await ask(b, TAUGHT);
      expect(onB.answer).not.toBeNull();
      expect(onB.citations[0]?.id).toBe(MEDIATION);
    }, { timeout: 10_000, interval: 200 });
  });

  it('keeps serving the teaching on B after B swaps in a new copy of the knowledge base', async () => {
    // As the deployment guide does it: a copy next to KB_PATH, renamed into place, then a reload.
    copyFileSync(join(dir, 'kb-built.sqlite'), join(dir, 'kb-b.new.sqlite'));
    renameSync(join(dir, 'kb-b.new.sqlite'), join(dir, 'kb-b.sqlite'));
    const reloaded = await fetch(`${b.base}/admin/reload`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(reloaded.status, await reloaded.clone().text()).toBe(200);
    expect(((await reloaded.json()) as { passages: number }).passages).toBeGreaterThan(0);
    expect((await ask(b, TAUGHT)).citations[0]?.id).toBe(MEDIATION);
  });

  it('writes a question asked just before SIGTERM, then exits 0', async () => {
    await ask(b, LAST);
    expect(await b.stop()).toBe(0);
    expect(await sql(db.url, 'SELECT 1 FROM questions WHERE question = $1', [LAST])).toHaveLength(1);
  });
});

// Needs no database: the point is that there is none.
describe('a replica whose PostgreSQL is down at start', () => {
  it('stops with one line naming LOG_URL (password masked) and exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-qa-replica-down-'));
    try {
      const kbPath = join(dir, 'kb.sqlite');
      await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
      const port = await freePort(); // free a moment ago: nothing listens there
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, KB_PATH: kbPath, LOG_URL: `postgres://policyqa:hunter2-secret@127.0.0.1:${port}/policyqa`, PORT: '0', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(run.status, run.stderr).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^question log: cannot open or write the PostgreSQL log at LOG_URL postgres://policyqa:\\*\\*\\*@127\\.0\\.0\\.1:${port}/policyqa: .*ECONNREFUSED`));
      expect(run.stderr).not.toContain('hunter2');
      expect(run.stderr).not.toMatch(/\n\s+at |node_modules/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
