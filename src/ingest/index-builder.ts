// Building the inverted index: passages are added in ordinal order with their
// body and heading-path terms; document titles are indexed apart, per document.
// Pagefind-style: indexing is done once, apart from search, and the result is
// plain bytes that any runtime can read.
import type { BuiltIndex } from '../model/store.js';
import { encodePostings } from '../search/postings.js';

export type { BuiltIndex };

interface Accumulator {
  ids: number[];
  tfBody: number[];
  tfHeading: number[];
}


function countTerms(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export class IndexBuilder {
  private readonly passages = new Map<string, Accumulator>();
  private readonly titles = new Map<string, Accumulator>();
  private readonly docs = new Map<string, Accumulator>();
  private readonly docLengths: number[] = [];
  private currentDoc = -1;
  private currentDocTerms = new Map<string, number>();
  private readonly bodyLengths: number[] = [];
  private readonly headingLengths: number[] = [];

  /** Adds passage `ord` (0, 1, 2 … in order) of document `docOrd` (passages of a document are added together). */
  addPassage(ord: number, bodyTerms: string[], headingTerms: string[], docOrd = 0): void {
    if (ord !== this.bodyLengths.length) throw new Error(`index: passage ${ord} added out of order`);
    if (docOrd !== this.currentDoc) this.switchDocument(docOrd);
    for (const t of bodyTerms) this.currentDocTerms.set(t, (this.currentDocTerms.get(t) ?? 0) + 1);
    this.docLengths[docOrd] = (this.docLengths[docOrd] ?? 0) + bodyTerms.length;
    this.bodyLengths.push(Math.min(65535, bodyTerms.length));
    this.headingLengths.push(Math.min(255, headingTerms.length));
    const body = countTerms(bodyTerms);
    const heading = countTerms(headingTerms);
    for (const [term, tf] of body) {
      const acc = this.accumulator(this.passages, term);
      acc.ids.push(ord);
      acc.tfBody.push(tf);
      acc.tfHeading.push(heading.get(term) ?? 0);
    }
    for (const [term, tf] of heading) {
      if (body.has(term)) continue;
      const acc = this.accumulator(this.passages, term);
      acc.ids.push(ord);
      acc.tfBody.push(0);
      acc.tfHeading.push(tf);
    }
  }

  /** Adds the title terms of document `docOrd` (ascending order). */
  addTitle(docOrd: number, titleTerms: string[]): void {
    for (const [term, tf] of countTerms(titleTerms)) {
      const acc = this.accumulator(this.titles, term);
      acc.ids.push(docOrd);
      acc.tfBody.push(0);
      acc.tfHeading.push(tf);
    }
  }

  private switchDocument(docOrd: number): void {
    if (this.currentDoc >= 0) {
      for (const [term, tf] of this.currentDocTerms) {
        const acc = this.accumulator(this.docs, term);
        acc.ids.push(this.currentDoc);
        acc.tfBody.push(tf);
        acc.tfHeading.push(0);
      }
    }
    this.currentDocTerms = new Map();
    this.currentDoc = docOrd;
  }

  build(): BuiltIndex {
    this.switchDocument(-1);
    const encode = (map: Map<string, Accumulator>) => {
      const out = new Map<string, Uint8Array>();
      for (const [term, acc] of map) out.set(term, encodePostings(acc.ids, acc.tfBody, acc.tfHeading));
      return out;
    };
    return {
      postings: encode(this.passages),
      titles: encode(this.titles),
      documents: encode(this.docs),
      documentLengths: Uint32Array.from(this.docLengths, (v) => v ?? 0),
      bodyLengths: Uint16Array.from(this.bodyLengths),
      headingLengths: Uint8Array.from(this.headingLengths),
    };
  }

  private accumulator(map: Map<string, Accumulator>, term: string): Accumulator {
    let acc = map.get(term);
    if (!acc) map.set(term, (acc = { ids: [], tfBody: [], tfHeading: [] }));
    return acc;
  }
}
