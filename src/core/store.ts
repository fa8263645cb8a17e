// What a knowledge base is made of, as the storage adapters provide it: a
// small synchronous interface (postings by term, passages by ordinal,
// documents), so search runs the same over a SQLite file on Node and over
// in-memory data on Workers.
import type { PostingList } from './index/postings.js';
import type { KnownQuestion } from './known-questions.js';
import type { DocumentRecord, Paragraph, Passage } from './model.js';

export const KB_FORMAT_VERSION = 6;

/** The knowledge-base file was written by another version of policy-qa. */
export class KnowledgeBaseFormatError extends Error {
  constructor(message: string) {
    super(`knowledge base: ${message}; re-run ingest`);
    this.name = 'KnowledgeBaseFormatError';
  }
}

export interface KnowledgeBaseMeta {
  version: number;
  builtAt: string;
  /** Corpus terms added to the segmenter's dictionary; queries need them too. */
  userWords: string[];
  passageCount: number;
  documentCount: number;
  avgBodyLength: number;
  avgHeadingLength: number;
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
}

export interface StoredPassage extends Passage {
  ord: number;
  docOrd: number;
}

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
  paragraphs(docOrd: number): Paragraph[];
  /** Every heading paragraph (level > 0) of every document, by document ordinal then paragraph number. */
  headingParagraphs(): { docOrd: number; text: string }[];
  /** Every indexed term (for sound-alike matching); may be slow, called once. */
  vocabulary(): Iterable<string>;
  /** Questions already answered with known passages (see known-questions.ts); often none. */
  knownQuestions(): KnownQuestion[];
}
