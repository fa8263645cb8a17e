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
  const avgB = store.meta.avgBodyLength || 1;
  const avgH = store.meta.avgHeadingLength || 1;
  const bodyLen = store.bodyLengths;
  const headLen = store.headingLengths;

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
      const tf = tfBody[i] / (1 - b + (b * bodyLen[ord]) / avgB) + (headingWeight * tfHeading[i]) / (1 - b + (b * headLen[ord]) / avgH);
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

  // Keep the best `limit` in a small min-heap.
  const heap: ScoredPassage[] = [];
  const factor = options.documentFactor;
  for (const ord of touched) {
    const doc = store.passageDoc[ord];
    let score = acc[ord] + options.titleWeight * titleAcc[doc] + docAcc[doc];
    acc[ord] = 0;
    if (factor) score *= factor[doc];
    if (score <= 0) continue;
    if (heap.length < options.limit) {
      heap.push({ ord, score });
      siftUp(heap, heap.length - 1);
    } else if (score > heap[0].score) {
      heap[0] = { ord, score };
      siftDown(heap, 0);
    }
  }
  for (const d of touchedDocs) {
    titleAcc[d] = 0;
    docAcc[d] = 0;
  }
  return heap.sort((a, b2) => b2.score - a.score || a.ord - b2.ord);
}

function siftUp(h: ScoredPassage[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p].score <= h[i].score) return;
    [h[p], h[i]] = [h[i], h[p]];
    i = p;
  }
}

function siftDown(h: ScoredPassage[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l].score < h[m].score) m = l;
    if (r < h.length && h[r].score < h[m].score) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i], h[m]];
    i = m;
  }
}
