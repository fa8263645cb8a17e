// Build-time half of the D1 knowledge base (d1-store.ts reads it): splits a
// KnowledgeBaseBuild into the small bundled head and SQL for the D1 tables, in
// statements D1 accepts — each under 100 KB of SQL, posting lists cut into
// chunks of at most POSTINGS_PER_CHUNK postings (a few tens of KB; rows may be
// 2 MB but a statement may not), passages and paragraphs as JSON (generic: any
// field a passage gains travels). Pure functions, no I/O: scripts/build-worker.ts
// writes the files and scripts/load-kb-d1.ts runs them through wrangler.
import type { KnowledgeBaseBuild } from '../../model/store.js';
import { decodePostings, encodePostings, postingCount } from '../../search/postings.js';
import {
  D1_HEAD_FORMAT,
  D1_HEAD_KIND,
  HAS_DOCUMENT_POSTINGS,
  HAS_PASSAGE_POSTINGS,
  HAS_TITLE_POSTINGS,
  POSTING_PREFIX,
  type D1Head,
} from './d1-store.js';

/** At most 7 bytes a posting (5 of id delta, 2 of frequencies): 4,000 postings ≤ 28 KB, 56 KB as SQL hex. */
export const POSTINGS_PER_CHUNK = 4000;
/** D1's limit is 100 KB of SQL per statement; a multi-row INSERT is closed before this. */
export const MAX_STATEMENT_BYTES = 90_000;

export const D1_SCHEMA = [
  'DROP TABLE IF EXISTS kb_meta',
  'DROP TABLE IF EXISTS kb_postings',
  'DROP TABLE IF EXISTS kb_passages',
  'DROP TABLE IF EXISTS kb_paragraphs',
  'CREATE TABLE kb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  'CREATE TABLE kb_postings (k TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (k, seq)) WITHOUT ROWID',
  'CREATE TABLE kb_passages (ord INTEGER PRIMARY KEY, data TEXT NOT NULL)',
  'CREATE TABLE kb_paragraphs (doc_ord INTEGER NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (doc_ord, seq)) WITHOUT ROWID',
];

/** The head: everything a request needs that is small (d1-store.ts's D1Head). */
export function d1Head(build: KnowledgeBaseBuild): D1Head {
  const { postings, titles, documents } = build.index;
  const terms = [...new Set([...postings.keys(), ...titles.keys(), ...documents.keys()])].sort();
  const df = new Uint32Array(terms.length);
  const flags = new Uint8Array(terms.length);
  terms.forEach((t, i) => {
    const p = postings.get(t);
    if (p) (df[i] = postingCount(p)), (flags[i] |= HAS_PASSAGE_POSTINGS);
    if (titles.has(t)) flags[i] |= HAS_TITLE_POSTINGS;
    if (documents.has(t)) flags[i] |= HAS_DOCUMENT_POSTINGS;
  });
  const headingParagraphs = build.paragraphs.flatMap((paras, docOrd) => paras.filter((p) => p.level > 0).map((p) => ({ docOrd, text: p.text })));
  return {
    kind: D1_HEAD_KIND,
    format: D1_HEAD_FORMAT,
    meta: build.meta,
    documents: build.documents,
    bodyLengths: build.index.bodyLengths,
    headingLengths: build.index.headingLengths,
    passageDoc: build.passageDoc,
    documentLengths: build.index.documentLengths,
    headingParagraphs,
    terms,
    df,
    flags,
    knownQuestions: build.knownQuestions ?? [],
  };
}

/** A posting list as chunks of at most `per` postings, each encoded on its own (ids absolute): merged back in seq order. */
export function postingChunks(bytes: Uint8Array, per = POSTINGS_PER_CHUNK): Uint8Array[] {
  const n = postingCount(bytes);
  if (n <= per) return [bytes];
  const list = decodePostings(bytes);
  const out: Uint8Array[] = [];
  for (let at = 0; at < n; at += per) {
    const end = Math.min(n, at + per);
    out.push(encodePostings(list.ids.subarray(at, end), list.tfBody.subarray(at, end), list.tfHeading.subarray(at, end)));
  }
  return out;
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function sqlBlob(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i]];
  return `X'${hex}'`;
}
const utf8 = new TextEncoder();

/** Multi-row INSERTs of `rows` (SQL value tuples), each statement under MAX_STATEMENT_BYTES. */
function* inserts(head: string, rows: Iterable<string>): Generator<string> {
  let values: string[] = [];
  let bytes = head.length;
  for (const row of rows) {
    const size = utf8.encode(row).byteLength + 1;
    if (values.length && bytes + size > MAX_STATEMENT_BYTES) {
      yield `${head} ${values.join(',')};`;
      values = [];
      bytes = head.length;
    }
    if (head.length + size > MAX_STATEMENT_BYTES) throw new Error(`d1 export: one row is ${size} bytes of SQL, over D1's statement limit`);
    values.push(row);
    bytes += size;
  }
  if (values.length) yield `${head} ${values.join(',')};`;
}

/** Paragraphs of one document in JSON chunks of about 40 KB. */
function paragraphChunks(paragraphs: KnowledgeBaseBuild['paragraphs'][number]): string[] {
  const out: string[] = [];
  let chunk: unknown[] = [];
  let size = 0;
  for (const p of paragraphs) {
    const s = JSON.stringify(p).length * 3;
    if (chunk.length && size + s > 40_000) {
      out.push(JSON.stringify(chunk));
      chunk = [];
      size = 0;
    }
    chunk.push(p);
    size += s;
  }
  if (chunk.length || out.length === 0) out.push(JSON.stringify(chunk));
  return out;
}

/**
 * Every SQL statement that loads the build into D1, schema first and the kb_meta row (the Worker's check that
 * D1 and its head come from the same build) last.
 */
export function* d1Statements(build: KnowledgeBaseBuild): Generator<string> {
  for (const s of D1_SCHEMA) yield `${s};`;
  const maps = [
    [POSTING_PREFIX.postings, build.index.postings],
    [POSTING_PREFIX.titles, build.index.titles],
    [POSTING_PREFIX.documents, build.index.documents],
  ] as const;
  yield* inserts(
    'INSERT INTO kb_postings (k, seq, data) VALUES',
    (function* () {
      for (const [prefix, map] of maps) {
        for (const [term, bytes] of map) {
          const chunks = postingChunks(bytes);
          for (let seq = 0; seq < chunks.length; seq++) yield `(${sqlText(prefix + term)},${seq},${sqlBlob(chunks[seq])})`;
        }
      }
    })(),
  );
  yield* inserts(
    'INSERT INTO kb_passages (ord, data) VALUES',
    (function* () {
      for (let ord = 0; ord < build.passages.length; ord++) yield `(${ord},${sqlText(JSON.stringify(build.passages[ord]))})`;
    })(),
  );
  yield* inserts(
    'INSERT INTO kb_paragraphs (doc_ord, seq, data) VALUES',
    (function* () {
      for (let doc = 0; doc < build.paragraphs.length; doc++) {
        const chunks = paragraphChunks(build.paragraphs[doc]);
        for (let seq = 0; seq < chunks.length; seq++) yield `(${doc},${seq},${sqlText(chunks[seq])})`;
      }
    })(),
  );
  yield `INSERT INTO kb_meta (key, value) VALUES ('builtAt', ${sqlText(build.meta.builtAt)});`;
}

/**
 * The statements grouped into files of about `fileBytes` each (wrangler d1 execute --file takes one at a time):
 * the schema alone first, the kb_meta row last.
 */
export function* d1Files(build: KnowledgeBaseBuild, fileBytes = 16 * 1024 * 1024): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  let schema = D1_SCHEMA.length;
  for (const s of d1Statements(build)) {
    if (schema-- === 0) {
      yield parts.join('\n') + '\n';
      parts = [];
      size = 0;
    }
    const bytes = utf8.encode(s).byteLength;
    if (parts.length && size + bytes > fileBytes) {
      yield parts.join('\n') + '\n';
      parts = [];
      size = 0;
    }
    parts.push(s);
    size += bytes + 1;
  }
  if (parts.length) yield parts.join('\n') + '\n';
}
