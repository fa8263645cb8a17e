// Timing helpers for benchmark scripts: repeated runs, medians and tail
// percentiles. Benchmarks print figures; tests never assert on time.
import { percentile } from './evaluation.js';

export interface Timing {
  runs: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
}

/** Runs `fn` over every input `rounds` times (after one warm-up round) and reports per-call latency. */
export function timeCalls<T>(inputs: T[], fn: (input: T) => unknown, rounds = 5, now: () => number = () => performance.now()): Timing {
  for (const input of inputs) fn(input);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const t0 = now();
      fn(input);
      samples.push(now() - t0);
    }
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    runs: samples.length,
    medianMs: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
  };
}
