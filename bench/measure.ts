// Timing helpers for benchmark scripts: repeated runs, medians and tail
// percentiles. Benchmarks print figures; tests never assert on time.
import { percentile } from '../eval/evaluation.js';

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

/**
 * The troughs of a garbage-collected process's memory series (one sample a second): each sample that
 * follows a drop of more than `drop` (a share of the sample before) — what a major collection left.
 * A server's resident memory is a sawtooth whose teeth can be longer than any fixed window, so a leak shows
 * as rising troughs, not as a later window's mean or minimum.
 */
export function collectionTroughs(samples: number[], drop = 0.05): { at: number; value: number }[] {
  const troughs: { at: number; value: number }[] = [];
  for (let i = 1; i < samples.length; i++) {
    if (samples[i] < samples[i - 1] * (1 - drop)) troughs.push({ at: i, value: samples[i] });
  }
  return troughs;
}
