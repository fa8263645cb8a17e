// Highlighting matched terms in display text. Terms are in match form
// (Simplified, NFKC) while the text is as published, so matching runs on a
// per-character normalised copy whose offsets map back to the original.
import { normalizeForMatch } from './normalize.js';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const charCache = new Map<string, string>();

function normalizeChar(ch: string): string {
  let n = charCache.get(ch);
  if (n === undefined) {
    n = normalizeForMatch(ch) || (/\s/.test(ch) ? ' ' : '');
    if (charCache.size < 50_000) charCache.set(ch, n);
  }
  return n;
}

/** Per-code-point normalised text plus, for each normalised char, the original offset it came from. */
function normalizedWithOffsets(text: string): { norm: string; origin: number[] } {
  let norm = '';
  const origin: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const n = normalizeChar(ch);
    for (let i = 0; i < n.length; i++) origin.push(offset);
    norm += n;
    offset += ch.length;
  }
  origin.push(offset);
  return { norm, origin };
}

/** Character ranges [start, end) of the original text where any of the terms occur. */
export function matchRanges(text: string, terms: string[]): [number, number][] {
  const { norm, origin } = normalizedWithOffsets(text);
  const marks = new Uint8Array(norm.length);
  for (const term of terms) {
    if (!term) continue;
    // A number only matches a whole number: "4" must not light up inside "2021" or "834".
    const digitStart = /^\d/.test(term);
    const digitEnd = /\d$/.test(term);
    let at = norm.indexOf(term);
    while (at !== -1) {
      const end = at + term.length;
      const whole =
        (!digitStart || at === 0 || !/[\d.]/.test(norm[at - 1])) && (!digitEnd || end >= norm.length || !/[\d.]/.test(norm[end]));
      if (whole) marks.fill(1, at, end);
      at = norm.indexOf(term, at + 1);
    }
  }
  const ranges: [number, number][] = [];
  for (let i = 0; i < marks.length; i++) {
    if (!marks[i]) continue;
    let j = i;
    while (j < marks.length && marks[j]) j++;
    ranges.push([origin[i], origin[j]]);
    i = j;
  }
  return ranges;
}

/** HTML with the ranges wrapped in <mark>, all text escaped. */
export function markRanges(text: string, ranges: [number, number][], tag = 'mark'): string {
  let html = '';
  let last = 0;
  for (const [s, e] of ranges) {
    if (s < last) continue;
    html += escapeHtml(text.slice(last, s)) + `<${tag}>` + escapeHtml(text.slice(s, e)) + `</${tag}>`;
    last = e;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * A snippet of at most `width` characters around the densest cluster of matches,
 * as escaped HTML with <mark> highlights.
 */
export function snippet(text: string, terms: string[], width = 160): string {
  const ranges = matchRanges(text, terms);
  if (text.length <= width) return markRanges(text, ranges);
  // Pick the window start that covers the most matched characters.
  let bestStart = 0;
  let bestCover = -1;
  for (const [s] of ranges) {
    const start = Math.max(0, Math.min(s - 20, text.length - width));
    const cover = ranges.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, start + width) - Math.max(a, start)), 0);
    if (cover > bestCover) {
      bestCover = cover;
      bestStart = start;
    }
  }
  const end = Math.min(text.length, bestStart + width);
  const inside = ranges
    .filter(([s, e]) => s >= bestStart && e <= end)
    .map(([s, e]) => [s - bestStart, e - bestStart] as [number, number]);
  return (bestStart > 0 ? '…' : '') + markRanges(text.slice(bestStart, end), inside) + (end < text.length ? '…' : '');
}
