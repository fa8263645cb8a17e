// The realistic question mix of `npm run bench:load` (issue #19 item 3), as pure functions so
// tests/bench/question-mix.test.ts can check it: every distinct question once, shuffled with a fixed seed,
// with a share of the requests repeating an earlier question; the wrk script that replays it with each
// thread starting at its own offset; and the answer-cache hits such a replay leaves (an LRU replay).
import { readFileSync } from 'node:fs';
import { luaString, WRK_DONE } from './wrk.js';

/** Questions of a JSON-lines file (each line has "question"). */
export function questionsOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question: string }).question);
}

/** mulberry32: a seeded random in [0, 1), so every run sends the same mix. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every distinct question once, shuffled, with `repeatShare` of the requests repeating an earlier one (uniformly chosen). */
export function buildMix(distinct: string[], random: () => number, repeatShare: number): { mix: string[]; repeats: number } {
  const order = [...distinct];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const repeats = Math.round((order.length * repeatShare) / (1 - repeatShare));
  // Repeat slots spread over the sequence (never first), each repeating a question asked before it.
  const slots = new Set<number>();
  while (slots.size < repeats) slots.add(1 + Math.floor(random() * (order.length + repeats - 1)));
  const mix: string[] = [];
  let next = 0;
  for (let i = 0; i < order.length + repeats; i++) mix.push(slots.has(i) ? mix[Math.floor(random() * mix.length)] : order[next++]);
  return { mix, repeats };
}

/** wrk script: the paths, each of `threads` threads starting at its own offset (thread k at k/threads of the list), then cycling. */
export function mixScript(paths: string[], threads: number): string {
  return `paths = {\n${paths.map((p) => `  ${luaString(p)},`).join('\n')}\n}
local started = 0
function setup(thread)
  thread:set("start", math.floor(started * #paths / ${threads}))
  started = started + 1
end
function init(args)
  i = start or 0
end
request = function()
  i = i + 1
  return wrk.format(nil, paths[(i % #paths) + 1])
end
${WRK_DONE}`;
}

/**
 * Estimated answer-cache hits of `total` requests over the mix: `threads` sequences (each starting k/threads of the
 * way in, one step past it as wrk's request() does when `skipFirst`) interleaved one to one through an LRU of `cacheSize`.
 */
export function estimatedHits(mix: string[], total: number, cacheSize: number, threads: number, skipFirst: boolean): number {
  if (cacheSize === 0) return 0;
  const starts = Array.from({ length: threads }, (_, k) => Math.floor((k * mix.length) / threads));
  const lru = new Map<string, true>();
  let hits = 0;
  for (let n = 0; n < total; n++) {
    const t = n % threads;
    const q = mix[(starts[t] + Math.floor(n / threads) + (skipFirst ? 1 : 0)) % mix.length];
    if (lru.delete(q)) hits++;
    lru.set(q, true);
    if (lru.size > cacheSize) lru.delete(lru.keys().next().value!);
  }
  return hits / Math.max(1, total);
}
