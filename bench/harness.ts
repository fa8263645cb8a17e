// Benchmark plumbing on Node: run a command and read its peak memory, start
// the server on loopback and time requests against it. Used by the bench
// scripts; every loop is bounded and every child is stopped.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
export function processMemoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+) kB`))?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

export interface RunResult {
  seconds: number;
  /** Peak resident memory of the command, MB (GNU time's maximum resident set size). */
  peakMb: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time -v to get its wall time and peak RSS. */
export function runMeasured(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench: ${command} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`));
      const kb = Number(stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1] ?? 0);
      resolve({ seconds: (performance.now() - started) / 1000, peakMb: kb / 1024, stdout });
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  base: string;
  /** Milliseconds from spawn to the first successful answer. */
  firstAnswerMs: number;
  stop(): Promise<void>;
}

/**
 * The Node flags `npm start` gives the server (package.json): a young generation of 64 MB per semi-space
 * instead of 16, so short-lived request garbage is collected a quarter as often. Measured in alternating wrk
 * runs on cached /api/ask: 32 MB +2–3 % over the default, 64 MB about +6 % over 32 MB, 128 MB no more than 64;
 * it costs ~50 MB of resident memory under load. Every server a benchmark starts, the trivial ceiling included, gets them.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The server `npm start` runs: the compiled bundle, built first when dist/ is missing or older than the sources. */
export const SERVER_ENTRY = 'dist/node.js';

let built = false;
function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
  built = true;
}

/**
 * Starts the server as `npm start` does (`node dist/node.js`; a `.ts` entry such as the trivial ceiling runs
 * through tsx) with SERVER_NODE_FLAGS on loopback and waits (at most `timeoutMs`) for a first answer.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  probe = '/api/ask?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE',
  timeoutMs = 60_000,
  entry = SERVER_ENTRY,
): Promise<RunningServer> {
  if (entry === SERVER_ENTRY) ensureBuilt();
  const port = await freePort();
  const started = performance.now();
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...loader, entry], {
    // Benchmarks send far more than one visitor would: no rate limit unless the caller sets one.
    env: { ...process.env, RATE_LIMIT: '0', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench: server exited ${child.exitCode}\n${stderr.slice(-2000)}`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error('bench: server did not answer in time');
    }
    try {
      const res = await fetch(base + probe);
      if (res.ok) {
        await res.arrayBuffer();
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const firstAnswerMs = performance.now() - started;
  return {
    child,
    port,
    base,
    firstAnswerMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Sequential GETs; per-request milliseconds. Fails on any non-2xx. */
export async function timeRequests(base: string, paths: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (const path of paths) {
    const t0 = performance.now();
    const res = await fetch(base + path);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`bench: ${path} → ${res.status}`);
    samples.push(performance.now() - t0);
  }
  return samples;
}
