// The realistic question mix of `npm run bench:load` (bench/question-mix.ts) on the real question files it reads
// from ../shared: every distinct question is sent, 10 % of the requests repeat an earlier one, the same seed gives
// the same mix, and the answer-cache estimate behaves as an LRU does. No timing: the bench prints the figures.
import { describe, expect, it } from 'vitest';
import { buildMix, estimatedHits, mixScript, questionsOf, seeded } from '../../bench/question-mix.js';

const SOURCES = ['../shared/eval/seed-dev.jsonl', '../shared/eval/provincial-dev.jsonl', '../shared/stard/train.jsonl'];
const distinct = [...new Set(SOURCES.flatMap(questionsOf))];

describe('the question mix', () => {
  const { mix, repeats } = buildMix(distinct, seeded(0x19_0003), 0.1);

  it('sends every distinct question, plus 10 % repeats of questions asked earlier', () => {
    expect(distinct.length).toBeGreaterThan(1200);
    expect(new Set(mix)).toEqual(new Set(distinct));
    expect(mix.length).toBe(distinct.length + repeats);
    expect(repeats / mix.length).toBeCloseTo(0.1, 2);
    const seen = new Set<string>();
    let again = 0;
    for (const q of mix) {
      if (seen.has(q)) again++;
      seen.add(q);
    }
    expect(again).toBe(repeats);
  });

  it('is shuffled, and the same for the same seed', () => {
    expect(buildMix(distinct, seeded(0x19_0003), 0.1).mix).toEqual(mix);
    expect(buildMix(distinct, seeded(7), 0.1).mix).not.toEqual(mix);
    expect(mix.slice(0, 50)).not.toEqual(distinct.slice(0, 50));
  });

  it('estimates answer-cache hits as an LRU replay', () => {
    expect(estimatedHits(mix, mix.length, 0, 2, true)).toBe(0);
    // A cache holding every question: the second time round everything hits.
    expect(estimatedHits(mix, 2 * mix.length, mix.length, 1, false)).toBeGreaterThan(0.5);
    // The default 500 answers: most repeats come too late to hit.
    const hits = estimatedHits(mix, mix.length, 500, 2, true);
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(0.1);
  });

  it('starts each wrk thread at its own offset into the mix', () => {
    const script = mixScript(['/a', '/b', '/c', '/d'], 2);
    expect(script).toContain('thread:set("start", math.floor(started * #paths / 2))');
    expect(script).toContain('"/d",');
    expect(script).toContain('function done(summary, latency, requests)');
  });
});
