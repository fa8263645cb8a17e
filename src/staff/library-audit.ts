// Managing the library from /admin (issue #18 item 4): the model the routes and
// views share with the Node adapter that does the work (src/adapters/node/library.ts).
// Staff upload a document, see the frame ingest infers for it and the passages it
// would become, correct the frame, publish it (the knowledge base is rebuilt in the
// background and swapped in) or withdraw it again; every change goes into an audit
// list (what, who, when). Plain types and validation only: no file system, no ingest,
// so the app may import it and the Worker, which has no library, bundles nothing more.
import { httpUrl } from '../text/urls.js';
import { regionByName } from '../text/regions.js';

/** What staff did to the library; 'reject' is an upload refused (too big, wrong type, unreadable). */
export type LibraryAction = 'upload' | 'reject' | 'correct' | 'publish' | 'withdraw' | 'discard' | 'rebuild-failed';

export const LIBRARY_ACTIONS: readonly LibraryAction[] = ['upload', 'reject', 'correct', 'publish', 'withdraw', 'discard', 'rebuild-failed'];

/** One line of the audit list. */
export interface AuditEntry {
  id: number;
  /** ISO time. */
  at: string;
  /** staffNameOf: the name typed at login, X-Staff-Name with a Bearer token, else 'staff'. */
  who: string;
  action: LibraryAction;
  /** The upload's file name (as sanitised). */
  document: string;
  /** What changed: the corrected fields, why an upload was refused, the rebuild's outcome. */
  detail: string;
}

/**
 * Staff's correction of a document's frame, written beside the file as its sidecar
 * `<name>.meta.json` — the very fields and rules ingest reads (src/adapters/node/ingest.ts
 * readFrameOverride; tests/adapters/library.test.ts holds the two to the same verdicts).
 */
export interface FrameCorrection {
  title?: string;
  /** The document's page on its publisher's portal (查看原文网页): absolute http(s) only. */
  url?: string;
  region?: string;
  kind?: string;
  reviewedYear?: number;
  plannedYear?: number;
}

export const FRAME_FIELDS = ['title', 'region', 'kind', 'reviewedYear', 'plannedYear', 'url'] as const;

export type LibraryErrorStatus = 400 | 404 | 409 | 413 | 415 | 422 | 500;

/**
 * A refused library request: 400 bad input, 404 unknown upload, 409 a rebuild is running (or the upload is not in
 * the state the action needs), 413 too big, 415 wrong type, 422 unreadable. The library routes answer it themselves
 * (the page again, with the message), so it is not one of the app's PolicyQaErrors.
 */
export class LibraryError extends Error {
  constructor(
    readonly status: LibraryErrorStatus,
    readonly detail: string,
  ) {
    super(`library: ${detail}`);
    this.name = 'LibraryError';
  }
}

/**
 * The correction form's fields as a FrameCorrection: empty fields are left to inference;
 * the same limits as the sidecar schema (strings 1–40 characters, years 1949–2100 as whole
 * numbers, the region a GB/T 2260 division or 全国). Throws LibraryError (400) naming the field.
 */
export function parseFrameCorrection(form: Record<string, unknown>): FrameCorrection {
  const out: FrameCorrection = {};
  const str = (name: 'region' | 'kind') => {
    const raw = form[name];
    if (raw === undefined || raw === null) return;
    if (typeof raw !== 'string') throw new LibraryError(400, `${name}: must be text`);
    const value = raw.trim();
    if (!value) return;
    if ([...value].length > 40) throw new LibraryError(400, `${name}: at most 40 characters`);
    out[name] = value;
  };
  const year = (name: 'reviewedYear' | 'plannedYear') => {
    const raw = form[name];
    if (raw === undefined || raw === null) return;
    if (typeof raw !== 'string' && typeof raw !== 'number') throw new LibraryError(400, `${name}: must be a year`);
    const text = String(raw).trim();
    if (!text) return;
    const n = Number(text);
    if (!/^\d{4}$/.test(text) || !Number.isInteger(n) || n < 1949 || n > 2100) throw new LibraryError(400, `${name}: must be a year from 1949 to 2100`);
    out[name] = n;
  };
  const title = form.title;
  if (title !== undefined && title !== null) {
    if (typeof title !== 'string') throw new LibraryError(400, 'title: must be text');
    const value = title.trim();
    if ([...value].length > 200) throw new LibraryError(400, 'title: at most 200 characters');
    if (value) out.title = value;
  }
  const url = form.url;
  if (url !== undefined && url !== null) {
    if (typeof url !== 'string') throw new LibraryError(400, 'url: must be text');
    if (url.trim()) {
      const checked = httpUrl(url);
      if (!checked) throw new LibraryError(400, 'url: must be an absolute http:// or https:// address');
      out.url = checked;
    }
  }
  str('region');
  str('kind');
  year('reviewedYear');
  year('plannedYear');
  if (out.region !== undefined && out.region !== '全国' && !regionByName(out.region)) {
    throw new LibraryError(400, `region: "${out.region}" is not a Chinese administrative division (GB/T 2260) or 全国`);
  }
  return out;
}

/** The frame of an upload as the preview shows it. */
export interface FramePreview {
  title: string;
  region: string | null;
  kind: string | null;
  /** The years it reviews and plans, as 2025 or 2021–2025; null when unknown. */
  reviewed: string | null;
  planned: string | null;
  /** Fields set by the correction rather than inferred. */
  overridden: string[];
  sections: number;
  planSections: number;
}

/** One passage of the preview, with its heading path. */
export interface PreviewPassage {
  heading: string[];
  text: string;
}

export type UploadState = 'staged' | 'published' | 'withdrawn';

/** A document uploaded on /admin/library. */
export interface LibraryUpload {
  /** A random id (hex): the upload's folder and its address under /admin/library/doc/. */
  id: string;
  /** The sanitised file name it is kept under. */
  fileName: string;
  state: UploadState;
  uploadedAt: string;
  uploadedBy: string;
  bytes: number;
  frame: FramePreview;
  correction: FrameCorrection;
  /** All passages it becomes, and the first of them for the preview. */
  passageCount: number;
  passages: PreviewPassage[];
  /** Once published: the document's id in the knowledge base (/doc/<id>). */
  docId: string | null;
}

export type RebuildStage = 'queued' | 'read' | 'index' | 'reload';

/** The background rebuild, as the status fragment shows it. */
export interface RebuildStatus {
  state: 'idle' | 'running' | 'done' | 'failed';
  action: 'publish' | 'withdraw' | null;
  fileName: string | null;
  uploadId: string | null;
  by: string | null;
  stage: RebuildStage | null;
  done: number;
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Once done: the new knowledge base's documents and passages. */
  documents: number;
  passages: number;
  /** On failure, why; when done, what was served after the swap. */
  message: string | null;
}

export const IDLE_STATUS: RebuildStatus = {
  state: 'idle',
  action: null,
  fileName: null,
  uploadId: null,
  by: null,
  stage: null,
  done: 0,
  total: 0,
  startedAt: null,
  finishedAt: null,
  documents: 0,
  passages: 0,
  message: null,
};

/**
 * What the Node server offers /admin/library (src/adapters/node/library.ts); absent on
 * Workers, where the page says that managing the library needs the Node server.
 */
export interface LibraryManager {
  /** Largest upload accepted (UPLOAD_MAX_BYTES). */
  readonly maxBytes: number;
  /** The extensions accepted, with their dot. */
  readonly extensions: readonly string[];
  /** Staged and published uploads, newest first (withdrawn ones are in the audit list). */
  uploads(): LibraryUpload[];
  upload(id: string): LibraryUpload | undefined;
  /** Stages a file after checking its size, type and content and parsing it; a refused file leaves nothing behind. */
  add(file: { name: string; bytes: Uint8Array }, who: string): Promise<LibraryUpload>;
  /** Writes the frame correction (the sidecar) and refreshes the preview. */
  correct(id: string, correction: FrameCorrection, who: string): Promise<LibraryUpload>;
  /** Deletes a staged upload. */
  discard(id: string, who: string): void;
  /** Starts the background rebuild that adds (publish) or removes (withdraw) the upload; 409 while one runs. */
  publish(id: string, who: string): RebuildStatus;
  withdraw(id: string, who: string): RebuildStatus;
  status(): RebuildStatus;
  /** Resolves when no rebuild is running (tests, shutdown). */
  idle(): Promise<void>;
  audit(limit: number): AuditEntry[];
  close(): void;
}

/** Years of a period as text: 2025, or 2021–2025. */
export function yearsText(p: { from: number; to: number } | null): string | null {
  if (!p) return null;
  return p.from === p.to ? String(p.from) : `${p.from}–${p.to}`;
}
