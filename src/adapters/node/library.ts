// Library management for /admin/library on the Node server (issue #18 item 4).
//
// LIBRARY_DIR holds the uploads, one folder each, by state — staged/<id>/, published/<id>/,
// withdrawn/<id>/ — with the frame correction as the file's sidecar <name>.meta.json, and
// library.sqlite: the uploads (state, preview) and the audit list (what, who, when), so
// both outlast a restart. An upload is checked before anything is written: its size
// (UPLOAD_MAX_BYTES), its type by extension and by content (a PDF must start %PDF-, a DOCX
// be a ZIP, text must hold no NUL bytes), and it is parsed as ingest would parse it — DOCX
// and PDF in the parsing thread with its time and memory limits — so a bad file is reported
// and leaves nothing behind. Publishing or withdrawing moves the folder and rebuilds the
// knowledge base in a thread (library-thread.ts: CORPUS_DIR + published/ + whatever else
// the current knowledge base holds), then swaps it in with the server's reload; the old
// one serves until then. One rebuild at a time; a rebuild that fails moves the folder
// back, so the library and the knowledge base stay as they were.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { inferFrame } from '../../ingest/frame.js';
import { buildPassages } from '../../ingest/passages.js';
import { DocumentReadError, readDocument, SUPPORTED_EXTENSIONS } from '../../ingest/read-document.js';
import type { ParsedDocument } from '../../ingest/structure.js';
import type { Settings } from '../../settings.js';
import type { ReloadResult } from '../../app/routes/reload.js';
import type { Logger } from '../../app/deps.js';
import {
  IDLE_STATUS,
  LibraryError,
  yearsText,
  type AuditEntry,
  type FrameCorrection,
  type FramePreview,
  type LibraryAction,
  type LibraryManager,
  type LibraryUpload,
  type PreviewPassage,
  type RebuildStatus,
  type UploadState,
} from '../../staff/library-audit.js';
import { DocumentParser } from './binary-documents.js';
import { readFrameOverride } from './ingest.js';
import type { RebuildMessage, RebuildOutcome, RebuildRequest } from './library-thread.js';

export type LibrarySettings = Pick<
  Settings,
  | 'LIBRARY_DIR'
  | 'CORPUS_DIR'
  | 'KB_PATH'
  | 'UPLOAD_MAX_BYTES'
  | 'PARSE_TIMEOUT_MS'
  | 'PARSE_MEMORY_MB'
  | 'MAX_DOCUMENT_CHARS'
  | 'MAX_DOCUMENT_PASSAGES'
  | 'REQUEST_TIMEOUT_MS'
>;

export interface LibraryOptions {
  settings: LibrarySettings;
  /** The server's reload (SIGHUP, POST /admin/reload): swaps to the file now at KB_PATH. */
  reload: () => Promise<ReloadResult>;
  /** Paths are recorded relative to this folder, as npm start and npm run ingest do (default: the working directory). */
  root?: string;
  logger?: Logger;
  /** Run the rebuild in this thread instead of a worker (tests of the rebuild's logic only). */
  inProcess?: boolean;
}

/** Passages shown in the preview. */
export const PREVIEW_PASSAGES = 12;

const STATES: UploadState[] = ['staged', 'published', 'withdrawn'];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS library_uploads (
  id TEXT PRIMARY KEY,
  file_name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('staged', 'published', 'withdrawn')),
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  preview TEXT NOT NULL,
  correction TEXT NOT NULL,
  doc_id TEXT
);
CREATE TABLE IF NOT EXISTS library_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  action TEXT NOT NULL,
  document TEXT NOT NULL,
  detail TEXT NOT NULL
);
`;

/**
 * A file name safe to keep: the last path segment only, NFKC, anything but letters, digits, dot, dash and
 * underscore replaced by -, no leading dots, at most 80 characters before the extension (lower-cased).
 * Throws LibraryError 415 when no supported extension is left.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  const clean = last
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[.-]+/, '')
    .replace(/-{2,}/g, '-');
  const ext = extname(clean).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new LibraryError(415, `unsupported file type "${ext || '(none)'}": upload ${SUPPORTED_EXTENSIONS.join(', ')}`);
  }
  const stem = [...basename(clean, extname(clean)).replace(/[.-]+$/, '')].slice(0, 80).join('') || 'document';
  return `${stem}${ext}`;
}

/** Whether the bytes are what the extension says: refuses a renamed executable, an HTML page saved as .pdf, a PDF as .txt. */
export function sniffType(fileName: string, bytes: Uint8Array): void {
  const ext = extname(fileName).toLowerCase();
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  const isZip = starts([0x50, 0x4b, 0x03, 0x04]);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const isPdf = head.includes('%PDF-');
  if (ext === '.pdf') {
    if (!starts([0x25, 0x50, 0x44, 0x46, 0x2d]) && !isPdf) throw new LibraryError(415, 'the file is named .pdf but is not a PDF (no %PDF- header)');
    return;
  }
  if (ext === '.docx') {
    if (!isZip) throw new LibraryError(415, 'the file is named .docx but is not a Word document (no ZIP signature); save old .doc files as .docx first');
    return;
  }
  // Text formats: no NUL bytes, no binary signature.
  const sample = bytes.subarray(0, 8192);
  if (isZip || starts([0x25, 0x50, 0x44, 0x46, 0x2d]) || sample.includes(0)) {
    throw new LibraryError(415, `the file is named ${ext} but holds binary content (a PDF, ZIP or other binary file?)`);
  }
}

const THREAD_ENTRY = new URL(`./library-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

function startRebuildThread(request: RebuildRequest): Worker {
  const workerData = { libraryRebuild: request };
  if (THREAD_ENTRY.pathname.endsWith('.js')) return new Worker(THREAD_ENTRY, { workerData });
  // From the sources (tsx, vitest), as binary-documents.ts does: the worker compiles TypeScript through tsx.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(THREAD_ENTRY.href)}); });`, {
    eval: true,
    workerData,
  });
}

function framePreview(doc: ParsedDocument, correction: FrameCorrection): { frame: FramePreview; passageCount: number; passages: PreviewPassage[] } {
  const frame = inferFrame(doc, correction);
  const passages = buildPassages('preview', doc.paragraphs);
  return {
    frame: {
      title: correction.title ?? doc.title,
      region: frame.region,
      kind: frame.kind,
      reviewed: yearsText(frame.reviewed),
      planned: yearsText(frame.planned),
      overridden: frame.overridden,
      sections: frame.sections.length,
      planSections: frame.sections.filter((s) => s.period?.stance === 'planned').length,
    },
    passageCount: passages.length,
    passages: passages.slice(0, PREVIEW_PASSAGES).map((p) => ({ heading: p.heading, text: p.text })),
  };
}

interface UploadRow {
  id: string;
  file_name: string;
  state: UploadState;
  uploaded_at: string;
  uploaded_by: string;
  bytes: number;
  preview: string;
  correction: string;
  doc_id: string | null;
}

function toUpload(row: UploadRow): LibraryUpload {
  const preview = JSON.parse(row.preview) as { frame: FramePreview; passageCount: number; passages: PreviewPassage[] };
  return {
    id: row.id,
    fileName: row.file_name,
    state: row.state,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
    bytes: row.bytes,
    ...preview,
    correction: JSON.parse(row.correction) as FrameCorrection,
    docId: row.doc_id,
  };
}

export function openLibrary(options: LibraryOptions): LibraryManager {
  const { settings } = options;
  const root = resolve(options.root ?? '.');
  const dir = resolve(settings.LIBRARY_DIR);
  for (const state of STATES) mkdirSync(join(dir, state), { recursive: true });
  const db = new Database(join(dir, 'library.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);
  const folderOf = (state: UploadState, id: string) => join(dir, state, id);
  const fileOf = (u: { state: UploadState; id: string; fileName: string }) => join(folderOf(u.state, u.id), u.fileName);
  const sidecarOf = (file: string) => join(dirname(file), `${basename(file, extname(file))}.meta.json`);

  const rows = {
    all: db.prepare<[], UploadRow>(`SELECT * FROM library_uploads WHERE state != 'withdrawn' ORDER BY uploaded_at DESC, rowid DESC`),
    every: db.prepare<[], UploadRow>(`SELECT * FROM library_uploads`),
    one: db.prepare<[string], UploadRow>(`SELECT * FROM library_uploads WHERE id = ?`),
    insert: db.prepare(
      `INSERT INTO library_uploads (id, file_name, state, uploaded_at, uploaded_by, bytes, preview, correction, doc_id) VALUES (@id, @file_name, @state, @uploaded_at, @uploaded_by, @bytes, @preview, @correction, NULL)`,
    ),
    setPreview: db.prepare(`UPDATE library_uploads SET preview = ?, correction = ? WHERE id = ?`),
    setState: db.prepare(`UPDATE library_uploads SET state = ?, doc_id = ? WHERE id = ?`),
    remove: db.prepare(`DELETE FROM library_uploads WHERE id = ?`),
    log: db.prepare(`INSERT INTO library_audit (at, who, action, document, detail) VALUES (?, ?, ?, ?, ?)`),
    audit: db.prepare<[number], AuditEntry>(`SELECT id, at, who, action, document, detail FROM library_audit ORDER BY id DESC LIMIT ?`),
  };
  const record = (who: string, action: LibraryAction, document: string, detail: string) => {
    // After close() (shutdown during a rebuild) there is nowhere to write; the next start reconciles the folders.
    if (!db.open) return;
    rows.log.run(new Date().toISOString(), who, action, document, detail);
  };

  // After a crash mid-rebuild an upload's folder may sit under another state than the one recorded (the rebuild
  // had moved it, the swap never happened): put it back where its recorded state says. Half-written uploads go.
  for (const row of rows.every.all()) {
    const want = folderOf(row.state, row.id);
    if (existsSync(want)) continue;
    const found = STATES.map((s) => folderOf(s, row.id)).find((f) => existsSync(f));
    if (found) renameSync(found, want);
  }
  for (const name of readdirSync(dir)) if (name.startsWith('.incoming-')) rmSync(join(dir, name), { recursive: true, force: true });

  const parseTimeoutMs = Math.max(500, Math.min(settings.PARSE_TIMEOUT_MS, settings.REQUEST_TIMEOUT_MS - 1000));
  const limits = { maxChars: settings.MAX_DOCUMENT_CHARS, maxPassages: settings.MAX_DOCUMENT_PASSAGES };

  /** Parses an upload as ingest would, with the parsing thread's limits; DocumentReadError for what cannot be read. */
  async function parse(fileName: string, bytes: Uint8Array): Promise<ParsedDocument> {
    const parser = new DocumentParser({ timeoutMs: parseTimeoutMs, memoryMb: settings.PARSE_MEMORY_MB }, settings.MAX_DOCUMENT_CHARS);
    try {
      return await readDocument(fileName, bytes, fileName, parser.readers, limits);
    } finally {
      await parser.close();
    }
  }

  const mustGet = (id: string): LibraryUpload => {
    const row = /^[0-9a-f]{16}$/.test(id) ? rows.one.get(id) : undefined;
    if (!row || row.state === 'withdrawn') throw new LibraryError(404, 'no such upload');
    return toUpload(row);
  };

  let status: RebuildStatus = { ...IDLE_STATUS };
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  function rebuild(upload: LibraryUpload, action: 'publish' | 'withdraw', who: string, from: UploadState, to: UploadState): RebuildStatus {
    if (status.state === 'running') throw new LibraryError(409, `a rebuild is running (${status.action} ${status.fileName}); wait for it to finish`);
    if (closed) throw new LibraryError(409, 'the server is shutting down');
    if (from !== to) renameSync(folderOf(from, upload.id), folderOf(to, upload.id));
    status = {
      state: 'running',
      action,
      fileName: upload.fileName,
      uploadId: upload.id,
      by: who,
      stage: 'queued',
      done: 0,
      total: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      documents: 0,
      passages: 0,
      message: null,
    };
    const request: RebuildRequest = {
      kbPath: resolve(settings.KB_PATH),
      corpusDir: resolve(settings.CORPUS_DIR),
      libraryDir: dir,
      root,
      limits: settings,
    };
    const progress = (stage: 'read' | 'index', done: number, total: number) => {
      status = { ...status, stage, done, total };
    };
    const finish = (patch: Partial<RebuildStatus>) => {
      status = { ...status, ...patch, finishedAt: new Date().toISOString() };
    };
    running = (async () => {
      let outcome: RebuildOutcome;
      try {
        outcome = await runThread(request, progress);
        const path = relative(root, fileOf({ ...upload, state: to }));
        const refused = outcome.skipped.find((s) => s.path === path);
        if (refused) throw new Error(`${upload.fileName}: ${refused.error}`);
      } catch (err) {
        if (from !== to && existsSync(folderOf(to, upload.id))) renameSync(folderOf(to, upload.id), folderOf(from, upload.id));
        const message = (err as Error).message;
        finish({ state: 'failed', message });
        record(who, 'rebuild-failed', upload.fileName, `${action}: ${message}`);
        options.logger?.error({ action, file: upload.fileName, error: message }, 'library rebuild failed; the knowledge base was left as it was');
        return;
      }
      status = { ...status, stage: 'reload' };
      try {
        const result = await options.reload();
        const path = relative(root, fileOf({ ...upload, state: to }));
        const docId = to === 'published' ? (outcome.ids.find((d) => d.path === path)?.id ?? null) : null;
        if (db.open) rows.setState.run(to, docId, upload.id);
        const summary = `${outcome.documents} documents, ${outcome.passages} passages, built in ${outcome.seconds.toFixed(1)} s, swapped in ${result.ms} ms`;
        finish({ state: 'done', message: summary, documents: outcome.documents, passages: outcome.passages });
        record(who, action, upload.fileName, summary);
        options.logger?.info({ action, file: upload.fileName, documents: outcome.documents, passages: outcome.passages }, 'library rebuilt');
      } catch (err) {
        // The new file is at KB_PATH but could not be served: the old knowledge base still serves; put the upload back.
        if (from !== to && existsSync(folderOf(to, upload.id))) renameSync(folderOf(to, upload.id), folderOf(from, upload.id));
        const message = `reload: ${(err as Error).message}`;
        finish({ state: 'failed', message });
        record(who, 'rebuild-failed', upload.fileName, `${action}: ${message}`);
      }
    })();
    return status;
  }

  function runThread(request: RebuildRequest, progress: (stage: 'read' | 'index', done: number, total: number) => void): Promise<RebuildOutcome> {
    if (options.inProcess) {
      return import('./library-thread.js').then((m) => m.runRebuild(request, progress));
    }
    return new Promise((resolvePromise, reject) => {
      const thread = startRebuildThread(request);
      let settled = false;
      thread.on('message', (m: RebuildMessage) => {
        if ('progress' in m) progress(m.progress.stage, m.progress.done, m.progress.total);
        else if ('done' in m) {
          settled = true;
          resolvePromise(m.done);
          void thread.terminate();
        } else if ('failed' in m) {
          settled = true;
          reject(new Error(m.failed));
          void thread.terminate();
        }
      });
      thread.once('error', (err) => {
        if (!settled) reject(err);
        settled = true;
      });
      thread.once('exit', (code) => {
        if (!settled) reject(new Error(`the rebuild stopped unexpectedly (exit code ${code})`));
        settled = true;
      });
    });
  }

  return {
    maxBytes: settings.UPLOAD_MAX_BYTES,
    extensions: SUPPORTED_EXTENSIONS,

    uploads: () => rows.all.all().map(toUpload),

    upload(id) {
      const row = /^[0-9a-f]{16}$/.test(id) ? rows.one.get(id) : undefined;
      return row && row.state !== 'withdrawn' ? toUpload(row) : undefined;
    },

    async add(file, who) {
      const shown = [...(file.name.split(/[\\/]/).pop() ?? '')].slice(0, 100).join('') || '(no name)';
      try {
        if (file.bytes.length === 0) throw new LibraryError(422, 'the file is empty');
        if (file.bytes.length > settings.UPLOAD_MAX_BYTES) {
          throw new LibraryError(413, `the file is ${(file.bytes.length / 1048576).toFixed(1)} MB, over the ${(settings.UPLOAD_MAX_BYTES / 1048576).toFixed(1)} MB limit (UPLOAD_MAX_BYTES)`);
        }
        const fileName = sanitizeFileName(file.name);
        sniffType(fileName, file.bytes);
        let doc: ParsedDocument;
        try {
          doc = await parse(fileName, file.bytes);
        } catch (err) {
          if (err instanceof DocumentReadError) throw new LibraryError(422, err.detail);
          throw err;
        }
        const id = randomBytes(8).toString('hex');
        // Written whole under a name ingest never reads, then moved into staged/ in one rename.
        const incoming = join(dir, `.incoming-${id}`);
        mkdirSync(incoming);
        try {
          writeFileSync(join(incoming, fileName), file.bytes);
          renameSync(incoming, folderOf('staged', id));
        } catch (err) {
          rmSync(incoming, { recursive: true, force: true });
          throw err;
        }
        rows.insert.run({
          id,
          file_name: fileName,
          state: 'staged',
          uploaded_at: new Date().toISOString(),
          uploaded_by: who,
          bytes: file.bytes.length,
          preview: JSON.stringify(framePreview(doc, {})),
          correction: '{}',
        });
        const upload = mustGet(id);
        record(who, 'upload', fileName, `${upload.bytes} bytes; ${upload.passageCount} passages; ${upload.frame.title}`);
        return upload;
      } catch (err) {
        const message = err instanceof LibraryError ? err.detail : (err as Error).message;
        record(who, 'reject', shown, message);
        throw err instanceof LibraryError ? err : new LibraryError(422, message);
      }
    },

    async correct(id, correction, who) {
      const upload = mustGet(id);
      if (status.state === 'running' && status.uploadId === id) throw new LibraryError(409, 'this upload is being published or withdrawn; wait for the rebuild');
      const file = fileOf(upload);
      const sidecar = sidecarOf(file);
      const before = existsSync(sidecar) ? readFileSync(sidecar) : null;
      const fields = Object.fromEntries(Object.entries(correction).filter(([, v]) => v !== undefined));
      if (Object.keys(fields).length) writeFileSync(sidecar, `${JSON.stringify(fields, null, 2)}\n`);
      else rmSync(sidecar, { force: true });
      let doc: ParsedDocument;
      try {
        // The sidecar is read back by ingest's own reader: what is accepted here is what the rebuild accepts.
        readFrameOverride(file);
        doc = await parse(upload.fileName, readFileSync(file));
        rows.setPreview.run(JSON.stringify(framePreview(doc, fields)), JSON.stringify(fields), id);
      } catch (err) {
        if (before) writeFileSync(sidecar, before);
        else rmSync(sidecar, { force: true });
        throw new LibraryError(400, err instanceof DocumentReadError ? err.detail : (err as Error).message);
      }
      const detail = Object.keys(fields).length ? Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(', ') : 'cleared: all inferred';
      record(who, 'correct', upload.fileName, upload.state === 'published' ? `${detail} (publish again to apply)` : detail);
      return mustGet(id);
    },

    discard(id, who) {
      const upload = mustGet(id);
      if (upload.state !== 'staged') throw new LibraryError(409, 'only a staged upload can be discarded; withdraw a published one');
      if (status.state === 'running' && status.uploadId === id) throw new LibraryError(409, 'this upload is being published; wait for the rebuild');
      rmSync(folderOf('staged', id), { recursive: true, force: true });
      rows.remove.run(id);
      record(who, 'discard', upload.fileName, 'staged upload deleted');
    },

    publish(id, who) {
      const upload = mustGet(id);
      return rebuild(upload, 'publish', who, upload.state, 'published');
    },

    withdraw(id, who) {
      const upload = mustGet(id);
      if (upload.state !== 'published') throw new LibraryError(409, 'only a published upload can be withdrawn');
      return rebuild(upload, 'withdraw', who, 'published', 'withdrawn');
    },

    status: () => status,
    idle: () => running,
    audit: (limit) => rows.audit.all(limit),
    close() {
      closed = true;
      db.close();
    },
  };
}
