// The real Node server (src/node.ts) on loopback: it swaps to a rebuilt
// knowledge base without a restart (SIGHUP and POST /admin/reload) while
// requests keep succeeding; on SIGTERM it stops accepting, lets the request in
// flight finish (its feedback is saved) and exits 0 — or exits 1 once
// SHUTDOWN_GRACE_MS is over; and it rate-limits by the connection's address,
// whatever X-Forwarded-For claims. Every load loop is bounded and stops itself.
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../bench/harness.js';
import { runIngest } from '../../src/adapters/node/ingest.js';
import type { ReloadResult } from '../../src/app/routes/reload.js';
import type { SearchResponse } from '../../src/service.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';

const ADMIN_TOKEN = 'lifecycle-test-token-0123456789';
const QUESTION = '2021年市政府办结了多少件行政复议申请？';
const NEW_PHRASE = '蓝鲸港口开放日';

let dir: string;
let kbPath: string;
let extraDir: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-lifecycle-'));
  kbPath = join(dir, 'kb.sqlite');
  extraDir = join(dir, 'extra');
  mkdirSync(extraDir);
  writeFileSync(join(extraDir, 'hot-swap-notice.txt'), `关于${NEW_PHRASE}的通知\n${NEW_PHRASE}定于2099年5月1日举行，市民可以通过政务服务网预约参观港口设施。\n`);
  await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<RunningServer> {
  const server = await startServer({ KB_PATH: kbPath, LOG_PATH: join(dir, `log-${servers.length}.sqlite`), ...env });
  servers.push(server);
  return server;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `promise`'s value, or 'hung' once `ms` have passed without one: a safety bound against a hang, not a measurement. */
async function unlessHung<T>(promise: Promise<T>, ms: number): Promise<T | 'hung'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function searchTotal(base: string, q: string): Promise<number> {
  const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`);
  return ((await res.json()) as SearchResponse).total;
}

describe('zero-downtime reload', () => {
  it('swaps to a rebuilt knowledge base on SIGHUP and POST /admin/reload with zero failed requests under load', async () => {
    const server = await start({ ADMIN_TOKEN });
    const paths = [
      `/api/ask?q=${encodeURIComponent(QUESTION)}`,
      `/api/search?q=${encodeURIComponent('行政复议')}&limit=20`,
      `/ask?q=${encodeURIComponent('法律援助')}`,
      `/api/search?q=${encodeURIComponent(NEW_PHRASE)}`,
      '/healthz',
    ];
    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const deadline = Date.now() + 60_000; // a bound on the load, whatever happens
    const worker = async (w: number) => {
      for (let i = w; running && Date.now() < deadline; i++) {
        const path = paths[i % paths.length];
        try {
          const res = await fetch(server.base + path);
          await res.arrayBuffer();
          if (res.ok) ok++;
          else failures.push(`${path} → ${res.status}`);
        } catch (err) {
          failures.push(`${path} → ${(err as Error).message}`);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    const before = (await (await fetch(`${server.base}/healthz`)).json()) as { builtAt: string };
    expect(await searchTotal(server.base, NEW_PHRASE)).toBe(0);
    await sleep(300);

    // 1. A new document, built into the same KB_PATH (atomically replaced), then SIGHUP.
    await runIngest({ inputs: [CORPUS_DIR, extraDir], kbPath, root: REPO_ROOT });
    server.child.kill('SIGHUP');
    const until = Date.now() + 10_000;
    while ((await searchTotal(server.base, NEW_PHRASE)) === 0 && Date.now() < until) await sleep(20);
    expect(await searchTotal(server.base, NEW_PHRASE)).toBeGreaterThan(0);
    const after = (await (await fetch(`${server.base}/healthz`)).json()) as { builtAt: string; passages: number };
    expect(after.builtAt).not.toBe(before.builtAt);
    await sleep(300);

    // 2. The document removed again, then the admin endpoint.
    await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
    const denied = await fetch(`${server.base}/admin/reload`, { method: 'POST' });
    expect(denied.status).toBe(401);
    const reload = await fetch(`${server.base}/admin/reload`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(reload.status).toBe(200);
    const body = (await reload.json()) as ReloadResult & { status: string };
    expect(body.status).toBe('reloaded');
    expect(body.passages).toBeLessThan(after.passages);
    expect(await searchTotal(server.base, NEW_PHRASE)).toBe(0);
    await sleep(300);

    running = false;
    await load;
    console.log(`reload under load: ${ok} requests succeeded, ${failures.length} failed; the swap itself took ${body.ms} ms`);
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(100);
  }, 120_000);
});

/** Sends a request over a raw socket, the body in two parts, and returns the socket and the response text once the server closes it. */
function slowPost(port: number, path: string, body: string) {
  const socket = connect(port, '127.0.0.1');
  const bytes = Buffer.from(body);
  const half = bytes.subarray(0, bytes.length >> 1);
  const rest = bytes.subarray(bytes.length >> 1);
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n\r\n`);
  socket.write(half);
  let response = '';
  socket.on('data', (d) => (response += d));
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(response));
    socket.on('error', () => resolve(response));
  });
  return { finish: () => socket.write(rest), closed };
}

describe('graceful shutdown', () => {
  it('on SIGTERM refuses new connections, lets the request in flight finish (its feedback saved), then exits 0', async () => {
    const logPath = join(dir, 'shutdown-log.sqlite');
    const server = await start({ LOG_PATH: logPath, SHUTDOWN_GRACE_MS: '10000' });
    const { id } = (await (await fetch(`${server.base}/api/ask?q=${encodeURIComponent(QUESTION)}`)).json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    // In flight: the server has the headers and half the body, and waits for the rest.
    const request = slowPost(server.port, '/api/feedback', JSON.stringify({ id, useful: true }));
    await sleep(300);
    const exited = once(server.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const sigterm = performance.now();
    server.child.kill('SIGTERM');
    await sleep(300);
    expect(server.child.exitCode).toBeNull(); // still finishing the request
    await expect(fetch(`${server.base}/healthz`)).rejects.toThrow(); // no longer accepting
    request.finish();
    const response = await request.closed;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('"saved":true');
    const [code] = await exited;
    const ms = performance.now() - sigterm;
    console.log(`graceful shutdown: exit ${code} ${ms.toFixed(0)} ms after SIGTERM, with one request in flight`);
    expect(code).toBe(0);
    // The question log was flushed and closed: the feedback is on disk.
    const db = new Database(logPath, { readonly: true });
    expect(db.prepare('SELECT useful FROM questions WHERE id = ?').pluck().get(id)).toBe(1);
    db.close();
  }, 60_000);

  it('exits (code 1) once SHUTDOWN_GRACE_MS is over when a request never finishes', async () => {
    const server = await start({ SHUTDOWN_GRACE_MS: '500', REQUEST_TIMEOUT_MS: '60000' });
    const stuck = slowPost(server.port, '/api/feedback', JSON.stringify({ id: '0'.repeat(24), useful: true }));
    await sleep(200);
    const exited = once(server.child, 'exit') as Promise<[number | null]>;
    const sigterm = performance.now();
    server.child.kill('SIGTERM');
    // Far past the 500 ms grace, far short of the stuck request's 60 s limit: no exit by then is a server that waits for it.
    const exit = await unlessHung(exited, 20_000);
    const ms = performance.now() - sigterm;
    expect(exit, 'no exit within 20 s of SIGTERM: waiting for the stuck request').not.toBe('hung');
    console.log(`grace over: exit ${exit === 'hung' ? '-' : exit[0]} ${ms.toFixed(0)} ms after SIGTERM (SHUTDOWN_GRACE_MS 500)`);
    const [code] = exit as [number | null];
    expect(code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(450); // not before the grace period is over
    await stuck.closed;
  }, 60_000);
});

describe('rate limit on the real server', () => {
  it('limits by the connection’s address: 429 with Retry-After, spoofed X-Forwarded-For does not help', async () => {
    const server = await start({ RATE_LIMIT: '60', RATE_LIMIT_BURST: '5' });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${server.base}/api/ask?q=${encodeURIComponent('行政复议')}`, { headers: { 'X-Forwarded-For': `192.0.2.${i}` } });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    // startServer's own probe took one token.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(5);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
    expect(Number(limited!.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(await limited!.json()).toEqual({ error: expect.stringMatching(/^rate limit: too many requests; try again in \d+ s$/) });
    // Search pages share the client's bucket (issue #16); static files are never counted.
    expect((await fetch(`${server.base}/search?q=${encodeURIComponent('行政复议')}`)).status).toBe(429);
    expect((await fetch(`${server.base}/static/style.css`)).status).toBe(200);
  }, 60_000);
});
