// npm run bench:load [-- --quick]
// The load benchmark (issues #8 and #19), all against servers this script starts on loopback and stops itself,
// bounded in time (it prints the expected duration: about 7 minutes, --quick about 4):
// 1. the realistic mix (bench/load-mix.ts, issue #19 item 3): mostly distinct questions (seed-dev, provincial-dev,
//    STARD train, 10 % repeats) on the bundled report, the provincial library and all statutes, /api/ask and the
//    /ask HTML page beside the trivial Hono handler: req/s, p50, p99, ratio, /ask ÷ /api/ask, RSS;
// 2. the cached path on the bundled knowledge base at 50 connections (issue #8): the trivial handler (bench/ceiling.ts)
//    and the same handler sending /api/ask's exact bytes, /api/ask with one question repeated (the answer cache),
//    /api/search, the same question with ANSWER_CACHE_SIZE=0; then cached /api/ask and the ceiling in alternating
//    pairs, whose median ratio is the steadier figure on a shared machine (the ceiling drifts);
// 3. a soak at 100 connections with a mix of real questions (dev + STARD) on the statute knowledge base: errors,
//    timeouts, and resident memory sampled every second — the last 10 s against the first 10 s after warm-up.
// The load generator for 1–2 is wrk when it is on PATH (bench/wrk.ts): it is written in C and parses responses
// without decoding their bodies, so at these rates it is the server that sets the pace and the figures are the
// server's. autocannon (Node) decodes every response body as UTF-8 (it appends each to a string), which for
// /api/ask's 9 KB of Chinese costs it more CPU than the server spends, so with autocannon the figures are largely
// its own. Without wrk, autocannon measures 1–2 as a fallback, and then the key rows of 2 are measured again with
// that decoding switched off (bytes still counted) to show what is autocannon's.
// The soak (3) is autocannon's in any case: its warm-up is bounded by a number of requests (every question twice)
// and it counts timeouts per request. Its ratio is against a ceiling measured by the same client — with wrk, one
// extra autocannon run on the trivial handler — so the ratio compares like with like.
// Rate limiting is off for the servers measured (RATE_LIMIT=0). Figures, not a test.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processMemoryMb, startServer, type RunningServer } from './harness.js';
import { runWrk, wrkFigures, wrkVersion } from './wrk.js';
import { collectionTroughs } from './measure.js';
import { mixSectionSeconds, runMixSection } from './load-mix.js';
import { parseSettings } from '../src/settings.js';
import { parseCommandLine } from '../src/adapters/node/command-line.js';

const quick = parseCommandLine('npm run bench:load [-- --quick]', { options: { quick: { type: 'boolean', default: false } } }).values.quick;
const settings = parseSettings(process.env);
const SECONDS = quick ? 4 : 10;
const SOAK_SECONDS = quick ? 20 : 60;
/** Seconds per row of the mix section. */
const MIX_SECONDS = quick ? 3 : 10;
const WINDOW_SECONDS = quick ? 5 : 10;
/** Alternating ceiling and /api/ask runs for the paired ratio. */
const PAIRS = quick ? 2 : 5;
const PAIR_SECONDS = quick ? 3 : 5;
const dir = mkdtempSync(join(tmpdir(), 'policy-qa-load-'));
const servers: RunningServer[] = [];

const QUESTION = '2021年市政府办结了多少件行政复议申请？';

/** wrk's version line when wrk is on PATH: then it measures section 1; otherwise autocannon does. */
const wrkLine = wrkVersion();
const autocannonVersion = (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;

/**
 * Switches autocannon's body decoding (`body += chunk` per response, unread here) on or off; false when this
 * autocannon has no such internal (then only the decoding rows are measured). Used only when autocannon is the
 * client of section 1 (wrk decodes no bodies, so there is no such cost to show).
 */
const decodeBodies = (() => {
  try {
    const queue = (createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody?: unknown } }).prototype;
    const decode = queue.addBody;
    if (typeof decode !== 'function') return () => false;
    return (on: boolean) => {
      queue.addBody = on ? decode : () => undefined;
      return true;
    };
  } catch {
    return () => false;
  }
})();
const enc = encodeURIComponent;

/** Questions from a JSON-lines file (each line has "question"). */
function questions(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question: string }).question);
}

/** A seeded shuffle (mulberry32), so every run sends the same mix. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
}

/** Runs autocannon against `base` for `seconds` (or for `amount` requests), cycling through `paths`. */
async function autocannonLoad(name: string, base: string, paths: string[], connections: number, seconds: number, amount?: number): Promise<Figures> {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }),
      },
    ],
  });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Runs the load generator of section 1 — wrk, or autocannon when wrk is not on PATH — against `base` for `seconds`, cycling through `paths`. */
async function load(name: string, base: string, paths: string[], connections: number, seconds: number): Promise<Figures> {
  if (!wrkLine) return autocannonLoad(name, base, paths, connections, seconds);
  // Each route is warmed up (JIT, caches) for a second before it is measured, so a row's p99 is not its first requests'.
  if (name !== 'warm-up') await runWrk({ base, paths, connections, seconds: 1, scriptDir: dir });
  return { name, ...wrkFigures(await runWrk({ base, paths, connections, seconds, scriptDir: dir })) };
}

async function server(env: Record<string, string>, entry?: string, probe?: string): Promise<RunningServer> {
  const s = await startServer({ LOG_PATH: join(dir, `log-${servers.length}.sqlite`), ...env }, probe, 120_000, entry);
  servers.push(s);
  // A server that dies mid-run shows up only as the load generator's "connection refused": say why it died.
  let stderr = '';
  s.child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  s.child.on('exit', (code, signal) => {
    if (servers.includes(s)) console.error(`bench: server ${entry ?? 'dist/node.js'} on ${s.base} exited (${code ?? signal}) during the run; its stderr:\n${stderr}`);
  });
  return s;
}

async function stop(s: RunningServer) {
  servers.splice(servers.indexOf(s), 1);
  await s.stop();
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
const num = (x: number, digits = 0) => x.toFixed(digits).padStart(9);

/** Prints rows with req/s as a ratio to `ceiling` (one figure, or each row's own). */
function table(rows: Figures[], ceiling: number | ((r: Figures) => number)) {
  console.log(`${pad('', 44)}    req/s  ratio   p50 ms   p99 ms  errors timeouts non-2xx`);
  for (const r of rows) {
    const top = typeof ceiling === 'number' ? ceiling : ceiling(r);
    console.log(
      `${pad(r.name, 44)}${num(r.rps)} ${(r.rps / top).toFixed(2).padStart(6)}${num(r.p50, 1)}${num(r.p99, 1)}${String(r.errors).padStart(8)}${String(r.timeouts).padStart(9)}${String(r.non2xx).padStart(8)}`,
    );
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Builds a knowledge base in a child process (`npm run ingest`), so this process —
 * which runs the load generator — does not carry the build's heap into the
 * measurements (its garbage collections would show up as client-side stalls).
 */
function ingest(inputs: string[], kbPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...inputs, '--kb', kbPath, '--full'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const bound = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(bound);
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`bench: ingest exited ${code}`));
    });
  });
}

try {
  console.log(`bench:load${quick ? ' --quick' : ''}: ${SECONDS} s per figure at 50 connections, soak ${SOAK_SECONDS} s at 100 connections; Node ${process.version}`);
  console.log(
    wrkLine
      ? `load generator: ${wrkLine} (2 threads); the soak: autocannon ${autocannonVersion}, its ratio against an autocannon ceiling`
      : `load generator: autocannon ${autocannonVersion} (wrk is not on PATH), the soak too`,
  );
  // Each measured row has a second's warm-up before it; then the soak's warm-up (~40 s), builds and server starts (~60 s).
  const expected = mixSectionSeconds(MIX_SECONDS) + 6 * (SECONDS + 1) + 2 * PAIRS * (PAIR_SECONDS + 1) + SOAK_SECONDS + 40 + 60;
  console.log(`expected duration: about ${Math.ceil(expected / 60)} minutes`);

  const { statutesKb } = await runMixSection({ seconds: MIX_SECONDS, dir, wrkLine, settings, server, stop });

  console.log(`\n2. The cached path on the bundled knowledge base`);
  const kbPath = join(dir, 'kb.sqlite');
  await ingest([settings.CORPUS_DIR], kbPath);

  // The ceiling and the bundled knowledge base, alternately in one run.
  const cached = await server({ KB_PATH: kbPath });
  const askBody = new Uint8Array(await (await fetch(`${cached.base}/api/ask?q=${enc(QUESTION)}`)).arrayBuffer());
  const askBytes = askBody.byteLength;
  const bodyFile = join(dir, 'ask-body.json');
  writeFileSync(bodyFile, askBody);
  const hello = await server({ BODY_FILE: bodyFile }, 'bench/ceiling.ts', '/');
  await load('warm-up', hello.base, ['/'], 50, 1);
  const ceiling = await load('trivial Hono handler (ceiling)', hello.base, ['/'], 50, SECONDS);
  const exactBytes = await load(`trivial handler, /api/ask's exact ${askBytes} B`, hello.base, ['/body'], 50, SECONDS);
  // The soak's ceiling, by the soak's client: with wrk, one autocannon run on the same handler (after a warm-up
  // of autocannon's own code in this process); without, the ceiling above is already autocannon's.
  let soakCeiling = ceiling;
  if (wrkLine) {
    await autocannonLoad('warm-up', hello.base, ['/'], 50, 1);
    soakCeiling = await autocannonLoad('trivial Hono handler, autocannon (ceiling)', hello.base, ['/'], 50, SECONDS);
  }
  // autocannon's own cost: the ceiling and the exact bytes again with its body decoding off (fallback only).
  const undecoded: Figures[] = [];
  if (!wrkLine && decodeBodies(false)) {
    undecoded.push(await load('trivial Hono handler (ceiling)', hello.base, ['/'], 50, SECONDS));
    undecoded.push(await load(`trivial handler, /api/ask's exact ${askBytes} B`, hello.base, ['/body'], 50, SECONDS));
    decodeBodies(true);
  }

  const devQuestions = questions('../shared/eval/seed-dev.jsonl');
  await load('warm-up', cached.base, devQuestions.map((q) => `/api/ask?q=${enc(q)}`), 50, 2);
  const ask = await load('/api/ask, one question repeated (cache)', cached.base, [`/api/ask?q=${enc(QUESTION)}`], 50, SECONDS);
  const rows: Figures[] = [ceiling, exactBytes, ask];
  if (undecoded.length > 0 && decodeBodies(false)) {
    undecoded.push(await load('/api/ask, one question repeated (cache)', cached.base, [`/api/ask?q=${enc(QUESTION)}`], 50, SECONDS));
    decodeBodies(true);
  }
  rows.push(await load('/api/search, one query repeated', cached.base, [`/api/search?q=${enc('行政复议')}`], 50, SECONDS));
  // The ratio again in alternating pairs (the ceiling, then /api/ask, PAIRS times): on a shared machine the
  // ceiling itself drifts by ±10 % over minutes, so a ratio of two runs taken moments apart is the steadier figure.
  const pairs: { ceiling: Figures; ask: Figures }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    pairs.push({
      ceiling: await load(`pair ${i + 1}: trivial Hono handler (ceiling)`, hello.base, ['/'], 50, PAIR_SECONDS),
      ask: await load(`pair ${i + 1}: /api/ask, one question repeated (cache)`, cached.base, [`/api/ask?q=${enc(QUESTION)}`], 50, PAIR_SECONDS),
    });
  }
  const bundledRss = processMemoryMb(cached.child.pid!);
  await stop(cached);
  await stop(hello);

  const uncached = await server({ KB_PATH: kbPath, ANSWER_CACHE_SIZE: '0' });
  await load('warm-up', uncached.base, [`/api/ask?q=${enc(QUESTION)}`], 50, 1);
  rows.push(await load('/api/ask, one question repeated, no cache', uncached.base, [`/api/ask?q=${enc(QUESTION)}`], 50, SECONDS));
  await stop(uncached);

  console.log(`\nBundled knowledge base (${wrkLine ? 'wrk' : 'autocannon'}, ${SECONDS} s each, 50 connections; ratio = req/s ÷ the ceiling measured above):`);
  table(rows, ceiling.rps);
  const noCache = rows.find((r) => r.name.startsWith('/api/ask, one question repeated, no cache'))!;
  console.log(
    `/api/ask (repeated question): ${(ask.rps / ceiling.rps).toFixed(2)} of the ceiling (target ≥ 0.5) ` +
      `and ${(ask.rps / exactBytes.rps).toFixed(2)} of one sending its exact bytes; ` +
      `p99 ${ask.p99.toFixed(1)} ms (target ≤ 10), ` +
      `${ask.errors + ask.timeouts + ask.non2xx} errors; the cache makes it ${(ask.rps / noCache.rps).toFixed(1)}× the uncached rate. ` +
      `Server RSS after these runs ${bundledRss.rss.toFixed(0)} MB (peak ${bundledRss.peak.toFixed(0)} MB).`,
  );
  const pairRatios = pairs.map((p) => p.ask.rps / p.ceiling.rps).sort((a, b) => a - b);
  console.log(`\n/api/ask (repeated question) and the ceiling in ${PAIRS} alternating pairs of ${PAIR_SECONDS} s (ratio = /api/ask ÷ the ceiling just before it):`);
  const pairCeiling = new Map(pairs.flatMap((p) => [[p.ceiling, p.ceiling.rps] as const, [p.ask, p.ceiling.rps] as const]));
  table(
    pairs.flatMap((p) => [p.ceiling, p.ask]),
    (r) => pairCeiling.get(r)!,
  );
  console.log(
    `ratios ${pairs.map((p) => (p.ask.rps / p.ceiling.rps).toFixed(2)).join(', ')}: median ${pairRatios[Math.floor(pairRatios.length / 2)].toFixed(2)} (target ≥ 0.5); ` +
      `p99 ${pairs.map((p) => p.ask.p99.toFixed(1)).join(', ')} ms; errors ${pairs.reduce((n, p) => n + p.ask.errors + p.ask.timeouts + p.ask.non2xx, 0)}`,
  );
  if (undecoded.length === 3) {
    console.log(`\nThe same with the load generator not decoding response bodies (bytes still counted; ratio against this ceiling):`);
    table(undecoded, undecoded[0].rps);
    const [top, , fast] = undecoded;
    console.log(
      `/api/ask (repeated question), bodies not decoded: ${(fast.rps / top.rps).toFixed(2)} of the ceiling (target ≥ 0.5), p99 ${fast.p99.toFixed(1)} ms, ` +
        `${fast.errors + fast.timeouts + fast.non2xx} errors.`,
    );
  } else if (!wrkLine) console.log('(this autocannon has no body-decoding internal to switch off: only the figures above)');

  // 3. The soak on the statute knowledge base (the mix section's).
  const soakServer = await server({ KB_PATH: statutesKb });
  const passages = ((await (await fetch(`${soakServer.base}/healthz`)).json()) as { passages: number }).passages;
  console.log(`\n3. Soak: statute knowledge base, ${passages} passages`);
  const stard = questions('../shared/stard/train.jsonl');
  const mix = shuffled(
    [...devQuestions, ...stard].flatMap((q, i) => (i % 4 === 3 ? [`/api/search?q=${enc(q)}`] : [`/api/ask?q=${enc(q)}`])),
    0x8_0008,
  );
  // Warm-up: every question of the mix twice, so the caches hold what the soak asks: answers, posting lists and
  // passages fill on the first ask, a cached answer's serialised body on the second. Growth after that is a leak.
  const warm = await autocannonLoad('soak warm-up', soakServer.base, mix, 100, 0, 2 * mix.length);
  console.log(`warm-up: ${warm.total} requests (every question twice) in ${(warm.total / Math.max(1, warm.rps)).toFixed(0)} s, ${warm.errors + warm.timeouts + warm.non2xx} errors`);
  const rss: number[] = [];
  const sampler = setInterval(() => {
    try {
      rss.push(processMemoryMb(soakServer.child.pid!).rss);
    } catch {
      // the server is gone; the load figures will say so
    }
  }, 1000);
  const soak = await autocannonLoad(`soak: ${mix.length} questions (3 ask : 1 search)`, soakServer.base, mix, 100, SOAK_SECONDS);
  clearInterval(sampler);
  const peak = processMemoryMb(soakServer.child.pid!).peak;
  await stop(soakServer);
  const first = rss.slice(0, WINDOW_SECONDS);
  const last = rss.slice(-WINDOW_SECONDS);
  const change = (mean(last) - mean(first)) / mean(first);
  if (wrkLine) {
    console.log(`Soak on the statute knowledge base (autocannon, ${SOAK_SECONDS} s, 100 connections, dev + STARD questions; ratio against autocannon's ceiling, ${SECONDS} s at 50 connections):`);
    table([soakCeiling, soak], soakCeiling.rps);
  } else {
    console.log(`Soak on the statute knowledge base (${SOAK_SECONDS} s, 100 connections, dev + STARD questions, ratio against the same ceiling):`);
    table([soak], soakCeiling.rps);
  }
  console.log(
    `requests ${soak.total}, errors ${soak.errors}, timeouts ${soak.timeouts}, non-2xx ${soak.non2xx}; ` +
      `RSS first ${WINDOW_SECONDS} s (after the warm-up) ${mean(first).toFixed(0)} MB, last ${WINDOW_SECONDS} s ${mean(last).toFixed(0)} MB ` +
      `(${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %, target within 10 %), peak ${peak.toFixed(0)} MB`,
  );
  // The server's memory is a collection sawtooth (~150 MB, a few seconds per tooth at this rate), so a
  // 10-second mean depends on where the teeth fall; each window's lowest point (what collection keeps) shows a trend.
  const floor = (Math.min(...last) - Math.min(...first)) / Math.min(...first);
  console.log(
    `lowest RSS in each window (what remains after collection): first ${Math.min(...first).toFixed(0)} MB, last ${Math.min(...last).toFixed(0)} MB ` +
      `(${floor >= 0 ? '+' : ''}${(floor * 100).toFixed(1)} %)`,
  );
  // Teeth can outlast a 10-second window (then its lowest point is still climbing): the troughs, what each major
  // collection left, are the series a leak would make rise.
  const troughs = collectionTroughs(rss);
  if (troughs.length >= 2) {
    const [t0, tn] = [troughs[0], troughs[troughs.length - 1]];
    const trend = (tn.value - t0.value) / t0.value;
    console.log(
      `after each major collection (RSS drops over 5 %): ${troughs.map((t) => `${t.value.toFixed(0)} MB @${t.at} s`).join(', ')}; ` +
        `last vs first ${trend >= 0 ? '+' : ''}${(trend * 100).toFixed(1)} %`,
    );
  } else console.log(`fewer than two major collections during the soak (${troughs.length}): no trough trend`);
  console.log(`RSS each second (MB): ${rss.map((m) => m.toFixed(0)).join(' ')}`);
} finally {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
