// The knowledge base: building it from parsed documents (once, at ingest) and
// reading it through a store (SQLite on Node, memory on Workers and in tests).
// Versions of one law are grouped so the newest is cited; documents that other
// documents cite by 《title》 are marked as central.
import { IndexBuilder, type BuiltIndex } from './index/builder.js';
import { knownQuestionFeatures, resolveKnownQuestions, type ArticleLookup, type KnownQuestion, type KnownQuestionInput } from './known-questions.js';
import { LruCache } from './lru.js';
import { decodePostings, type PostingList } from './index/postings.js';
import { idf as bm25Idf } from './index/scorer.js';
import type { DocumentRecord, Paragraph, Passage } from './model.js';
import { normalizeForMatch } from './normalize.js';
import { buildPassages, DEFAULT_PASSAGE_OPTIONS, type PassageOptions } from './passages.js';
import { citationKey } from './statute.js';
import type { ParsedDocument } from './structure.js';
import { KB_FORMAT_VERSION, type DocumentSummary, type KnowledgeBaseMeta, type KnowledgeBaseStore, type StoredPassage } from './store.js';
import { tokenize, type Segmenter } from './tokenize.js';

export interface SourceDocument extends ParsedDocument {
  id: string;
  path: string;
  contentHash: string;
}

/** Everything ingest produces, in plain data: what storage adapters persist. */
export interface KnowledgeBaseBuild {
  meta: KnowledgeBaseMeta;
  documents: DocumentSummary[];
  /** Paragraphs per document ordinal. */
  paragraphs: Paragraph[][];
  passages: Passage[];
  passageDoc: Uint32Array;
  index: BuiltIndex;
  /** Known questions resolved to passage ordinals (attachKnownQuestions). */
  knownQuestions: KnownQuestion[];
}

/**
 * Corpus terms worth teaching the segmenter: quoted terms (“两平台”, “放管服”) and
 * short 《titles》 are the documents' own vocabulary; jieba would cut them apart.
 */
export function collectUserWords(texts: Iterable<string>): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/[“"「『]([^”"」』]{2,8})[”"」』]/g)) {
      const w = m[1].trim();
      if (/^[\u3400-\u9fff]+$/.test(w)) words.add(w);
    }
    for (const m of text.matchAll(/[《〈]([^》〉]{2,12})[》〉]/g)) {
      const w = m[1].trim();
      if (/^[\u3400-\u9fff]+$/.test(w)) words.add(w);
    }
  }
  return [...words].sort();
}

/** The key under which versions of one law are grouped: its normalised title and subtitle. */
export function versionKey(doc: Pick<ParsedDocument, 'title' | 'subtitle'>): string {
  return normalizeForMatch(`${doc.title} ${doc.subtitle ?? ''}`).replace(/\s+/g, '');
}

/** Marks every document that a newer version of the same law supersedes. */
export function supersededFlags(docs: Pick<ParsedDocument, 'title' | 'subtitle' | 'versionDate'>[]): boolean[] {
  const newest = new Map<string, number>();
  docs.forEach((d, i) => {
    const key = versionKey(d);
    const best = newest.get(key);
    if (best === undefined || (d.versionDate ?? '') > (docs[best].versionDate ?? '')) newest.set(key, i);
  });
  return docs.map((d, i) => newest.get(versionKey(d)) !== i);
}

/** How many other documents cite each document by 《title》. */
function citationCounts(sources: SourceDocument[]): number[] {
  const byKey = new Map<string, number[]>();
  sources.forEach((s, i) => {
    const key = citationKey(s.title);
    if (key.length >= 2) byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const counts = sources.map(() => 0);
  sources.forEach((s, i) => {
    const cited = new Set<number>();
    for (const p of s.paragraphs) {
      for (const m of p.text.matchAll(/《([^》]{2,60})》/g)) {
        for (const j of byKey.get(citationKey(m[1])) ?? []) if (j !== i) cited.add(j);
      }
    }
    for (const j of cited) counts[j]++;
  });
  return counts;
}

/** Builds a knowledge base from parsed documents. The segmenter must already know `userWords`. */
export function buildKnowledgeBase(
  sources: SourceDocument[],
  segmenter: Segmenter,
  userWords: string[],
  options: PassageOptions = DEFAULT_PASSAGE_OPTIONS,
  onProgress?: (done: number, total: number) => void,
): KnowledgeBaseBuild {
  const superseded = supersededFlags(sources);
  const citedBy = citationCounts(sources);
  const builder = new IndexBuilder();
  const passages: Passage[] = [];
  const passageDoc: number[] = [];
  const headingTerms = new Map<string, string[]>();
  const termsOf = (text: string) => {
    let terms = headingTerms.get(text);
    if (!terms) headingTerms.set(text, (terms = tokenize(text, segmenter)));
    return terms;
  };
  const documents: DocumentSummary[] = [];
  const paragraphs: Paragraph[][] = [];
  let bodyTotal = 0;
  let headingTotal = 0;

  sources.forEach((src, docOrd) => {
    const { paragraphs: paras, ...fields } = src;
    const docPassages = buildPassages(src.id, paras, options);
    documents.push({ ...fields, ord: docOrd, superseded: superseded[docOrd], citedBy: citedBy[docOrd] });
    paragraphs.push(paras);
    builder.addTitle(docOrd, tokenize(`${src.title} ${src.subtitle ?? ''}`, segmenter));
    for (const passage of docPassages) {
      const ord = passages.length;
      const body = tokenize(passage.text, segmenter);
      const heading = passage.heading.flatMap(termsOf);
      builder.addPassage(ord, body, heading, docOrd);
      bodyTotal += body.length;
      headingTotal += heading.length;
      passages.push(passage);
      passageDoc.push(docOrd);
    }
    onProgress?.(docOrd + 1, sources.length);
  });

  return {
    meta: {
      version: KB_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      userWords,
      passageCount: passages.length,
      documentCount: documents.length,
      avgBodyLength: passages.length ? bodyTotal / passages.length : 0,
      avgHeadingLength: passages.length ? headingTotal / passages.length : 0,
    },
    documents,
    paragraphs,
    passages,
    passageDoc: Uint32Array.from(passageDoc),
    index: builder.build(),
    knownQuestions: [],
  };
}

/** Where each article's first passage is, for resolving references to 第X条 of a law. */
export function articleLookup(
  documents: ArticleLookup['documents'],
  passageCount: number,
  passageAt: (ord: number) => { docOrd: number; article: string | null },
): ArticleLookup {
  const first = new Map<string, number>();
  for (let ord = 0; ord < passageCount; ord++) {
    const p = passageAt(ord);
    if (!p.article) continue;
    const key = `${p.docOrd}|${p.article}`;
    if (!first.has(key)) first.set(key, ord);
  }
  return { documents, articlePassage: (docOrd, article) => first.get(`${docOrd}|${article}`) };
}

/**
 * Resolves known questions against a build and keeps them in it, with their
 * features (segmented now, so a server start does not); returns the references
 * no passage matched.
 */
export function attachKnownQuestions(build: KnowledgeBaseBuild, inputs: KnownQuestionInput[], segmenter: Segmenter) {
  const lookup = articleLookup(build.documents, build.passages.length, (ord) => ({ docOrd: build.passageDoc[ord], article: build.passages[ord].article }));
  const { questions, unresolved } = resolveKnownQuestions(inputs, lookup);
  build.knownQuestions = questions.map((q) => ({ ...q, features: knownQuestionFeatures(q.question, segmenter) }));
  return unresolved;
}

/** A store over a build held in memory (tests, Workers, small knowledge bases). */
export function memoryStore(build: KnowledgeBaseBuild): KnowledgeBaseStore {
  const decoded = new Map<string, PostingList>();
  const get = (map: Map<string, Uint8Array>, term: string, prefix: string) => {
    const key = prefix + term;
    let list = decoded.get(key);
    if (!list) {
      const bytes = map.get(term);
      if (!bytes) return null;
      decoded.set(key, (list = decodePostings(bytes)));
    }
    return list;
  };
  return {
    meta: build.meta,
    bodyLengths: build.index.bodyLengths,
    headingLengths: build.index.headingLengths,
    passageDoc: build.passageDoc,
    documents: build.documents,
    postings: (term) => get(build.index.postings, term, 'p:'),
    titlePostings: (term) => get(build.index.titles, term, 't:'),
    documentPostings: (term) => get(build.index.documents, term, 'd:'),
    documentLengths: build.index.documentLengths,
    documentFrequency: (term) => {
      const list = get(build.index.postings, term, 'p:');
      return list ? list.ids.length : 0;
    },
    passage: (ord) => ({ ...build.passages[ord], ord, docOrd: build.passageDoc[ord] }),
    paragraphs: (docOrd) => build.paragraphs[docOrd] ?? [],
    headingParagraphs: () => build.paragraphs.flatMap((paras, docOrd) => paras.filter((p) => p.level > 0).map((p) => ({ docOrd, text: p.text }))),
    vocabulary: () => build.index.postings.keys(),
    knownQuestions: () => build.knownQuestions ?? [],
  };
}

/** Bounded memo: the value for `key` from the cache, else made now and cached. */
function memo<K, V>(cache: LruCache<K, V>, key: K, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = make()));
  return v;
}

/** A loaded knowledge base: lookups over its store, with small caches for hot data. */
export class KnowledgeBase {
  private readonly byId = new Map<string, DocumentSummary>();
  // The hot passages of recent queries stay decoded and normalised. A statute question reranks 300
  // candidates, and reading one from SQLite was a fifth of a search: 16,384 (a quarter of all statutes'
  // passages; +21 MB resident measured) keeps the commonly asked laws in memory.
  private readonly passages = new LruCache<number, StoredPassage>(16384);
  private readonly matchTexts = new LruCache<number, string>(16384);
  private readonly dfCache = new LruCache<string, number>(20000);

  constructor(readonly store: KnowledgeBaseStore) {
    if (store.meta.version !== KB_FORMAT_VERSION) {
      throw new Error(`knowledge base: format version ${store.meta.version} is not supported (expected ${KB_FORMAT_VERSION}); re-run ingest`);
    }
    for (const d of store.documents) this.byId.set(d.id, d);
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
    return memo(this.dfCache, term, () => this.store.documentFrequency(term));
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
    return memo(this.passages, ord, () => this.store.passage(ord));
  }

  /** The passage's heading path and text in match form, for coverage and phrase checks. */
  matchText(ord: number): string {
    return memo(this.matchTexts, ord, () => {
      const p = this.passage(ord);
      return normalizeForMatch(p.heading.join(' ') + ' ' + p.text);
    });
  }
}

export type { DocumentRecord };
