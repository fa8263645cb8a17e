// The knowledge-base file: one SQLite database (Datasette-style: one file,
// published read-only) holding documents, their paragraphs, passages as
// references into those paragraphs (text is stored once), the encoded posting
// lists and per-passage length arrays. Written to a temporary file and renamed
// into place, so readers only ever see a whole one.
//
// A file is verified before it is served (start-up, reload): its header against
// its size (cut short?), then a checksum of every page but the first, which the
// writer seals into the SQLite header (application_id marks a policy-qa file,
// user_version holds 32 bits of SHA-256); a file without one (older builds) gets
// PRAGMA quick_check instead. Both read the whole file once: ~0.2 s for the
// 58 MB statute knowledge base of format 7 (84 MB at format 8). While serving, a file written to in place (its
// size or mtime changed) or one SQLite reports damaged turns every read into a
// 503 KnowledgeBaseDamagedError, never a 500, until a reload.
import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodePostings, type PostingList } from '../../search/postings.js';
import type { KnowledgeBaseBuild } from '../../model/store.js';
import type { DocumentFrame, Paragraph } from '../../model/document.js';
import { KnowledgeBaseFormatError, PolicyQaError } from '../../errors.js';
import {
  KB_FORMAT_VERSION,
  type DocumentSummary,
  type KnowledgeBaseMeta,
  type KnowledgeBaseStore,
  type StoredPassage,
} from '../../model/store.js';

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
  ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, subtitle TEXT, source TEXT,
  published_at TEXT, year INTEGER, type TEXT, issuer TEXT, version_date TEXT, version_note TEXT,
  path TEXT NOT NULL, superseded INTEGER NOT NULL, cited_by INTEGER NOT NULL, content_hash TEXT NOT NULL,
  frame TEXT NOT NULL -- DocumentFrame as JSON: region, kind, periods of its sections
);
CREATE TABLE paragraphs (
  doc_ord INTEGER NOT NULL, n INTEGER NOT NULL, level INTEGER NOT NULL, article TEXT, text TEXT NOT NULL,
  PRIMARY KEY (doc_ord, n)
) WITHOUT ROWID;
-- Heading paths are shared by many passages (a statute's chapter), so they are stored once.
CREATE TABLE headings (id INTEGER PRIMARY KEY, path TEXT NOT NULL);
-- A passage is the span [start, end) of its paragraphs first..last joined by newlines;
-- "text" is set only when it could not be located there, "id" only when it is not {doc id}:{first}.
-- "match" is the heading path and text in match form (StoredPassage.match): ranking reads it alone for every
-- candidate, without joining paragraphs or running OpenCC.
CREATE TABLE passages (
  ord INTEGER PRIMARY KEY, doc_ord INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL, part INTEGER NOT NULL, heading_id INTEGER NOT NULL, article TEXT,
  id TEXT, text TEXT, match TEXT
);
CREATE TABLE postings (term TEXT PRIMARY KEY, df INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE title_postings (term TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE document_postings (term TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE arrays (name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE known_questions (id INTEGER PRIMARY KEY, question TEXT NOT NULL, passages TEXT NOT NULL, features TEXT);
`;

/**
 * The knowledge-base file cannot be read as written: cut short, overwritten in part, or changed while served.
 * At start-up and reload it is refused (the file named); while serving, reads answer 503 with it until a reload.
 */
export class KnowledgeBaseDamagedError extends PolicyQaError {
  constructor(detail: string) {
    super(503, 'knowledge base', detail, { retryAfter: 30 });
    this.name = 'KnowledgeBaseDamagedError';
  }
}

/** The file at the knowledge-base path is not a policy-qa knowledge base at all: empty, not SQLite, or SQLite without our meta. */
export class NotAKnowledgeBaseError extends PolicyQaError {
  constructor(path: string, reason: string) {
    super(500, 'knowledge base', `${path} is not a knowledge-base file (${reason})`);
    this.name = 'NotAKnowledgeBaseError';
  }
}

/** A knowledge base of another format version, with its meta: who built it decides whether `npm start` may rebuild it. */
export class KnowledgeBaseVersionError extends KnowledgeBaseFormatError {
  constructor(
    path: string,
    readonly meta: Pick<KnowledgeBaseMeta, 'version' | 'builtBy'>,
  ) {
    super(`${path} has format ${meta.version}, this version reads ${KB_FORMAT_VERSION}`);
    this.name = 'KnowledgeBaseVersionError';
  }
}

/** SQLite result codes that mean the file itself is bad (not a mistake in a statement). */
const DAMAGE_CODE = /^SQLITE_(?:CORRUPT|IOERR|NOTADB|CANTOPEN|FORMAT|RANGE)/;

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** "policy-qa knowledge base" in the SQLite header's application_id: this file carries its checksum in user_version. */
const SEALED_APPLICATION_ID = 0x50514b42; // 'PQKB'

/** The parts of the 100-byte SQLite header that verification needs (https://sqlite.org/fileformat.html#the_database_header). */
interface SqliteHeader {
  pageSize: number;
  /** Pages the header records, or null when that count is not valid (then SQLite goes by the file's size). */
  pageCount: number | null;
  applicationId: number;
  userVersion: number;
}

function readHeader(fd: number): SqliteHeader | null {
  const bytes = Buffer.alloc(100);
  if (readSync(fd, bytes, 0, 100, 0) < 100 || bytes.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return null;
  const rawPageSize = bytes.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  // The page count is valid only when the change counter matches version-valid-for (every SQLite since 3.7.0).
  const pageCount = bytes.readUInt32BE(24) === bytes.readUInt32BE(92) ? bytes.readUInt32BE(28) || null : null;
  return { pageSize, pageCount, applicationId: bytes.readUInt32BE(68), userVersion: bytes.readInt32BE(60) };
}

/** 32 bits of SHA-256 over every page but the first (which holds the header, and with it this checksum), never 0. */
function pagesChecksum(fd: number, pageSize: number, end: number): number {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(Math.max(pageSize, 1 << 20));
  for (let at = pageSize; at < end; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
    if (n === 0) break;
    hash.update(buffer.subarray(0, n));
    at += n;
  }
  return hash.digest().readInt32BE(0) || 1;
}

/**
 * Seals a just-written knowledge-base file: the checksum of its pages into the header's user_version, and the
 * policy-qa mark into application_id. Setting these writes the first page only, which the checksum leaves out.
 */
function sealKnowledgeBaseFile(path: string): void {
  const fd = openSync(path, 'r');
  let checksum: number;
  try {
    const header = readHeader(fd);
    if (!header) throw new Error(`knowledge base: ${path} was not written as an SQLite file`);
    checksum = pagesChecksum(fd, header.pageSize, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma(`user_version = ${checksum}`);
    db.pragma(`application_id = ${SEALED_APPLICATION_ID}`);
  } finally {
    db.close();
  }
}

/** Where a passage's text lies in its paragraphs: first..last paragraph numbers and a character span of their joined text. */
function locate(paragraphs: Paragraph[], first: number, text: string): { last: number; start: number; end: number } | null {
  const from = paragraphs.findIndex((p) => p.n === first);
  if (from === -1) return null;
  let joined = '';
  for (let i = from; i < paragraphs.length && i < from + 400; i++) {
    joined = i === from ? paragraphs[i].text : `${joined}\n${paragraphs[i].text}`;
    const start = joined.indexOf(text);
    if (start !== -1) return { last: paragraphs[i].n, start, end: start + text.length };
    if (joined.length > text.length + 2 * (paragraphs[from].text.length + 1000)) break;
  }
  return null;
}

/** Writes a build to `kbPath` atomically: build in `kbPath.tmp-<pid>`, then rename over the old file. */
export function writeKnowledgeBaseFile(build: KnowledgeBaseBuild, kbPath: string): void {
  mkdirSync(dirname(kbPath) || '.', { recursive: true });
  const tmp = `${kbPath}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    const db = new Database(tmp);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 8192');
    db.exec(SCHEMA);
    db.transaction(() => {
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('meta', JSON.stringify(build.meta));
      const doc = db.prepare(
        `INSERT INTO documents (ord, id, title, subtitle, source, published_at, year, type, issuer, version_date, version_note,
         path, superseded, cited_by, content_hash, frame) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const para = db.prepare('INSERT INTO paragraphs (doc_ord, n, level, article, text) VALUES (?, ?, ?, ?, ?)');
      for (const d of build.documents) {
        doc.run(d.ord, d.id, d.title, d.subtitle, d.source, d.publishedAt, d.year, d.type, d.issuer, d.versionDate,
          d.versionNote, d.path, d.superseded ? 1 : 0, d.citedBy, d.contentHash, JSON.stringify(d.frame));
        for (const p of build.paragraphs[d.ord]) para.run(d.ord, p.n, p.level, p.article ?? null, p.text);
      }
      const passage = db.prepare(
        'INSERT INTO passages (ord, doc_ord, first, last, start, end, part, heading_id, article, id, text, match) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const heading = db.prepare('INSERT INTO headings (id, path) VALUES (?, ?)');
      const headingIds = new Map<string, number>();
      build.passages.forEach((p, ord) => {
        const docOrd = build.passageDoc[ord];
        const at = locate(build.paragraphs[docOrd], p.paragraph, p.text);
        const path = JSON.stringify(p.heading);
        let headingId = headingIds.get(path);
        if (headingId === undefined) {
          headingIds.set(path, (headingId = headingIds.size));
          heading.run(headingId, path);
        }
        const derivedId = `${build.documents[docOrd].id}:${p.paragraph}`;
        passage.run(ord, docOrd, p.paragraph, at?.last ?? p.paragraph, at?.start ?? 0, at?.end ?? 0, p.part, headingId,
          p.article, p.id === derivedId ? null : p.id, at ? null : p.text, p.match ?? null);
      });
      const posting = db.prepare('INSERT INTO postings (term, df, data) VALUES (?, ?, ?)');
      for (const [term, data] of build.index.postings) posting.run(term, decodePostings(data).ids.length, data);
      const title = db.prepare('INSERT INTO title_postings (term, data) VALUES (?, ?)');
      for (const [term, data] of build.index.titles) title.run(term, data);
      const docPosting = db.prepare('INSERT INTO document_postings (term, data) VALUES (?, ?)');
      for (const [term, data] of build.index.documents) docPosting.run(term, data);
      const known = db.prepare('INSERT INTO known_questions (id, question, passages, features) VALUES (?, ?, ?, ?)');
      build.knownQuestions.forEach((q, i) => known.run(i, q.question, JSON.stringify(q.passages), q.features ? JSON.stringify(q.features) : null));
      const arrays = db.prepare('INSERT INTO arrays (name, data) VALUES (?, ?)');
      arrays.run('body_lengths', Buffer.from(build.index.bodyLengths.buffer, build.index.bodyLengths.byteOffset, build.index.bodyLengths.byteLength));
      arrays.run('heading_lengths', Buffer.from(build.index.headingLengths));
      arrays.run('document_lengths', Buffer.from(build.index.documentLengths.buffer, build.index.documentLengths.byteOffset, build.index.documentLengths.byteLength));
      arrays.run('passage_doc', Buffer.from(build.passageDoc.buffer, build.passageDoc.byteOffset, build.passageDoc.byteLength));
    })();
    db.close();
    sealKnowledgeBaseFile(tmp);
    // On disk before it takes the name (the build runs with synchronous = OFF), so a
    // crash right after the rename cannot leave a knowledge base with missing pages.
    fsyncPath(tmp);
    // Only a complete file ever takes the knowledge base's name.
    renameSync(tmp, kbPath);
    fsyncPath(dirname(kbPath) || '.');
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    closeSync(fd);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `kbPath.tmp-<pid>` files (and their -journal) left by ingest runs that were killed before they
 * could clean up: those whose process is gone. A live run's temporary file is kept.
 * Returns the paths removed.
 */
export function removeStaleTempFiles(kbPath: string): string[] {
  const dir = dirname(kbPath) || '.';
  const prefix = `${basename(kbPath)}.tmp-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    // The file itself and whatever SQLite kept beside it (a -journal while it was created).
    const m = name.startsWith(prefix) ? /^(\d+)(?:-journal|-wal|-shm)?$/.exec(name.slice(prefix.length)) : null;
    const pid = m ? Number(m[1]) : 0;
    if (pid <= 0 || (pid !== process.pid && processAlive(pid))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

interface DocumentRow {
  ord: number;
  id: string;
  title: string;
  subtitle: string | null;
  source: string | null;
  published_at: string | null;
  year: number | null;
  type: string | null;
  issuer: string | null;
  version_date: string | null;
  version_note: string | null;
  path: string;
  superseded: number;
  cited_by: number;
  content_hash: string;
  frame: string;
}

interface PassageRow {
  id: string | null;
  doc_ord: number;
  first: number;
  last: number;
  start: number;
  end: number;
  part: number;
  heading_id: number;
  article: string | null;
  text: string | null;
  match: string | null;
}

function copyArray<T>(bytes: Buffer, make: (b: ArrayBuffer) => T): T {
  // Copy into an aligned buffer: SQLite's blob memory is not guaranteed aligned for typed arrays.
  const buf = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buf).set(bytes);
  return make(buf);
}

/** A knowledge-base file open for serving: the store, its probe, closing it, and hearing once when it turns out damaged. */
export interface KnowledgeBaseFile extends KnowledgeBaseStore {
  probe(): void;
  close(): void;
  /** Called once, with the reason, when the file is found damaged while served (for the operator's log). */
  onDamage?: (reason: string) => void;
}

/** Decoded posting lists kept, in bytes: the hot terms of all statutes fit several times over. */
const POSTINGS_CACHE_BYTES = 64 * 1024 * 1024;
/** A term the file does not have, remembered like a list. */
const ABSENT = Symbol('absent');

/** How often (at most) a read checks whether the file was written to in place: one fstat. */
const CHANGE_CHECK_MS = 100;

/** Verification before SQLite opens the file: an SQLite file at all, and not cut short of the pages its header records. */
function checkHeader(kbPath: string, fd: number, size: number): SqliteHeader {
  const header = readHeader(fd);
  if (!header) throw new NotAKnowledgeBaseError(kbPath, size === 0 ? 'it is empty' : 'it is not an SQLite database');
  const expected = header.pageCount === null ? null : header.pageCount * header.pageSize;
  if (expected !== null && size < expected) {
    throw new KnowledgeBaseDamagedError(`${kbPath} is damaged: it is ${size} bytes, but its header records ${expected} (cut short)`);
  }
  return header;
}

/** Verification of the content: the pages against the checksum sealed at ingest, or PRAGMA quick_check for a file without one. */
function checkContent(kbPath: string, fd: number, size: number, header: SqliteHeader, db: Database.Database): void {
  if (header.applicationId === SEALED_APPLICATION_ID) {
    if (pagesChecksum(fd, header.pageSize, size) !== header.userVersion) {
      throw new KnowledgeBaseDamagedError(`${kbPath} is damaged: its pages do not match the checksum ingest wrote into it`);
    }
    return;
  }
  let problems: string[];
  try {
    problems = db.prepare('PRAGMA quick_check(2)').pluck().all() as string[];
  } catch (err) {
    // Some damage stops the check itself.
    const code = sqliteCode(err);
    if (!code || !DAMAGE_CODE.test(code)) throw err;
    problems = [`${code}: ${(err as Error).message}`];
  }
  if (problems[0] !== 'ok') {
    // On one line, without SQLite's "*** in database main ***" banner.
    const found = problems.join('\n').replace(/^\*\*\*.*\*\*\*\n/, '').split('\n').slice(0, 2).join('; ');
    throw new KnowledgeBaseDamagedError(`${kbPath} is damaged: quick_check: ${found}`);
  }
}

/**
 * Opens a knowledge-base file read-only as a store, verified first (see the header comment). Nothing is loaded
 * but metadata, documents and length arrays. Refuses with NotAKnowledgeBaseError, KnowledgeBaseVersionError or
 * KnowledgeBaseDamagedError, each naming the file.
 */
export function openKnowledgeBaseFile(kbPath: string): KnowledgeBaseFile {
  if (!existsSync(kbPath)) throw new Error(`knowledge base: no file at ${kbPath}; run \`npm run ingest\``);
  if (!statSync(kbPath).isFile()) throw new NotAKnowledgeBaseError(kbPath, 'it is not a file');
  // Our own handle on the file SQLite reads: its size and mtime tell a file written to in place while served.
  const fd = openSync(kbPath, 'r');
  let db: Database.Database | null = null;
  try {
    const opened = fstatSync(fd);
    const header = checkHeader(kbPath, fd, opened.size);
    db = new Database(kbPath, { readonly: true, fileMustExist: true });
    let metaRow: { value: string } | undefined;
    try {
      metaRow = db.prepare("SELECT value FROM meta WHERE key = 'meta'").get() as { value: string } | undefined;
    } catch (err) {
      if (sqliteCode(err) !== 'SQLITE_ERROR') throw err;
      metaRow = undefined; // no meta table: SQLite, but not ours
    }
    if (!metaRow) throw new NotAKnowledgeBaseError(kbPath, "an SQLite database without policy-qa's meta table");
    let meta: KnowledgeBaseMeta;
    try {
      meta = JSON.parse(metaRow.value) as KnowledgeBaseMeta;
    } catch {
      throw new KnowledgeBaseDamagedError(`${kbPath} is damaged: its meta row is not JSON`);
    }
    if (meta.version !== KB_FORMAT_VERSION) throw new KnowledgeBaseVersionError(kbPath, meta);
    checkContent(kbPath, fd, opened.size, header, db);
    return serveFrom(db, fd, opened, header, meta);
  } catch (err) {
    db?.close();
    closeSync(fd);
    // A bad file found by SQLite names the file too: the operator has to act on it.
    const code = sqliteCode(err);
    if (code === 'SQLITE_NOTADB') throw new NotAKnowledgeBaseError(kbPath, 'it is not an SQLite database');
    if (code && DAMAGE_CODE.test(code)) throw new KnowledgeBaseDamagedError(`${kbPath} is damaged: ${code}: ${(err as Error).message}`);
    throw err;
  }
}

/**
 * The store over a verified file. Every read is guarded: damage found while serving (SQLite's word for it, or
 * the file's size or mtime changed: written to in place) becomes a 503 KnowledgeBaseDamagedError for this and
 * every later read, until a reload brings a new store.
 */
function serveFrom(db: Database.Database, fd: number, opened: Stats, header: SqliteHeader, meta: KnowledgeBaseMeta): KnowledgeBaseFile {
  let closed = false;
  let damage: KnowledgeBaseDamagedError | null = null;
  let checkedAt = performance.now();
  let openedMtimeMs = opened.mtimeMs;

  const changedInPlace = (): string | null => {
    const now = fstatSync(fd);
    if (now.size !== opened.size) return `the file changed from ${opened.size} to ${now.size} bytes while being served`;
    if (now.mtimeMs !== openedMtimeMs) {
      // Same size, new mtime: a sealed file is checked again against its checksum (a \`touch\` or a backup tool
      // restoring the same bytes is no damage); a file without a seal cannot be told apart, so it counts as written to.
      if (header.applicationId === SEALED_APPLICATION_ID && pagesChecksum(fd, header.pageSize, now.size) === header.userVersion) {
        openedMtimeMs = now.mtimeMs;
        return null;
      }
      return 'the file was written to while being served';
    }
    return null;
  };
  const damaged = (reason: string): KnowledgeBaseDamagedError => {
    if (!damage) {
      damage = new KnowledgeBaseDamagedError(`the knowledge base cannot be read: its file is damaged (${reason}); it has to be restored or rebuilt, then reloaded`);
      store.onDamage?.(reason);
    }
    return damage;
  };
  /** Throws the damage found so far; checks the file itself when `force`d or every CHANGE_CHECK_MS. */
  const guard = (force = false) => {
    if (closed) return; // SQLite itself says "not open"
    if (damage) throw damage;
    const now = performance.now();
    if (force || now - checkedAt >= CHANGE_CHECK_MS) {
      checkedAt = now;
      const changed = changedInPlace();
      if (changed) throw damaged(changed);
    }
  };
  /** What a failed read means: damage, when SQLite says so or the file changed under it; else the error itself (a bug). */
  const classify = (err: unknown): unknown => {
    if (closed || err instanceof PolicyQaError) return err;
    const code = sqliteCode(err);
    if (code && DAMAGE_CODE.test(code)) return damaged(`${code}: ${(err as Error).message}`);
    // Bytes changed in place can fail anywhere after SQLite (a posting list that does not decode).
    const changed = changedInPlace();
    return changed ? damaged(changed) : err;
  };
  const reading = <T>(work: () => T): T => {
    guard();
    try {
      return work();
    } catch (err) {
      throw classify(err);
    }
  };

  const documents: DocumentSummary[] = (db.prepare('SELECT * FROM documents ORDER BY ord').all() as DocumentRow[]).map((r) => ({
    ord: r.ord,
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    source: r.source,
    publishedAt: r.published_at,
    year: r.year,
    type: r.type,
    issuer: r.issuer,
    versionDate: r.version_date,
    versionNote: r.version_note,
    path: r.path,
    superseded: r.superseded === 1,
    citedBy: r.cited_by,
    contentHash: r.content_hash,
    frame: JSON.parse(r.frame) as DocumentFrame,
  }));
  const arrays = new Map((db.prepare('SELECT name, data FROM arrays').all() as { name: string; data: Buffer }[]).map((r) => [r.name, r.data]));
  const bodyLengths = copyArray(arrays.get('body_lengths')!, (b) => new Uint16Array(b));
  const headingLengths = copyArray(arrays.get('heading_lengths')!, (b) => new Uint8Array(b));
  const passageDoc = copyArray(arrays.get('passage_doc')!, (b) => new Uint32Array(b));
  const documentLengths = copyArray(arrays.get('document_lengths')!, (b) => new Uint32Array(b));

  const postingStmt = db.prepare('SELECT df, data FROM postings WHERE term = ?');
  const titleStmt = db.prepare('SELECT data FROM title_postings WHERE term = ?');
  const docPostingStmt = db.prepare('SELECT data FROM document_postings WHERE term = ?');
  const dfStmt = db.prepare('SELECT df FROM postings WHERE term = ?').pluck();
  const passageStmt = db.prepare('SELECT * FROM passages WHERE ord = ?');
  const matchStmt = db.prepare('SELECT match FROM passages WHERE ord = ?').pluck();
  const headingPaths = (db.prepare('SELECT id, path FROM headings ORDER BY id').all() as { id: number; path: string }[]).map(
    (r) => JSON.parse(r.path) as string[],
  );
  const paraTextStmt = db.prepare('SELECT text FROM paragraphs WHERE doc_ord = ? AND n BETWEEN ? AND ? ORDER BY n').pluck();
  const oneParaStmt = db.prepare('SELECT text FROM paragraphs WHERE doc_ord = ? AND n = ?').pluck();
  const parasStmt = db.prepare('SELECT n, level, article, text FROM paragraphs WHERE doc_ord = ? ORDER BY n');
  const headingsStmt = db.prepare('SELECT doc_ord AS docOrd, text FROM paragraphs WHERE level > 0 ORDER BY doc_ord, n');
  const termsStmt = db.prepare('SELECT term FROM postings').pluck();
  const knownQuestions = (
    db.prepare('SELECT question, passages, features FROM known_questions ORDER BY id').all() as { question: string; passages: string; features: string | null }[]
  ).map((r) => ({
    question: r.question,
    passages: JSON.parse(r.passages) as number[],
    ...(r.features ? { features: JSON.parse(r.features) as [string, number][] } : {}),
  }));

  // Decoded posting lists of recent queries; common terms recur across questions. Least recently used go first,
  // within a bound on their decoded bytes (a common statute term's list is ~100 KB; a count bound alone let a few
  // thousand of those grow without limit). A hit still passes the guard, so a damaged file answers 503 throughout
  // rather than only where a read happens to miss the cache.
  const cache = new LRUCache<string, PostingList | typeof ABSENT>({
    maxSize: POSTINGS_CACHE_BYTES,
    sizeCalculation: (list) => (list === ABSENT ? 64 : 64 + list.ids.byteLength + list.tfBody.byteLength + list.tfHeading.byteLength),
  });
  const cached = (key: string, load: () => PostingList | null) =>
    reading(() => {
      const hit = cache.get(key);
      if (hit !== undefined) return hit === ABSENT ? null : hit;
      const list = load();
      cache.set(key, list ?? ABSENT);
      return list;
    });

  let probeOrd = 0;
  const store: KnowledgeBaseFile = {
    meta,
    bodyLengths,
    headingLengths,
    passageDoc,
    documents,
    postings: (term) =>
      cached(`p:${term}`, () => {
        const row = postingStmt.get(term) as { data: Buffer } | undefined;
        return row ? decodePostings(new Uint8Array(row.data)) : null;
      }),
    titlePostings: (term) =>
      cached(`t:${term}`, () => {
        const row = titleStmt.get(term) as { data: Buffer } | undefined;
        return row ? decodePostings(new Uint8Array(row.data)) : null;
      }),
    documentPostings: (term) =>
      cached(`d:${term}`, () => {
        const row = docPostingStmt.get(term) as { data: Buffer } | undefined;
        return row ? decodePostings(new Uint8Array(row.data)) : null;
      }),
    documentLengths,
    documentFrequency: (term) => reading(() => (dfStmt.get(term) as number | undefined) ?? 0),
    passage: (ord): StoredPassage =>
      reading(() => {
        const r = passageStmt.get(ord) as PassageRow | undefined;
        if (!r) throw new Error(`knowledge base: no passage ${ord}`);
        const text = r.text ?? (paraTextStmt.all(r.doc_ord, r.first, r.last) as string[]).join('\n').slice(r.start, r.end);
        return {
          ord,
          docOrd: r.doc_ord,
          id: r.id ?? `${documents[r.doc_ord].id}:${r.first}`,
          docId: documents[r.doc_ord].id,
          paragraph: r.first,
          part: r.part,
          heading: headingPaths[r.heading_id],
          text,
          article: r.article,
          ...(r.match === null ? {} : { match: r.match }),
        };
      }),
    passageMatch: (ord) => reading(() => (matchStmt.get(ord) as string | null | undefined) ?? undefined),
    paragraphs: (docOrd) =>
      reading(() =>
        (parasStmt.all(docOrd) as { n: number; level: number; article: string | null; text: string }[]).map((r) => ({
          n: r.n,
          level: r.level,
          article: r.article,
          text: r.text,
        })),
      ),
    paragraphText: (docOrd, n) => reading(() => (oneParaStmt.get(docOrd, n) as string | undefined) ?? undefined),
    // One scan of the headings alone: the suggestion index needs them at start-up, and reading every document
    // whole for them took ~0.4 s of a 1.4 s cold start with all the statutes.
    headingParagraphs: () => reading(() => headingsStmt.all() as { docOrd: number; text: string }[]),
    vocabulary: function* () {
      const terms = reading(() => termsStmt.iterate() as Iterator<string>);
      for (;;) {
        let next: IteratorResult<string>;
        try {
          next = terms.next();
        } catch (err) {
          throw classify(err);
        }
        if (next.done) return;
        yield next.value;
      }
    },
    knownQuestions: () => knownQuestions,
    // A real read for health checks: the file itself, then another passage row each time (spread over the file).
    probe: () => {
      guard(true);
      if (meta.passageCount === 0) return;
      probeOrd = (probeOrd + 7919) % meta.passageCount;
      store.passage(probeOrd);
    },
    close: () => {
      if (closed) return;
      closed = true;
      db.close();
      closeSync(fd);
    },
  };
  return store;
}

/** Reads a whole knowledge-base file back into a build (for exports and for rewriting). */
export function readKnowledgeBaseBuild(kbPath: string): KnowledgeBaseBuild {
  const store = openKnowledgeBaseFile(kbPath);
  const db = new Database(kbPath, { readonly: true, fileMustExist: true });
  try {
    const postings = new Map<string, Uint8Array>();
    for (const r of db.prepare('SELECT term, data FROM postings').iterate() as Iterable<{ term: string; data: Buffer }>) {
      postings.set(r.term, new Uint8Array(r.data));
    }
    const titles = new Map<string, Uint8Array>();
    for (const r of db.prepare('SELECT term, data FROM title_postings').iterate() as Iterable<{ term: string; data: Buffer }>) {
      titles.set(r.term, new Uint8Array(r.data));
    }
    const documents = new Map<string, Uint8Array>();
    for (const r of db.prepare('SELECT term, data FROM document_postings').iterate() as Iterable<{ term: string; data: Buffer }>) {
      documents.set(r.term, new Uint8Array(r.data));
    }
    const passages = [];
    for (let ord = 0; ord < store.meta.passageCount; ord++) {
      const { ord: _o, docOrd: _d, ...p } = store.passage(ord);
      passages.push(p);
    }
    return {
      meta: store.meta,
      documents: store.documents,
      paragraphs: store.documents.map((d) => store.paragraphs(d.ord)),
      passages,
      passageDoc: store.passageDoc,
      index: {
        postings,
        titles,
        documents,
        documentLengths: store.documentLengths,
        bodyLengths: store.bodyLengths,
        headingLengths: store.headingLengths,
      },
      knownQuestions: store.knownQuestions(),
    };
  } finally {
    db.close();
    store.close();
  }
}
