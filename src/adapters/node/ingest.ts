// Ingestion on Node: walk the inputs, read and parse each document (reporting
// and skipping what cannot be read), segment with nodejieba and write the
// knowledge-base file atomically. Incremental by default: files whose content
// hash matches the existing knowledge base are not read or parsed again, and
// documents whose files are gone are dropped. DOCX and PDF are parsed in a worker
// thread with time and memory limits, and a document over the character or passage
// limit is reported and skipped. Scripts call `runIngest`; tests do too.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { regionByName } from '../../text/regions.js';
import { attachKnownQuestions, buildKnowledgeBase, collectUserWords, type SourceDocument } from '../../ingest/build.js';
import { parseKnownQuestions } from '../../ingest/known-questions.js';
import { httpUrl, MAX_SOURCE_URL_CHARS } from '../../ingest/source-url.js';
import type { FrameOverride, KnowledgeBaseMeta, KnownQuestionInput } from '../../model/store.js';
import type { DocumentFrame } from '../../model/document.js';
import {
  checkDocumentLimits,
  DocumentReadError,
  MAX_DOCUMENT_BYTES,
  readDocument,
  SUPPORTED_EXTENSIONS,
  type DocumentLimits,
} from '../../ingest/read-document.js';
import { DEFAULT_SETTINGS, type Settings } from '../../settings.js';
import { DocumentParser } from './binary-documents.js';
import { createJiebaSegmenter } from './jieba.js';
import { openKnowledgeBaseFile, removeStaleTempFiles, writeKnowledgeBaseFile } from './kb-file.js';

export interface IngestOptions {
  /** Files or folders to ingest: together they are the knowledge base's whole content. */
  inputs: string[];
  /** Where the knowledge-base file goes. */
  kbPath: string;
  /** Paths are recorded relative to this folder (default: the current directory). */
  root?: string;
  /** Re-read and re-parse every file even when the knowledge base already holds it unchanged. */
  full?: boolean;
  /**
   * Known-question files (JSON Lines of questions with the articles that answer them):
   * search learns citizens' vocabulary from them (see core/known-questions.ts).
   */
  questions?: string[];
  /** Called as documents are read and as passages are indexed. */
  onProgress?: (stage: 'read' | 'index', done: number, total: number) => void;
  /** Per-document limits (the settings of these names; `limits: settings` passes them all); unset ones take their defaults. */
  limits?: Partial<IngestLimits>;
  /** Recorded in the meta when `npm start` builds the file itself: only such a file may it rebuild later. */
  builtBy?: KnowledgeBaseMeta['builtBy'];
}

export type IngestLimits = Pick<Settings, 'MAX_DOCUMENT_CHARS' | 'MAX_DOCUMENT_PASSAGES' | 'PARSE_TIMEOUT_MS' | 'PARSE_MEMORY_MB'>;

export interface SkippedFile {
  path: string;
  error: string;
}

export interface IngestReport {
  kbPath: string;
  documents: number;
  passages: number;
  /** Files read and parsed this run (new or changed). */
  parsed: number;
  /** Files unchanged since the previous knowledge base, reused without parsing. */
  unchanged: number;
  /** Documents of the previous knowledge base whose files are no longer among the inputs. */
  removed: string[];
  skipped: SkippedFile[];
  /** Known questions kept (resolved to at least one passage). */
  knownQuestions: number;
  /** Known-question lines or references that were skipped, and why. */
  questionProblems: string[];
  /** The inferred frame of every document (region, kind, periods), for the report. */
  frames: { path: string; frame: DocumentFrame }[];
  seconds: number;
}

/** Every supported file under the inputs, in a stable order. Missing inputs are reported, not fatal. */
export function collectFiles(inputs: string[], skipped: SkippedFile[]): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      skipped.push({ path, error: 'ingest: no such file or folder' });
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (!name.startsWith('.')) walk(join(path, name));
      }
    } else if ((SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
      files.push(path);
    } else if (inputs.includes(path)) {
      skipped.push({ path, error: `ingest: unsupported file type "${extname(path) || '(none)'}"` });
    }
  };
  for (const input of inputs) walk(input);
  return files;
}

/** A readable, URL-safe document id from the file name, unique among `taken`. */
export function documentId(path: string, taken: Set<string>): string {
  const stem =
    basename(path, extname(path))
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'document';
  let id = stem;
  for (let i = 2; taken.has(id); i++) id = `${stem}-${i}`;
  taken.add(id);
  return id;
}

/**
 * The previous knowledge base's documents by path, for reuse; empty when there is none or it cannot be read.
 * A document's own original address (canonical link, 原文链接 line) comes back from its frame; the paths whose
 * address a sidecar set instead (so their own is not known) go into `urlSetBySidecar`.
 */
function previousDocuments(kbPath: string, urlSetBySidecar?: Set<string>): Map<string, SourceDocument> {
  const byPath = new Map<string, SourceDocument>();
  if (!existsSync(kbPath)) return byPath;
  try {
    const store = openKnowledgeBaseFile(kbPath);
    try {
      for (const d of store.documents) {
        const { ord: _ord, superseded: _s, citedBy: _c, ...fields } = d;
        const sidecarUrl = d.frame.overridden.includes('url');
        if (sidecarUrl) urlSetBySidecar?.add(d.path);
        const ownUrl = sidecarUrl ? undefined : d.frame.sourceUrl;
        byPath.set(d.path, { ...fields, paragraphs: store.paragraphs(d.ord), ...(ownUrl ? { sourceUrl: ownUrl } : {}) });
      }
    } finally {
      store.close();
    }
  } catch {
    // An unreadable or older-format knowledge base is simply rebuilt from scratch.
  }
  return byPath;
}

/**
 * Staff's corrections to a document's inferred frame: a sidecar file beside it,
 * `<name>.meta.json` (for 报告.txt: 报告.meta.json), e.g. { "region": "云南省" }.
 * A malformed sidecar stops that document with a clear error rather than being ignored.
 */
export function readFrameOverride(file: string): FrameOverride | undefined {
  const sidecar = join(dirname(file), `${basename(file, extname(file))}.meta.json`);
  if (!existsSync(sidecar)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(sidecar, 'utf8'));
  } catch (err) {
    throw new DocumentReadError(`${basename(sidecar)} is not valid JSON (${(err as Error).message})`);
  }
  const parsed = FRAME_OVERRIDE.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DocumentReadError(`${basename(sidecar)}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  const region = parsed.data.region;
  if (region !== undefined && region !== '全国' && !regionByName(region)) {
    throw new DocumentReadError(`${basename(sidecar)}: region: "${region}" is not a Chinese administrative division (GB/T 2260) or 全国`);
  }
  return parsed.data;
}

/** Longest title a sidecar may set. */
export const MAX_TITLE_CHARS = 200;

const FRAME_OVERRIDE = z
  .object({
    title: z.string().trim().min(1).max(MAX_TITLE_CHARS).optional(),
    region: z.string().min(1).max(40).optional(),
    kind: z.string().min(1).max(40).optional(),
    reviewedYear: z.number().int().min(1949).max(2100).optional(),
    plannedYear: z.number().int().min(1949).max(2100).optional(),
    // The original page (查看原文网页): an absolute http(s) address only, never javascript: or a relative path.
    url: z
      .string()
      .max(MAX_SOURCE_URL_CHARS)
      .refine((v) => httpUrl(v) !== null, 'must be an absolute http:// or https:// address')
      .transform((v) => httpUrl(v)!)
      .optional(),
  })
  .strict();

export async function runIngest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  // Runs killed mid-write (SIGKILL, power loss) leave their temporary file behind; clear those first.
  removeStaleTempFiles(options.kbPath);
  const root = resolve(options.root ?? '.');
  const skipped: SkippedFile[] = [];
  const files = collectFiles(options.inputs, skipped);
  const urlSetBySidecar = new Set<string>();
  const previous = options.full ? new Map<string, SourceDocument>() : previousDocuments(options.kbPath, urlSetBySidecar);
  const sources: SourceDocument[] = [];
  const ids = new Set<string>([...previous.values()].map((d) => d.id));
  const seenPaths = new Set<string>();
  let parsed = 0;
  let unchanged = 0;
  const limits: IngestLimits = {
    MAX_DOCUMENT_CHARS: options.limits?.MAX_DOCUMENT_CHARS ?? DEFAULT_SETTINGS.MAX_DOCUMENT_CHARS,
    MAX_DOCUMENT_PASSAGES: options.limits?.MAX_DOCUMENT_PASSAGES ?? DEFAULT_SETTINGS.MAX_DOCUMENT_PASSAGES,
    PARSE_TIMEOUT_MS: options.limits?.PARSE_TIMEOUT_MS ?? DEFAULT_SETTINGS.PARSE_TIMEOUT_MS,
    PARSE_MEMORY_MB: options.limits?.PARSE_MEMORY_MB ?? DEFAULT_SETTINGS.PARSE_MEMORY_MB,
  };
  const documentLimits: DocumentLimits = { maxChars: limits.MAX_DOCUMENT_CHARS, maxPassages: limits.MAX_DOCUMENT_PASSAGES };
  // One parsing thread for the run's DOCX and PDF files, started only if there are any.
  const parser = new DocumentParser({ timeoutMs: limits.PARSE_TIMEOUT_MS, memoryMb: limits.PARSE_MEMORY_MB }, limits.MAX_DOCUMENT_CHARS);
  try {
    for (const [i, file] of files.entries()) {
      const path = relative(root, resolve(file)) || file;
      seenPaths.add(path);
      try {
        // Refused by size before reading: a 50 MB file is never loaded only to be rejected.
        const size = statSync(file).size;
        if (size > MAX_DOCUMENT_BYTES) {
          throw new DocumentReadError(`file is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_DOCUMENT_BYTES / 1048576} MB limit`);
        }
        const frameOverride = readFrameOverride(file);
        const bytes = readFileSync(file);
        const contentHash = createHash('sha256').update(bytes).digest('hex');
        const old = previous.get(path);
        // A sidecar that no longer sets the url: read the file again for the address it gives itself, if any.
        if (old && old.contentHash === contentHash && !(urlSetBySidecar.has(path) && !frameOverride?.url)) {
          // Read under earlier limits, perhaps: held to this run's.
          checkDocumentLimits(old.paragraphs, documentLimits);
          sources.push({ ...old, frameOverride });
          unchanged++;
        } else {
          const doc = await readDocument(file, bytes, path, parser.readers, documentLimits);
          if (old) ids.delete(old.id);
          sources.push({ ...doc, id: old?.id ?? documentId(file, ids), path, contentHash, frameOverride });
          if (old) ids.add(old.id);
          parsed++;
        }
      } catch (err) {
        skipped.push({ path, error: err instanceof Error ? err.message : String(err) });
      }
      options.onProgress?.('read', i + 1, files.length);
    }
  } finally {
    await parser.close();
  }
  if (sources.length === 0) {
    throw new Error(
      `ingest: no readable documents in ${options.inputs.join(', ')}` +
        (skipped.length ? ` (${skipped.length} skipped)` : '') +
        '; the existing knowledge base was left unchanged',
    );
  }
  const removed = [...previous.values()].filter((d) => !seenPaths.has(d.path)).map((d) => d.path);
  const userWords = collectUserWords(sources.flatMap((s) => s.paragraphs.map((p) => p.text)));
  const segmenter = createJiebaSegmenter(userWords);
  const build = buildKnowledgeBase(sources, segmenter, userWords, undefined, (done, total) => options.onProgress?.('index', done, total));
  if (options.builtBy) build.meta.builtBy = options.builtBy;
  const questionProblems: string[] = [];
  if (options.questions?.length) {
    const inputs: KnownQuestionInput[] = [];
    for (const file of options.questions) {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
      } catch (err) {
        questionProblems.push(`known questions: cannot read ${file} as UTF-8 (${(err as Error).message})`);
        continue;
      }
      const parsed = parseKnownQuestions(text, file);
      inputs.push(...parsed.questions);
      questionProblems.push(...parsed.problems);
    }
    for (const u of attachKnownQuestions(build, inputs, segmenter)) {
      questionProblems.push(`known questions: no passage for 《${u.reference.law}》${u.reference.article} (question "${u.question.slice(0, 30)}")`);
    }
  }
  writeKnowledgeBaseFile(build, options.kbPath);
  return {
    kbPath: options.kbPath,
    documents: build.documents.length,
    passages: build.passages.length,
    parsed,
    unchanged,
    removed,
    skipped,
    knownQuestions: build.knownQuestions.length,
    questionProblems,
    frames: build.documents.map((d) => ({ path: d.path, frame: d.frame })),
    seconds: (performance.now() - started) / 1000,
  };
}
