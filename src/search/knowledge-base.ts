// A loaded knowledge base: lookups over its store (SQLite on Node, memory on
// Workers and in tests), with small bounded caches for hot passages and terms.
import { idf as bm25Idf } from './scorer.js';
import { LRUCache } from 'lru-cache';
import type { DocumentRecord, Paragraph } from '../model/document.js';
import { normalizeForMatch } from '../text/normalize.js';
import { passageFrame, type PassageFrame } from './frame.js';
import { KB_FORMAT_VERSION, type DocumentSummary, type KnowledgeBaseStore, type StoredPassage } from '../model/store.js';

/**
 * Bounded memo: the value for `key` from the cache, else made now and cached — unless the store missed while it
 * was made (a D1 store's stand-in): that value is wrong until the loader has filled the miss, so it is not kept.
 */
function memo<K extends {}, V extends {}>(cache: LRUCache<K, V>, key: K, make: () => V, store: KnowledgeBaseStore): V {
  let v = cache.get(key);
  if (v === undefined) {
    const loader = store.loader;
    if (!loader) cache.set(key, (v = make()));
    else {
      const before = loader.misses;
      v = make();
      if (loader.misses === before) cache.set(key, v);
    }
  }
  return v;
}

/** A loaded knowledge base: lookups over its store, with small caches for hot data. */
export class KnowledgeBase {
  private readonly byId = new Map<string, DocumentSummary>();
  // The hot passages of recent queries stay decoded and normalised. A statute question reranks 300
  // candidates, and reading one from SQLite was a fifth of a search: 16,384 (a quarter of all statutes'
  // passages; +21 MB resident measured) keeps the commonly asked laws in memory.
  private readonly passages = new LRUCache<number, StoredPassage>({ max: 16384 });
  private readonly matchTexts = new LRUCache<number, string>({ max: 16384 });
  // Ranking reads the match form of a few hundred candidates per question, and statute questions spread over all
  // laws. From a file, every passage's is kept once read, by ordinal (the statutes' 66,678: ~25 MB; an array, as
  // the LRU's bookkeeping cost more than the reads it saved); a store that fetches over the network (loader) or a
  // very large knowledge base keeps the LRU.
  private readonly allMatchTexts: (string | undefined)[] | null;
  private readonly dfCache = new LRUCache<string, number>({ max: 20000 });
  private readonly frames = new LRUCache<number, PassageFrame>({ max: 16384 });

  constructor(readonly store: KnowledgeBaseStore) {
    if (store.meta.version !== KB_FORMAT_VERSION) {
      throw new Error(`knowledge base: format version ${store.meta.version} is not supported (expected ${KB_FORMAT_VERSION}); re-run ingest`);
    }
    for (const d of store.documents) this.byId.set(d.id, d);
    this.allMatchTexts = !store.loader && store.meta.passageCount <= 131072 ? new Array<string | undefined>(store.meta.passageCount) : null;
  }

  /**
   * Reads the knowledge base for real (the store's probe, else one passage row): throws when it cannot be read,
   * so /healthz says "unavailable" for a file damaged while served, not "ok" from what was loaded at start.
   */
  check(): void {
    if (this.store.probe) this.store.probe();
    else if (this.passageCount > 0) this.store.passage(this.passageCount - 1);
  }

  /**
   * The store's miss count (0 for a store that never misses): a cache of derived data compares it before and
   * after computing, and keeps the result only when it did not move (see QaService.load).
   */
  get misses(): number {
    return this.store.loader?.misses ?? 0;
  }

  get passageCount(): number {
    return this.store.meta.passageCount;
  }

  get builtAt(): string {
    return this.store.meta.builtAt;
  }

  get userWords(): string[] {
    return this.store.meta.userWords;
  }

  /** Inverse document frequency (BM25 form, never negative). Unknown terms get the maximum. */
  idf(term: string): number {
    return bm25Idf(this.passageCount, this.documentFrequency(term));
  }

  /** Passages containing the term (0 for terms the corpus never uses). */
  documentFrequency(term: string): number {
    return memo(this.dfCache, term, () => this.store.documentFrequency(term), this.store);
  }

  vocabulary(): Iterable<string> {
    return this.store.vocabulary();
  }

  documents(): DocumentSummary[] {
    return this.store.documents;
  }

  /** A document's summary (no paragraphs). */
  summary(id: string): DocumentSummary | undefined {
    return this.byId.get(id);
  }

  /** A whole document with its paragraphs. */
  document(id: string): (DocumentSummary & { paragraphs: Paragraph[] }) | undefined {
    const s = this.byId.get(id);
    return s ? { ...s, paragraphs: this.store.paragraphs(s.ord) } : undefined;
  }

  passage(ord: number): StoredPassage {
    return memo(this.passages, ord, () => this.store.passage(ord), this.store);
  }

  /** The region, years and stance a passage speaks for (its section's, plus the years it names). */
  passageFrame(ord: number): PassageFrame {
    return memo(this.frames, ord, () => {
      const p = this.passage(ord);
      return passageFrame(this.store.documents[p.docOrd], p, this.matchText(ord));
    }, this.store);
  }

  /** The passage's heading path and text in match form, for coverage and phrase checks. */
  matchText(ord: number): string {
    const all = this.allMatchTexts;
    if (all && ord >= 0 && ord < all.length) return (all[ord] ??= this.readMatchText(ord));
    return memo(this.matchTexts, ord, () => this.readMatchText(ord), this.store);
  }

  private readMatchText(ord: number): string {
    // Stored at ingest: read alone where the store can (ranking needs only this of most candidates).
    const stored = this.passages.get(ord)?.match ?? this.store.passageMatch?.(ord);
    if (stored !== undefined) return stored;
    const p = this.passage(ord);
    return p.match ?? normalizeForMatch(p.heading.join(' ') + ' ' + p.text);
  }
}

export type { DocumentRecord };
