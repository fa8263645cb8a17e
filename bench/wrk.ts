// wrk (https://github.com/wg/wrk, an HTTP load generator in C) as a bounded
// child process, for `npm run bench:load`. wrk parses responses without
// decoding their bodies, so at tens of thousands of requests a second the
// figures are the server's, not the load generator's (autocannon, in Node,
// decodes every body as UTF-8). Each run writes a small Lua script whose
// done() prints one line, `WRK_JSON {…}`, built with string.format (wrk's
// LuaJIT has no JSON library); that line is what is read back, not wrk's
// human summary. One path: the script has only done(), so wrk builds the
// request once (its fastest path). Several paths: a request() cycles through
// them (each wrk thread loads the script on its own and cycles from the start).
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one wrk run reports (its done() summary), in wrk's units: microseconds and counts. */
export interface WrkResult {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  /** Socket errors, by kind. */
  connect: number;
  read: number;
  write: number;
  /** Responses with an HTTP status above 399. */
  status: number;
  timeout: number;
}

/** A wrk result in the bench's terms: req/s, latency in ms, errors, timeouts, non-2xx (status > 399), total requests. */
export interface WrkFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
}

export const WRK_PREFIX = 'WRK_JSON ';

/** The first line of `wrk -v` (its version), or undefined when `bin` cannot be run (not on PATH). */
export function wrkVersion(bin = 'wrk'): string | undefined {
  // `wrk -v` prints the version and its usage, then exits 1: only a failure to start means "no wrk".
  const r = spawnSync(bin, ['-v'], { encoding: 'utf8', timeout: 5000 });
  if (r.error) return undefined;
  const line = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l);
  return line && /^wrk\b/.test(line) ? line : undefined;
}

/** A Lua string literal of `s`'s UTF-8 bytes: printable ASCII as is, anything else (and `"`, `\`) as a \ddd escape. */
export function luaString(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, 'utf8')) {
    out += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** The done() that prints the WRK_JSON line; exported for callers that write their own script (bench/question-mix.ts). */
export const WRK_DONE = `function done(summary, latency, requests)
  local e = summary.errors
  print(string.format('${WRK_PREFIX}{"requests":%.0f,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
`;

/**
 * The Lua script for a run over `paths`: done() alone for one path (wrk requests the URL it is given), plus a
 * table of the paths and a request() cycling through them for several.
 */
export function wrkScript(paths: string[]): string {
  if (paths.length === 0) throw new Error('wrk: no paths');
  if (paths.length === 1) return WRK_DONE;
  return `paths = {\n${paths.map((p) => `  ${luaString(p)},`).join('\n')}\n}
i = 0
request = function()
  i = i + 1
  return wrk.format(nil, paths[(i % #paths) + 1])
end
${WRK_DONE}`;
}

/** The done() line of wrk's output, or an error naming what wrk printed instead. */
export function parseWrkOutput(stdout: string): WrkResult {
  const line = stdout.split('\n').find((l) => l.startsWith(WRK_PREFIX));
  if (!line) throw new Error(`wrk: no ${WRK_PREFIX.trim()} line in its output:\n${stdout.slice(0, 2000)}`);
  const j = JSON.parse(line.slice(WRK_PREFIX.length)) as Record<string, number>;
  return {
    requests: j.requests,
    durationUs: j.duration_us,
    p50Us: j.p50_us,
    p99Us: j.p99_us,
    connect: j.connect,
    read: j.read,
    write: j.write,
    status: j.status,
    timeout: j.timeout,
  };
}

/** req/s over wrk's measured duration, latency in ms, socket errors summed. */
export function wrkFigures(r: WrkResult): WrkFigures {
  return {
    rps: r.durationUs > 0 ? r.requests / (r.durationUs / 1e6) : 0,
    p50: r.p50Us / 1000,
    p99: r.p99Us / 1000,
    errors: r.connect + r.read + r.write,
    timeouts: r.timeout,
    non2xx: r.status,
    total: r.requests,
  };
}

export interface WrkRun {
  /** Origin, e.g. http://127.0.0.1:8080 (no trailing slash). */
  base: string;
  /** Paths with their query strings, already URL-encoded; the first is also the URL wrk is given. */
  paths: string[];
  connections: number;
  seconds: number;
  /** Where the Lua script is written. */
  scriptDir: string;
  /** wrk threads (default 2; never more than connections). */
  threads?: number;
  /** Per-request timeout in seconds (default 10). */
  timeoutSeconds?: number;
  bin?: string;
  /** A Lua script to use instead of wrkScript(paths) (it must define WRK_DONE's done()). */
  script?: string;
}

let scripts = 0;

/** Runs wrk once; killed if it runs 30 s past `seconds`. Rejects when wrk fails or prints no done() line. */
export function runWrk(run: WrkRun): Promise<WrkResult> {
  const script = join(run.scriptDir, `wrk-${process.pid}-${scripts++}.lua`);
  writeFileSync(script, run.script ?? wrkScript(run.paths));
  const threads = Math.max(1, Math.min(run.threads ?? 2, run.connections));
  const args = [
    `-t${threads}`,
    `-c${run.connections}`,
    `-d${run.seconds}s`,
    '--timeout',
    `${run.timeoutSeconds ?? 10}s`,
    '-s',
    script,
    `${run.base}${run.paths[0]}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(run.bin ?? 'wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let killed = false;
    const bound = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, (run.seconds + 30) * 1000);
    child.on('error', (err) => {
      clearTimeout(bound);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(bound);
      if (killed) return reject(new Error(`wrk: killed after ${run.seconds + 30} s (${args.join(' ')})`));
      if (code !== 0) return reject(new Error(`wrk exited ${code} (${args.join(' ')}): ${stderr.trim() || stdout.trim()}`));
      try {
        resolve(parseWrkOutput(stdout));
      } catch (err) {
        reject(err);
      }
    });
  });
}
