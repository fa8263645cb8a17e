// Calibrating the certainty of statute answers (src/search/provisions.ts): a
// logistic regression from the answer's signals to "the first article is a gold
// one", and the lowest threshold whose answers are right at least `precision`
// of the time. Written by hand because it is thirty lines: batch gradient
// descent with a little L2, over five signals in 0–1, needs no library.
import { SIGNAL_NAMES, statuteCertainty, type StatuteCalibration, type StatuteSignals } from '../src/search/provisions.js';

export interface CalibrationRow {
  signals: StatuteSignals;
  /** The first article shown is a gold one. */
  right: boolean;
}

/** Logistic-regression weights (intercept first) fitted to the rows. */
export function fitWeights(rows: CalibrationRow[], { steps = 3000, rate = 0.5, l2 = 0.001 } = {}): number[] {
  const x = rows.map((r) => [1, ...SIGNAL_NAMES.map((n) => r.signals[n])]);
  const y = rows.map((r) => (r.right ? 1 : 0));
  const w = new Array(SIGNAL_NAMES.length + 1).fill(0);
  for (let step = 0; step < steps; step++) {
    const grad = new Array(w.length).fill(0);
    x.forEach((xi, i) => {
      const p = 1 / (1 + Math.exp(-xi.reduce((s, v, j) => s + v * w[j], 0)));
      for (let j = 0; j < w.length; j++) grad[j] += (p - y[i]) * xi[j];
    });
    for (let j = 0; j < w.length; j++) w[j] -= rate * (grad[j] / (x.length || 1) + (j ? l2 * w[j] : 0));
  }
  return w.map((v) => Math.round(v * 1000) / 1000);
}

/** The lowest certainty at which the answers given (rows at or above it) are right at least `precision` of the time. */
export function chooseThreshold(rows: CalibrationRow[], weights: number[], precision: number): number {
  const scored = rows.map((r) => ({ p: statuteCertainty(r.signals, { weights, threshold: 0 }), right: r.right })).sort((a, b) => b.p - a.p);
  let right = 0;
  let best = 1;
  scored.forEach((s, i) => {
    right += s.right ? 1 : 0;
    const next = scored[i + 1];
    // Only between distinct certainties: a threshold cannot split equal ones.
    if ((!next || next.p < s.p) && right / (i + 1) >= precision) best = s.p;
  });
  return Math.round(best * 1000) / 1000;
}

export function calibrate(rows: CalibrationRow[], precision: number): StatuteCalibration {
  const weights = fitWeights(rows);
  return { weights, threshold: chooseThreshold(rows, weights, precision) };
}
