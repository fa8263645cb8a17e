// What a knowledge base is made of, as the storage adapters provide it: a
// small synchronous interface (postings by term, passages by ordinal,
// documents), so search runs the same over a SQLite file on Node and over
// in-memory data on Workers.
import type { DocumentFrame, DocumentRecord, Paragraph, ParsedDocument, Passage } from './document.js';

// 8: passages carry their match form (StoredPassage.match).
export const KB_FORMAT_VERSION = 8;

// A file of another format version is refused with KnowledgeBaseFormatError (src/errors.ts).

export interface KnowledgeBaseMeta {
  version: number;
  builtAt: string;
  /** Corpus terms added to the segmenter's dictionary; queries need them too. */
  userWords: string[];
  passageCount: number;
  documentCount: number;
  avgBodyLength: number;
  avgHeadingLength: number;
  /**
   * Set only when `npm start` built this file itself, on a first run, from CORPUS_DIR (absolute): the one kind
   * of knowledge base it may rebuild when a new version cannot read it. Any other file is the operator's.
   */
  builtBy?: { command: 'start'; corpusDir: string };
}

/** A document without its paragraphs, plus what search needs to know about it. */
export interface DocumentSummary extends Omit<DocumentRecord, 'paragraphs'> {
  /** Ordinal of the document in the knowledge base. */
  ord: number;
  /** A newer version of the same law is in the knowledge base (历史版本). */
  superseded: boolean;
  /** How often other documents cite it by 《title》: a measure of how central it is. */
  citedBy: number;
  /** SHA-256 of the source file, for incremental ingest. */
  contentHash: string;
  /** Region, kind and periods (src/ingest/frame.ts). */
  frame: DocumentFrame;
}

export interface StoredPassage extends Passage {
  ord: number;
  docOrd: number;
  /**
   * The heading path and text in match form (normalizeForMatch of `heading.join(' ') + ' ' + text`), made at
   * ingest so serving never runs OpenCC over candidate text. Absent only where a store predates it.
   */
  match?: string;
}

/** A passage as a build holds it: with its match form (StoredPassage.match). */
export type BuiltPassage = Passage & { match?: string };

export interface KnowledgeBaseStore {
  readonly meta: KnowledgeBaseMeta;
  /** Per passage ordinal: body length in terms, heading-path length, document ordinal. */
  readonly bodyLengths: Uint16Array;
  readonly headingLengths: Uint8Array;
  readonly passageDoc: Uint32Array;
  /** All documents, by ordinal. */
  readonly documents: DocumentSummary[];
  postings(term: string): PostingList | null;
  titlePostings(term: string): PostingList | null;
  /** Postings over whole documents (ids are document ordinals). */
  documentPostings(term: string): PostingList | null;
  /** Whole-document lengths in terms, by document ordinal. */
  readonly documentLengths: Uint32Array;
  /** Passages containing the term (0 if the corpus never uses it). */
  documentFrequency(term: string): number;
  passage(ord: number): StoredPassage;
  /**
   * A passage's match form alone (StoredPassage.match), where the store can read it more cheaply than the whole
   * passage: ranking reads it for every candidate, and the full text only for the few it keeps.
   */
  passageMatch?(ord: number): string | undefined;
  paragraphs(docOrd: number): Paragraph[];
  /** One paragraph's text (paragraphs(docOrd) reads a whole statute for it), where the store can read it alone. */
  paragraphText?(docOrd: number, n: number): string | undefined;
  /** Every heading paragraph (level > 0) of every document, by document ordinal then paragraph number. */
  headingParagraphs(): { docOrd: number; text: string }[];
  /** Every indexed term (for sound-alike matching); may be slow, called once. */
  vocabulary(): Iterable<string>;
  /** Questions already answered with known passages (see known-questions.ts); often none. */
  knownQuestions(): KnownQuestion[];
  /**
   * Present on a store that fetches asynchronously (D1 on Workers): a read it has not fetched yet returns a
   * harmless stand-in and is recorded; QaService.load fetches what was missed and runs the work again.
   */
  readonly loader?: StoreLoader;
  /**
   * A cheap real read of the stored file (one passage row, and whether the file changed under the reader), for
   * health checks; throws when the knowledge base cannot be read. Absent where the data is in memory.
   */
  probe?(): void;
}

/** What a store that misses has not fetched yet: terms by posting kind, passage and document ordinals. */
export interface StoreMisses {
  postings: Set<string>;
  titles: Set<string>;
  documents: Set<string>;
  passages: Set<number>;
  paragraphs: Set<number>;
}

/**
 * Batched loading for a store whose reads are asynchronous ("suspense-style"): synchronous reads never wait;
 * a read of something not fetched yet records it and bumps `misses`. The caller takes the recorded misses and
 * fills them in one batched fetch, then runs its work again.
 */
export interface StoreLoader {
  /** Monotonic count of reads that returned a stand-in: a result computed while it moved must not be cached. */
  readonly misses: number;
  /** The misses recorded since the last call (cleared), or null when there were none. */
  takeMisses(): StoreMisses | null;
  /** Fetches everything in `missed` (one batched round trip where possible) into the store's caches. */
  fill(missed: StoreMisses): Promise<void>;
}

export interface PostingList {
  /** Ascending passage (or document) ordinals. */
  ids: Uint32Array;
  /** Occurrences in the body text. */
  tfBody: Uint8Array;
  /** Occurrences in the heading path (or, for title postings, the title). */
  tfHeading: Uint8Array;
}

export interface BuiltIndex {
  /** term → encoded passage postings. */
  postings: Map<string, Uint8Array>;
  /** term → encoded document postings over titles (tfHeading holds title frequency). */
  titles: Map<string, Uint8Array>;
  /** term → encoded document postings over whole documents (tfBody, capped): what each law is about as a whole. */
  documents: Map<string, Uint8Array>;
  /** Length (terms) of each whole document, by document ordinal. */
  documentLengths: Uint32Array;
  /** Body length (terms) per passage ordinal, capped at 65535. */
  bodyLengths: Uint16Array;
  /** Heading-path length (terms) per passage ordinal, capped at 255. */
  headingLengths: Uint8Array;
}

/** A known question as stored in the knowledge base: its text and the passage ordinals that answer it. */
export interface KnownQuestion {
  question: string;
  passages: number[];
  /** Its features (questionFeatures), computed at ingest so loading the index segments nothing. */
  features?: [string, number][];
}

/** A reference to the passage answering a question, as people write it: law title and article (file optional). */
export interface ArticleReference {
  law: string;
  article: string;
  /** The statute's file path (or its ending), when several files share the title. */
  file?: string;
}

export interface KnownQuestionInput {
  question: string;
  gold: ArticleReference[];
}

/** A parsed document with its knowledge-base id, source path and content hash. */
export interface SourceDocument extends ParsedDocument {
  id: string;
  path: string;
  contentHash: string;
  /** Staff's corrections to the inferred frame (a sidecar *.meta.json), if any. */
  frameOverride?: FrameOverride;
}

/** What staff may set in a document's sidecar `<file>.meta.json` (docs/configuration.md#document-frames). */
export interface FrameOverride {
  /** The document's title, when the one read from the file is wrong or missing. */
  title?: string;
  /** A region name (广东省, 粤, 阳江市) or 全国. */
  region?: string;
  kind?: string;
  /** The year the document reviews; the planned year follows it unless set. */
  reviewedYear?: number;
  plannedYear?: number;
  /** The document's page on its publisher's portal (absolute http or https), shown as 查看原文网页. */
  url?: string;
}

/** Everything ingest produces, in plain data: what storage adapters persist. */
export interface KnowledgeBaseBuild {
  meta: KnowledgeBaseMeta;
  documents: DocumentSummary[];
  /** Paragraphs per document ordinal. */
  paragraphs: Paragraph[][];
  passages: BuiltPassage[];
  passageDoc: Uint32Array;
  index: BuiltIndex;
  /** Known questions resolved to passage ordinals (attachKnownQuestions). */
  knownQuestions: KnownQuestion[];
}
