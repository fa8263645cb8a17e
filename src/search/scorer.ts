// BM25F over the inverted index: body and heading-path frequencies combined
// with their own length normalisation, plus a per-document title score shared
// by the document's passages. Allocation-free per query apart from the result.
import type { KnowledgeBaseStore } from '../model/store.js';

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface ScoreOptions {
  k1: number;
  b: number;
  /** Weight of a heading-path occurrence relative to a body occurrence. */
  headingWeight: number;
  /** Weight of the document title score added to each matching passage. */
  titleWeight: number;
  /** Weight of the whole-document score (what the law is about as a whole) added to each matching passage. */
  documentWeight: number;
  /** Passages returned, best first. */
  limit: number;
  /** Terms found in more than this share of passages are skipped when rarer terms exist (speed; they carry little). */
  maxDocumentShare: number;
  /** Per document ordinal: 0 excludes the document, otherwise a score multiplier. */
  documentFactor?: Float32Array;
}

export const DEFAULT_SCORE_OPTIONS: ScoreOptions = {
  k1: 1.2,
  b: 0.75,
  headingWeight: 1.5,
  titleWeight: 0.5,
  documentWeight: 0,
  limit: 100,
  maxDocumentShare: 0.25,
};

export interface ScoredPassage {
  ord: number;
  score: number;
}

let scratch: Float32Array = new Float32Array(0);
let titleScratch: Float32Array = new Float32Array(0);
let documentScratch: Float32Array = new Float32Array(0);

export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Per passage, BM25's length normalisation 1 − b + b·length/average for the body and the heading path: the same
 * values every query computed per posting, made once per store (and b) and kept with it.
 */
const norms = new WeakMap<KnowledgeBaseStore, { b: number; body: Float64Array; heading: Float64Array }>();

function lengthNorms(store: KnowledgeBaseStore, b: number): { body: Float64Array; heading: Float64Array } {
  let n = norms.get(store);
  if (!n || n.b !== b) {
    const avgB = store.meta.avgBodyLength || 1;
    const avgH = store.meta.avgHeadingLength || 1;
    const count = store.meta.passageCount;
    const body = new Float64Array(count);
    const heading = new Float64Array(count);
    for (let ord = 0; ord < count; ord++) {
      body[ord] = 1 - b + (b * store.bodyLengths[ord]) / avgB;
      heading[ord] = 1 - b + (b * store.headingLengths[ord]) / avgH;
    }
    norms.set(store, (n = { b, body, heading }));
  }
  return n;
}

export function scorePassages(store: KnowledgeBaseStore, terms: WeightedTerm[], options: ScoreOptions = DEFAULT_SCORE_OPTIONS): ScoredPassage[] {
  const n = store.meta.passageCount;
  const docs = store.documents.length;
  if (n === 0 || terms.length === 0) return [];
  if (scratch.length < n) scratch = new Float32Array(n);
  if (titleScratch.length < docs) titleScratch = new Float32Array(docs);
  if (documentScratch.length < docs) documentScratch = new Float32Array(docs);
  const docAcc = documentScratch;
  const acc = scratch;
  const titleAcc = titleScratch;
  const touched: number[] = [];
  const touchedDocs: number[] = [];
  const { k1, b, headingWeight } = options;
  const { body: denBody, heading: denHeading } = lengthNorms(store, b);

  const lists = terms
    .map((t) => ({ t, list: store.postings(t.term) }))
    .filter((x): x is { t: WeightedTerm; list: NonNullable<typeof x.list> } => x.list !== null);
  const rare = lists.filter((x) => x.list.ids.length <= options.maxDocumentShare * n);
  const used = rare.length > 0 ? rare : lists;

  for (const { t, list } of used) {
    const w = t.weight * idf(n, list.ids.length);
    const { ids, tfBody, tfHeading } = list;
    for (let i = 0; i < ids.length; i++) {
      const ord = ids[i];
      // Most postings have no heading occurrence: its term is exactly 0 then, without the division.
      const th = tfHeading[i];
      const tf = tfBody[i] / denBody[ord] + (th === 0 ? 0 : (headingWeight * th) / denHeading[ord]);
      if (acc[ord] === 0) touched.push(ord);
      acc[ord] += (w * tf * (k1 + 1)) / (tf + k1);
    }
  }

  if (options.titleWeight > 0) {
    for (const t of terms) {
      const list = store.titlePostings(t.term);
      if (!list) continue;
      const w = t.weight * idf(docs, list.ids.length);
      for (let i = 0; i < list.ids.length; i++) {
        const d = list.ids[i];
        if (titleAcc[d] === 0 && docAcc[d] === 0) touchedDocs.push(d);
        const tf = list.tfHeading[i];
        titleAcc[d] += (w * tf * (k1 + 1)) / (tf + k1);
      }
    }
  }

  if (options.documentWeight > 0) {
    const avgDoc = store.meta.passageCount ? (store.meta.avgBodyLength * n) / docs : 1;
    for (const t of terms) {
      const list = store.documentPostings(t.term);
      if (!list || list.ids.length > 0.5 * docs) continue;
      const w = options.documentWeight * t.weight * idf(docs, list.ids.length);
      for (let i = 0; i < list.ids.length; i++) {
        const d = list.ids[i];
        const tf = list.tfBody[i] / (1 - b + (b * store.documentLengths[d]) / avgDoc);
        if (titleAcc[d] === 0 && docAcc[d] === 0) touchedDocs.push(d);
        docAcc[d] += (w * tf * (k1 + 1)) / (tf + k1);
      }
    }
  }

  // Keep the best `limit` in a min-heap held in typed arrays: no object per candidate, no array per swap (a
  // statute question touches ~17,000 passages). The same heap steps as before, so ties at the edge resolve alike.
  const factor = options.documentFactor;
  const cap = Math.min(options.limit, touched.length);
  if (heapScores.length < cap) {
    heapScores = new Float64Array(cap);
    heapOrds = new Uint32Array(cap);
  }
  const hs = heapScores;
  const ho = heapOrds;
  let size = 0;
  for (const ord of touched) {
    const doc = store.passageDoc[ord];
    let score = acc[ord] + options.titleWeight * titleAcc[doc] + docAcc[doc];
    acc[ord] = 0;
    if (factor) score *= factor[doc];
    if (score <= 0) continue;
    if (size < options.limit) {
      hs[size] = score;
      ho[size] = ord;
      siftUp(hs, ho, size++);
    } else if (score > hs[0]) {
      hs[0] = score;
      ho[0] = ord;
      siftDown(hs, ho, 0, size);
    }
  }
  for (const d of touchedDocs) {
    titleAcc[d] = 0;
    docAcc[d] = 0;
  }
  const best: ScoredPassage[] = new Array(size);
  for (let i = 0; i < size; i++) best[i] = { ord: ho[i], score: hs[i] };
  return best.sort((a, b2) => b2.score - a.score || a.ord - b2.ord);
}

let heapScores = new Float64Array(0);
let heapOrds = new Uint32Array(0);

function swap(hs: Float64Array, ho: Uint32Array, i: number, j: number): void {
  const s = hs[i];
  hs[i] = hs[j];
  hs[j] = s;
  const o = ho[i];
  ho[i] = ho[j];
  ho[j] = o;
}

function siftUp(hs: Float64Array, ho: Uint32Array, i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (hs[p] <= hs[i]) return;
    swap(hs, ho, p, i);
    i = p;
  }
}

function siftDown(hs: Float64Array, ho: Uint32Array, i: number, size: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < size && hs[l] < hs[m]) m = l;
    if (r < size && hs[r] < hs[m]) m = r;
    if (m === i) return;
    swap(hs, ho, m, i);
    i = m;
  }
}
