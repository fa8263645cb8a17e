// The thread that rebuilds the knowledge base for /admin/library (library.ts): ingest
// is CPU-bound (segmentation, the index) and would hold the server's event loop for
// seconds, so it runs here while the old knowledge base keeps serving. runIngest
// writes a temporary file and renames it over KB_PATH only when complete; the main
// thread then reloads (the zero-downtime swap). `runRebuild` is also callable in-process.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { runIngest, type IngestLimits } from './ingest.js';
import { openKnowledgeBaseFile } from './kb-file.js';

export interface RebuildRequest {
  kbPath: string;
  corpusDir: string;
  /** LIBRARY_DIR: its published/ folder is ingested; nothing else under it is. */
  libraryDir: string;
  /** Where document paths are recorded relative to (the server's working directory, as npm start and npm run ingest do). */
  root: string;
  limits: IngestLimits;
}

export type RebuildMessage =
  | { progress: { stage: 'read' | 'index'; done: number; total: number } }
  | { done: RebuildOutcome }
  | { failed: string };

export interface RebuildOutcome {
  documents: number;
  passages: number;
  seconds: number;
  skipped: { path: string; error: string }[];
  /** Every document of the new knowledge base: its id and recorded path. */
  ids: { id: string; path: string }[];
}

const inside = (dir: string, path: string) => {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * What the rebuild ingests: CORPUS_DIR, the library's published uploads, and every other file the current
 * knowledge base holds that is still on disk (an operator's `npm run ingest -- corpus ../more` is kept, not lost).
 */
export function rebuildInputs(request: Pick<RebuildRequest, 'kbPath' | 'corpusDir' | 'libraryDir' | 'root'>): string[] {
  const published = resolve(request.libraryDir, 'published');
  const inputs = [resolve(request.corpusDir), published];
  if (!existsSync(request.kbPath)) return inputs;
  try {
    const store = openKnowledgeBaseFile(request.kbPath);
    try {
      for (const d of store.documents) {
        const file = resolve(request.root, d.path);
        if (inside(request.corpusDir, file) || inside(request.libraryDir, file)) continue;
        if (existsSync(file) && statSync(file).isFile() && !inputs.includes(file)) inputs.push(file);
      }
    } finally {
      store.close();
    }
  } catch {
    // An unreadable knowledge base is replaced by CORPUS_DIR and the library.
  }
  return inputs;
}

export async function runRebuild(request: RebuildRequest, onProgress?: (stage: 'read' | 'index', done: number, total: number) => void): Promise<RebuildOutcome> {
  const inputs = rebuildInputs(request);
  const report = await runIngest({ inputs, kbPath: request.kbPath, root: request.root, limits: request.limits, onProgress });
  const store = openKnowledgeBaseFile(request.kbPath);
  let ids: { id: string; path: string }[];
  try {
    ids = store.documents.map((d) => ({ id: d.id, path: d.path }));
  } finally {
    store.close();
  }
  // A missing published/ folder (nothing published yet) is not worth reporting.
  const skipped = report.skipped.filter((s) => !(s.error.includes('no such file or folder') && resolve(request.root, s.path) === resolve(request.libraryDir, 'published')));
  return { documents: report.documents, passages: report.passages, seconds: report.seconds, skipped, ids };
}

if (parentPort && (workerData as { libraryRebuild?: RebuildRequest } | null)?.libraryRebuild) {
  const port = parentPort;
  const request = (workerData as { libraryRebuild: RebuildRequest }).libraryRebuild;
  let last = 0;
  runRebuild(request, (stage, done, total) => {
    // At most ~20 messages a second, and always the last of each stage.
    const now = Date.now();
    if (done === total || now - last > 50) {
      last = now;
      port.postMessage({ progress: { stage, done, total } } satisfies RebuildMessage);
    }
  }).then(
    (outcome) => port.postMessage({ done: outcome } satisfies RebuildMessage),
    (err: unknown) => port.postMessage({ failed: err instanceof Error ? err.message : String(err) } satisfies RebuildMessage),
  );
}
