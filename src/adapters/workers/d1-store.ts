// A knowledge-base store over Cloudflare D1, for knowledge bases too big for the
// Worker's 10 MiB bundle (all statutes: 84 MB). What every request needs and is
// small — meta, the per-passage arrays, documents, heading paragraphs, the
// vocabulary with document frequencies, known questions — comes in the bundled
// "head" (kb.bin, written by `npm run build:worker -- --d1`); posting lists,
// passages and paragraphs live in D1 tables (d1-export.ts writes them).
//
// D1 is asynchronous and the search core is synchronous (Node reads SQLite
// synchronously and must lose no speed), so this store never waits: a read it
// has not fetched returns a harmless stand-in (no postings, an empty passage, no
// paragraphs) and is recorded; QaService.load fetches a round's misses in one
// db.batch() and runs the work again ("suspense-style", src/model/store.ts).
// Fetched data stays in bounded per-isolate LRU caches.
import { LRUCache } from 'lru-cache';
import type { Paragraph } from '../../model/document.js';
import type { DocumentSummary, KnowledgeBaseMeta, KnowledgeBaseStore, KnownQuestion, PostingList, StoredPassage, StoreLoader, StoreMisses } from '../../model/store.js';
import { PolicyQaError } from '../../errors.js';
import { decodePostings } from '../../search/postings.js';

export const D1_HEAD_KIND = 'policy-qa-d1-head';
/** Bumped when the head or the D1 tables change shape; the Worker refuses another. */
export const D1_HEAD_FORMAT = 1;

/** Term flags in the head: which posting lists exist for a term. */
export const HAS_PASSAGE_POSTINGS = 1;
export const HAS_TITLE_POSTINGS = 2;
export const HAS_DOCUMENT_POSTINGS = 4;

/** Posting-list row keys: kind prefix + term (one indexed column, so one `IN (…)` serves all three kinds). */
export const POSTING_PREFIX = { postings: 'p:', titles: 't:', documents: 'd:' } as const;

/** The bundled part of a D1 knowledge base: what never misses. */
export interface D1Head {
  kind: typeof D1_HEAD_KIND;
  format: number;
  meta: KnowledgeBaseMeta;
  documents: DocumentSummary[];
  bodyLengths: Uint16Array;
  headingLengths: Uint8Array;
  passageDoc: Uint32Array;
  documentLengths: Uint32Array;
  headingParagraphs: { docOrd: number; text: string }[];
  /** Every term with any posting list, sorted; df and flags by the same index. */
  terms: string[];
  /** Passages containing the term (0 when it has only title or document postings). */
  df: Uint32Array;
  /** HAS_*_POSTINGS bits. */
  flags: Uint8Array;
  knownQuestions: KnownQuestion[];
}

export function isD1Head(value: unknown): value is D1Head {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === D1_HEAD_KIND;
}

/** The little of D1's API used here (a D1Database binding satisfies it; tests use a better-sqlite3 shim). */
export interface KbD1Like {
  prepare(sql: string): KbD1Statement;
  batch(statements: KbD1Statement[]): Promise<{ results?: unknown[] }[]>;
}
export interface KbD1Statement {
  bind(...values: unknown[]): KbD1Statement;
}

/** D1 allows at most 100 bound parameters per statement. */
export const D1_MAX_PARAMS = 100;

export interface D1StoreOptions {
  /** Bytes of decoded posting lists kept per isolate (ids 4 bytes + 2 frequency bytes per posting). */
  postingCacheBytes?: number;
  /** Passages kept per isolate. */
  passageCache?: number;
  /** Documents whose paragraphs are kept per isolate. */
  paragraphCache?: number;
}

/** What the loader has done, for benchmarks and the Server-Timing header. */
export interface D1StoreStats {
  /** fill() calls: D1 round trips (each one batch). */
  fills: number;
  /** Statements sent in those batches. */
  statements: number;
  /** Milliseconds spent waiting for D1. */
  waitMs: number;
}

export type D1Store = KnowledgeBaseStore & { readonly loader: StoreLoader; readonly stats: D1StoreStats };

/** The knowledge base refers to D1 data that is not there, or not this head's. */
export class D1KnowledgeBaseError extends PolicyQaError {
  constructor(detail: string) {
    super(503, 'knowledge base', detail);
    this.name = 'D1KnowledgeBaseError';
  }
}

const emptyMisses = (): StoreMisses => ({ postings: new Set(), titles: new Set(), documents: new Set(), passages: new Set(), paragraphs: new Set() });

/** Bytes from a BLOB column as D1 returns it (an array of numbers, or an ArrayBuffer / view). */
function blobBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  throw new D1KnowledgeBaseError('a posting list in D1 is not a BLOB');
}

/** One posting list from its chunks (each encoded on its own, ids absolute), in seq order. */
export function mergePostingChunks(chunks: Uint8Array[]): PostingList {
  if (chunks.length === 1) return decodePostings(chunks[0]);
  const lists = chunks.map(decodePostings);
  const n = lists.reduce((sum, l) => sum + l.ids.length, 0);
  const ids = new Uint32Array(n);
  const tfBody = new Uint8Array(n);
  const tfHeading = new Uint8Array(n);
  let at = 0;
  for (const l of lists) {
    ids.set(l.ids, at);
    tfBody.set(l.tfBody, at);
    tfHeading.set(l.tfHeading, at);
    at += l.ids.length;
  }
  return { ids, tfBody, tfHeading };
}

/** `values` in groups of at most `size`. */
function groups<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** A store over a head and the D1 database holding the rest (tables written by d1-export.ts). */
export function d1Store(head: D1Head, db: KbD1Like, options: D1StoreOptions = {}): D1Store {
  if (head.format !== D1_HEAD_FORMAT) {
    throw new D1KnowledgeBaseError(`the bundled head is format ${head.format}, this Worker reads ${D1_HEAD_FORMAT}; re-run npm run build:worker -- --d1`);
  }
  const termIndex = new Map<string, number>();
  head.terms.forEach((t, i) => termIndex.set(t, i));
  const postingCache = new LRUCache<string, PostingList>({
    maxSize: options.postingCacheBytes ?? 48 * 1024 * 1024,
    sizeCalculation: (l) => 64 + l.ids.length * 6,
  });
  const passageCache = new LRUCache<number, StoredPassage>({ max: options.passageCache ?? 20_000 });
  const paragraphCache = new LRUCache<number, Paragraph[]>({ max: options.paragraphCache ?? 256 });
  let pending = emptyMisses();
  let pendingCount = 0;
  let misses = 0;
  let verified = false;
  const stats: D1StoreStats = { fills: 0, statements: 0, waitMs: 0 };
  const miss = () => {
    misses++;
    pendingCount++;
  };

  const posting = (kind: keyof typeof POSTING_PREFIX, flag: number) => (term: string): PostingList | null => {
    const i = termIndex.get(term);
    if (i === undefined || !(head.flags[i] & flag)) return null;
    const list = postingCache.get(POSTING_PREFIX[kind] + term);
    if (list) return list;
    if (!pending[kind].has(term)) {
      pending[kind].add(term);
      miss();
    } else misses++;
    return null;
  };

  const loader: StoreLoader = {
    get misses() {
      return misses;
    },
    takeMisses() {
      if (pendingCount === 0) return null;
      const taken = pending;
      pending = emptyMisses();
      pendingCount = 0;
      return taken;
    },
    async fill(missed) {
      const statements: KbD1Statement[] = [];
      const kinds: ('postings' | 'passages' | 'paragraphs' | 'meta')[] = [];
      const keys = [
        ...[...missed.postings].map((t) => POSTING_PREFIX.postings + t),
        ...[...missed.titles].map((t) => POSTING_PREFIX.titles + t),
        ...[...missed.documents].map((t) => POSTING_PREFIX.documents + t),
      ];
      for (const g of groups(keys, D1_MAX_PARAMS)) {
        statements.push(db.prepare(`SELECT k, seq, data FROM kb_postings WHERE k IN (${placeholders(g.length)}) ORDER BY k, seq`).bind(...g));
        kinds.push('postings');
      }
      for (const g of groups([...missed.passages], D1_MAX_PARAMS)) {
        statements.push(db.prepare(`SELECT ord, data FROM kb_passages WHERE ord IN (${placeholders(g.length)})`).bind(...g));
        kinds.push('passages');
      }
      for (const g of groups([...missed.paragraphs], D1_MAX_PARAMS)) {
        statements.push(db.prepare(`SELECT doc_ord, seq, data FROM kb_paragraphs WHERE doc_ord IN (${placeholders(g.length)}) ORDER BY doc_ord, seq`).bind(...g));
        kinds.push('paragraphs');
      }
      // The first round also checks that D1 holds this head's knowledge base (loaded from the same build).
      if (!verified) {
        statements.push(db.prepare("SELECT value FROM kb_meta WHERE key = 'builtAt'"));
        kinds.push('meta');
      }
      if (statements.length === 0) return;
      const t0 = Date.now();
      let results: { results?: unknown[] }[];
      try {
        results = await db.batch(statements);
      } catch (err) {
        throw new D1KnowledgeBaseError(`cannot be read from D1 (${(err as Error).message}); load it with npm run kb:d1`);
      }
      stats.waitMs += Date.now() - t0;
      stats.fills++;
      stats.statements += statements.length;
      const chunks = new Map<string, Uint8Array[]>();
      const paragraphChunks = new Map<number, Paragraph[][]>();
      results.forEach((r, i) => {
        const rows = (r.results ?? []) as Record<string, unknown>[];
        switch (kinds[i]) {
          case 'postings':
            for (const row of rows) {
              const k = row.k as string;
              let list = chunks.get(k);
              if (!list) chunks.set(k, (list = []));
              list.push(blobBytes(row.data));
            }
            break;
          case 'passages':
            for (const row of rows) {
              const ord = Number(row.ord);
              passageCache.set(ord, { ...(JSON.parse(row.data as string) as Omit<StoredPassage, 'ord' | 'docOrd'>), ord, docOrd: head.passageDoc[ord] });
            }
            break;
          case 'paragraphs':
            for (const row of rows) {
              const doc = Number(row.doc_ord);
              let list = paragraphChunks.get(doc);
              if (!list) paragraphChunks.set(doc, (list = []));
              list.push(JSON.parse(row.data as string) as Paragraph[]);
            }
            break;
          case 'meta': {
            const builtAt = (rows[0] as { value?: string } | undefined)?.value;
            if (builtAt !== head.meta.builtAt) {
              throw new D1KnowledgeBaseError(
                builtAt
                  ? `D1 holds the knowledge base built ${builtAt}, the Worker's head is of ${head.meta.builtAt}; load the same build into both (npm run kb:d1)`
                  : 'D1 holds no knowledge base; load it with npm run kb:d1',
              );
            }
            verified = true;
            break;
          }
        }
      });
      for (const k of keys) {
        const list = chunks.get(k);
        if (!list) throw new D1KnowledgeBaseError(`D1 has no posting list for "${k.slice(2)}" that the head lists; load the same build into both (npm run kb:d1)`);
        postingCache.set(k, mergePostingChunks(list));
      }
      for (const ord of missed.passages) {
        if (!passageCache.has(ord)) throw new D1KnowledgeBaseError(`D1 has no passage ${ord}; load the same build into both (npm run kb:d1)`);
      }
      for (const doc of missed.paragraphs) paragraphCache.set(doc, (paragraphChunks.get(doc) ?? []).flat());
    },
  };

  return {
    meta: head.meta,
    bodyLengths: head.bodyLengths,
    headingLengths: head.headingLengths,
    passageDoc: head.passageDoc,
    documents: head.documents,
    documentLengths: head.documentLengths,
    postings: posting('postings', HAS_PASSAGE_POSTINGS),
    titlePostings: posting('titles', HAS_TITLE_POSTINGS),
    documentPostings: posting('documents', HAS_DOCUMENT_POSTINGS),
    documentFrequency: (term) => {
      const i = termIndex.get(term);
      return i === undefined ? 0 : head.df[i];
    },
    passage: (ord) => {
      const p = passageCache.get(ord);
      if (p) return p;
      if (!(ord >= 0 && ord < head.meta.passageCount)) throw new Error(`knowledge base: no passage ${ord}`);
      if (!pending.passages.has(ord)) {
        pending.passages.add(ord);
        miss();
      } else misses++;
      // The stand-in: right document and place-holder id, no text (matches nothing, answers nothing).
      const docOrd = head.passageDoc[ord];
      const docId = head.documents[docOrd]?.id ?? '';
      return { id: `${docId}:0`, docId, paragraph: 0, part: 0, heading: [], text: '', article: null, ord, docOrd } as StoredPassage;
    },
    paragraphs: (docOrd) => {
      const list = paragraphCache.get(docOrd);
      if (list) return list;
      if (!head.documents[docOrd]) return [];
      if (!pending.paragraphs.has(docOrd)) {
        pending.paragraphs.add(docOrd);
        miss();
      } else misses++;
      return [];
    },
    headingParagraphs: () => head.headingParagraphs,
    vocabulary: function* () {
      for (let i = 0; i < head.terms.length; i++) if (head.flags[i] & HAS_PASSAGE_POSTINGS) yield head.terms[i];
    },
    knownQuestions: () => head.knownQuestions,
    loader,
    stats,
  };
}
