// The knowledge base in memory: documents, passages, their terms and the
// MiniSearch index. Built once at ingest (`buildKnowledgeBase`), serialised to a
// snapshot the storage adapters persist, and restored without re-segmenting.
import MiniSearch from 'minisearch';
import type { DocumentRecord, Passage } from './model.js';
import { buildPassages, type PassageOptions, DEFAULT_PASSAGE_OPTIONS } from './passages.js';
import type { ParsedDocument } from './structure.js';
import { tokenize, type Segmenter } from './tokenize.js';

export const SNAPSHOT_VERSION = 1;

/** Everything the server needs, in plain data: what storage adapters persist. */
export interface KnowledgeBaseSnapshot {
  version: number;
  builtAt: string;
  documents: DocumentRecord[];
  passages: Passage[];
  /** Index terms of each passage's text, aligned with `passages`. */
  passageTerms: string[][];
  /** MiniSearch's serialised index (`JSON.stringify(miniSearch)`). */
  index: string;
  /** Corpus terms added to the segmenter's dictionary (《titles》, “quoted terms”), needed again at query time. */
  userWords: string[];
}

export interface SourceDocument extends ParsedDocument {
  id: string;
  path: string;
}

/** Index fields and their weights: a match in the heading path says more than one in the body. */
export const INDEX_FIELDS = ['text', 'heading', 'title'] as const;
export const FIELD_BOOST = { text: 1, heading: 1.6, title: 0.6 };

const TERM_SEPARATOR = ' ';

/** MiniSearch options: terms arrive already segmented and normalised, joined by spaces. */
export function miniSearchOptions() {
  return {
    fields: [...INDEX_FIELDS],
    idField: 'i',
    tokenize: (text: string) => text.split(TERM_SEPARATOR),
    processTerm: (term: string) => term || null,
    searchOptions: { boost: FIELD_BOOST },
  };
}

/**
 * Corpus terms worth teaching the segmenter: quoted terms (“两平台”, “放管服”) and
 * 《titles》 are the report's own vocabulary; jieba would cut them apart.
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

/** Builds a knowledge base from parsed documents. The segmenter must already know `userWords`. */
export function buildKnowledgeBase(
  sources: SourceDocument[],
  segmenter: Segmenter,
  userWords: string[],
  options: PassageOptions = DEFAULT_PASSAGE_OPTIONS,
  onProgress?: (done: number, total: number) => void,
): KnowledgeBaseSnapshot {
  const documents: DocumentRecord[] = [];
  const passages: Passage[] = [];
  const passageTerms: string[][] = [];
  const miniSearch = new MiniSearch(miniSearchOptions());
  const headingCache = new Map<string, string>();
  const cachedTerms = (text: string) => {
    let joined = headingCache.get(text);
    if (joined === undefined) {
      joined = tokenize(text, segmenter).join(TERM_SEPARATOR);
      headingCache.set(text, joined);
    }
    return joined;
  };

  sources.forEach((src, k) => {
    const { id, title, paragraphs } = src;
    documents.push({ ...src });
    const titleTerms = cachedTerms(title);
    for (const passage of buildPassages(id, paragraphs, options)) {
      const terms = tokenize(passage.text, segmenter);
      const i = passages.length;
      passages.push(passage);
      passageTerms.push(terms);
      miniSearch.add({
        i,
        text: terms.join(TERM_SEPARATOR),
        heading: passage.heading.map(cachedTerms).join(TERM_SEPARATOR),
        title: titleTerms,
      });
    }
    onProgress?.(k + 1, sources.length);
  });

  return {
    version: SNAPSHOT_VERSION,
    builtAt: new Date().toISOString(),
    documents,
    passages,
    passageTerms,
    index: JSON.stringify(miniSearch),
    userWords,
  };
}

/** A loaded knowledge base: lookups plus the live MiniSearch index. */
export class KnowledgeBase {
  readonly documents = new Map<string, DocumentRecord>();
  readonly passages: Passage[];
  readonly passageTerms: Set<string>[];
  readonly passageIndexById = new Map<string, number>();
  readonly miniSearch: MiniSearch;
  /** Passages containing each term (document frequency), over body terms. */
  private readonly df = new Map<string, number>();
  readonly builtAt: string;
  readonly userWords: string[];

  constructor(snapshot: KnowledgeBaseSnapshot) {
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new Error(
        `knowledge base: snapshot version ${snapshot.version} is not supported (expected ${SNAPSHOT_VERSION}); re-run ingest`,
      );
    }
    for (const d of snapshot.documents) this.documents.set(d.id, d);
    this.passages = snapshot.passages;
    this.passages.forEach((p, i) => this.passageIndexById.set(p.id, i));
    this.passageTerms = snapshot.passageTerms.map((terms) => new Set(terms));
    for (const set of this.passageTerms) {
      for (const t of set) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
    this.miniSearch = MiniSearch.loadJSON(snapshot.index, miniSearchOptions());
    this.builtAt = snapshot.builtAt;
    this.userWords = snapshot.userWords;
  }

  get passageCount(): number {
    return this.passages.length;
  }

  /** Inverse document frequency (BM25 form, never negative). Unknown terms get the maximum. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Passages whose text contains the term (0 for terms the corpus never uses). */
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** Every term of the index. */
  vocabulary(): Iterable<string> {
    return this.df.keys();
  }

  document(id: string): DocumentRecord | undefined {
    return this.documents.get(id);
  }
}
