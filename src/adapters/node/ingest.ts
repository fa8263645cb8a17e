// Ingestion on Node: walk the inputs, read and parse each document (reporting
// and skipping what cannot be read), segment with nodejieba and write the
// knowledge-base file atomically. Scripts call `runIngest`; tests do too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { buildKnowledgeBase, collectUserWords, type SourceDocument } from '../../core/knowledge-base.js';
import { readDocument, SUPPORTED_EXTENSIONS } from '../../core/read-document.js';
import { createJiebaSegmenter } from './jieba.js';
import { writeKnowledgeBaseFile } from './kb-file.js';

export interface IngestOptions {
  /** Files or folders to ingest. */
  inputs: string[];
  /** Where the knowledge-base file goes. */
  kbPath: string;
  /** Paths are recorded relative to this folder (default: the current directory). */
  root?: string;
  /** Called as documents are read and as passages are indexed. */
  onProgress?: (stage: 'read' | 'index', done: number, total: number) => void;
}

export interface SkippedFile {
  path: string;
  error: string;
}

export interface IngestReport {
  kbPath: string;
  documents: number;
  passages: number;
  skipped: SkippedFile[];
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

/** A readable, URL-safe document id from the file name, unique within the run. */
export function documentId(path: string, taken: Set<string>): string {
  const stem = basename(path, extname(path))
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase() || 'document';
  let id = stem;
  for (let i = 2; taken.has(id); i++) id = `${stem}-${i}`;
  taken.add(id);
  return id;
}

export async function runIngest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const root = resolve(options.root ?? '.');
  const skipped: SkippedFile[] = [];
  const files = collectFiles(options.inputs, skipped);
  const sources: SourceDocument[] = [];
  const ids = new Set<string>();
  files.forEach((file, i) => {
    const path = relative(root, resolve(file)) || file;
    try {
      const parsed = readDocument(file, readFileSync(file));
      sources.push({ ...parsed, id: documentId(file, ids), path });
    } catch (err) {
      skipped.push({ path, error: err instanceof Error ? err.message : String(err) });
    }
    options.onProgress?.('read', i + 1, files.length);
  });
  if (sources.length === 0) {
    throw new Error(
      `ingest: no readable documents in ${options.inputs.join(', ')}` +
        (skipped.length ? ` (${skipped.length} skipped)` : '') +
        '; the existing knowledge base was left unchanged',
    );
  }
  const userWords = collectUserWords(sources.flatMap((s) => s.paragraphs.map((p) => p.text)));
  const segmenter = createJiebaSegmenter(userWords);
  const snapshot = buildKnowledgeBase(sources, segmenter, userWords, undefined, (done, total) =>
    options.onProgress?.('index', done, total),
  );
  writeKnowledgeBaseFile(snapshot, options.kbPath);
  return {
    kbPath: options.kbPath,
    documents: snapshot.documents.length,
    passages: snapshot.passages.length,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
}
