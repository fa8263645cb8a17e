// A ready QaService on Workers: the knowledge-base bundle (kb.bin, see
// kb-bundle.ts) read into memory, searched through the core's memoryStore (or,
// for a D1 head, through d1-store.ts over the KB D1 database), and
// questions segmented by jieba-wasm — the same core code path as on Node.
import { KnowledgeBase } from '../../search/knowledge-base.js';
import { memoryStore } from '../../search/memory-store.js';
import type { KnowledgeBaseBuild } from '../../model/store.js';
import { QaService } from '../../service.js';
import type { Settings } from '../../settings.js';
import { deserializeBundle } from './kb-bundle.js';
import { createWorkerSegmenter } from './segmenter.js';
import { d1Store, isD1Head, type KbD1Like } from './d1-store.js';
import { PolicyQaError } from '../../errors.js';

/**
 * The bundle is either a whole build (the small bundled mode) or a D1 head (`npm run build:worker -- --d1`),
 * whose posting lists, passages and paragraphs are read from the `KB` D1 database (`kbDb`).
 */
export function loadWorkerService(
  bundle: ArrayBuffer | Uint8Array,
  wasm: WebAssembly.Module,
  settings: Pick<Settings, 'MAX_QUERY_CHARS' | 'MIN_CONFIDENCE' | 'PAGE_SIZE'> & Partial<Pick<Settings, 'CURRENT_YEAR'>>,
  kbDb?: KbD1Like,
): QaService {
  const data = deserializeBundle<KnowledgeBaseBuild | unknown>(bundle);
  let store;
  if (isD1Head(data)) {
    if (!kbDb) throw new PolicyQaError(503, 'knowledge base', 'this Worker was built for D1 (--d1) but has no KB D1 binding; run it with --env d1');
    store = d1Store(data, kbDb);
  } else store = memoryStore(data as KnowledgeBaseBuild);
  const kb = new KnowledgeBase(store);
  return new QaService(kb, createWorkerSegmenter(wasm, kb.userWords), {
    maxQueryChars: settings.MAX_QUERY_CHARS,
    minConfidence: settings.MIN_CONFIDENCE,
    currentYear: settings.CURRENT_YEAR,
    pageSize: settings.PAGE_SIZE,
  });
}
