// A ready QaService on Workers: the knowledge-base bundle (kb.bin, see
// kb-bundle.ts) read into memory, searched through the core's memoryStore, and
// questions segmented by jieba-wasm — the same core code path as on Node.
import { KnowledgeBase } from '../../search/knowledge-base.js';
import { memoryStore } from '../../search/memory-store.js';
import type { KnowledgeBaseBuild } from '../../model/store.js';
import { QaService } from '../../service.js';
import type { Settings } from '../../settings.js';
import { deserializeBundle } from './kb-bundle.js';
import { createWorkerSegmenter } from './segmenter.js';

export function loadWorkerService(
  bundle: ArrayBuffer | Uint8Array,
  wasm: WebAssembly.Module,
  settings: Pick<Settings, 'MAX_QUERY_CHARS' | 'MIN_CONFIDENCE' | 'PAGE_SIZE'> & Partial<Pick<Settings, 'CURRENT_YEAR'>>,
): QaService {
  const kb = new KnowledgeBase(memoryStore(deserializeBundle<KnowledgeBaseBuild>(bundle)));
  return new QaService(kb, createWorkerSegmenter(wasm, kb.userWords), {
    maxQueryChars: settings.MAX_QUERY_CHARS,
    minConfidence: settings.MIN_CONFIDENCE,
    currentYear: settings.CURRENT_YEAR,
    pageSize: settings.PAGE_SIZE,
  });
}
