// The wrk runner of `npm run bench:load` (bench/wrk.ts): its Lua
// script and the done() line it prints, then real wrk (skipped where
// /usr/bin/wrk is missing) for 1 s at a time against a tiny node:http server on
// loopback that counts hits per path: requests are counted, a path answering
// 500 shows up as non-2xx, and several paths are really cycled.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luaString, parseWrkOutput, runWrk, wrkFigures, wrkScript, wrkVersion } from '../../bench/wrk.js';

describe('wrk script and output', () => {
  it('has only done() for one path, and a request() cycling a table of paths for several', () => {
    const one = wrkScript(['/api/ask?q=%E5%B9%B4']);
    expect(one).toContain('function done(summary, latency, requests)');
    expect(one).not.toContain('request =');
    expect(one).not.toContain('%E5');
    const many = wrkScript(['/a?q=%E5', '/b']);
    expect(many).toContain('"/a?q=%E5",');
    expect(many).toContain('request = function()');
    expect(many).toContain('wrk.format(nil, paths[(i % #paths) + 1])');
  });

  it('escapes what a Lua string cannot hold as is', () => {
    expect(luaString('/x?q="a\\b"')).toBe('"/x?q=\\034a\\092b\\034"');
    expect(luaString('年')).toBe('"\\229\\185\\180"');
  });

  it('reads the done() line and maps it to req/s, ms and error counts', () => {
    const r = parseWrkOutput(
      'Running 1s test @ http://x/\n  2 threads\nWRK_JSON {"requests":5000,"duration_us":2000000,"p50_us":1500,"p99_us":9000,"connect":1,"read":2,"write":3,"status":4,"timeout":5}\n',
    );
    expect(wrkFigures(r)).toEqual({ rps: 2500, p50: 1.5, p99: 9, errors: 6, timeouts: 5, non2xx: 4, total: 5000 });
    expect(() => parseWrkOutput('unable to connect\n')).toThrow(/WRK_JSON/);
  });
});

const haveWrk = existsSync('/usr/bin/wrk');

describe.skipIf(!haveWrk)('real wrk against a node:http server', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const hits = new Map<string, number>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-qa-wrk-'));
    server = createServer((req, res) => {
      const path = req.url ?? '';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      res.writeHead(path === '/fail' ? 500 : 200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports its version', () => {
    expect(wrkVersion()).toMatch(/^wrk /);
    expect(wrkVersion('/nonexistent/wrk')).toBeUndefined();
  });

  it('counts requests to one path', async () => {
    hits.clear();
    const r = await runWrk({ base, paths: ['/ok'], connections: 4, seconds: 1, scriptDir: dir });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.status).toBe(0);
    expect(r.connect + r.read + r.write + r.timeout).toBe(0);
    expect(r.p99Us).toBeGreaterThanOrEqual(r.p50Us);
    // wrk counts only completed responses; the server may see a few more that were cut off at the end.
    expect(hits.get('/ok')).toBeGreaterThanOrEqual(r.requests);
    expect([...hits.keys()]).toEqual(['/ok']);
  });

  it('cycles several paths and counts the 500s as non-2xx', async () => {
    hits.clear();
    const paths = ['/a?q=%E5%B9%B4', '/b', '/fail'];
    const r = await runWrk({ base, paths, connections: 4, seconds: 1, scriptDir: dir });
    expect(r.requests).toBeGreaterThan(30);
    for (const p of paths) expect(hits.get(p) ?? 0).toBeGreaterThan(r.requests / 3 - 20);
    expect([...hits.keys()].sort()).toEqual([...paths].sort());
    const fails = hits.get('/fail')!;
    expect(r.status).toBeGreaterThan(0);
    expect(r.status).toBeLessThanOrEqual(fails);
    expect(r.status).toBeGreaterThanOrEqual(fails - 4);
    expect(wrkFigures(r).non2xx).toBe(r.status);
  });

  it('rejects when nothing listens', async () => {
    await expect(runWrk({ base: 'http://127.0.0.1:1', paths: ['/'], connections: 2, seconds: 1, scriptDir: dir })).rejects.toThrow(/unable to connect/);
  });
});
