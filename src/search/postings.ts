// Posting lists, compactly encoded: for one term, the passages (or documents)
// that contain it, with term frequencies per field. Delta-coded varints for the
// ids, one byte per frequency (capped at 255): a few bytes per posting, so the
// statute corpus's index stays a fraction of its text.
import type { PostingList } from '../model/store.js';

export type { PostingList };


/** Encodes a posting list: [count][id deltas…][tfBody…][tfHeading…]. */
export function encodePostings(ids: ArrayLike<number>, tfBody: ArrayLike<number>, tfHeading: ArrayLike<number>): Uint8Array {
  const n = ids.length;
  const out = new Uint8Array(5 + n * 5 + n * 2);
  let at = writeVarint(out, 0, n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    at = writeVarint(out, at, ids[i] - prev);
    prev = ids[i];
  }
  for (let i = 0; i < n; i++) out[at++] = Math.min(255, tfBody[i]);
  for (let i = 0; i < n; i++) out[at++] = Math.min(255, tfHeading[i]);
  return out.slice(0, at);
}

export function decodePostings(bytes: Uint8Array): PostingList {
  const [n, start] = readVarint(bytes, 0);
  const ids = new Uint32Array(n);
  let at = start;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const [delta, next] = readVarint(bytes, at);
    prev += delta;
    ids[i] = prev;
    at = next;
  }
  return { ids, tfBody: bytes.subarray(at, at + n), tfHeading: bytes.subarray(at + n, at + 2 * n) };
}

/** The number of postings, read from the header without decoding the list. */
export function postingCount(bytes: Uint8Array): number {
  return readVarint(bytes, 0)[0];
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}
