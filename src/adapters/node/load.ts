// Loading a knowledge-base file into a ready QaService on Node. Questions are
// segmented by jieba-wasm (query-segmenter.ts), the same segmenter the Worker
// runs, with the knowledge base's user words: Node and Workers turn a question
// into the same terms by construction. The index itself is built by nodejieba at
// ingest; both are jieba with the same dictionary lineage and user words, and
// the evaluation sets score the same with either on the query side.
import { KnowledgeBase } from '../../search/knowledge-base.js';
import { QaService } from '../../service.js';
import type { Settings } from '../../settings.js';
import { openKnowledgeBaseFile } from './kb-file.js';
import { createQuerySegmenter } from './query-segmenter.js';

export function loadService(
  kbPath: string,
  settings: Pick<Settings, 'MAX_QUERY_CHARS' | 'MIN_CONFIDENCE' | 'PAGE_SIZE'> & Partial<Pick<Settings, 'ANSWER_CACHE_SIZE' | 'CURRENT_YEAR'>>,
): QaService {
  const kb = new KnowledgeBase(openKnowledgeBaseFile(kbPath));
  const segmenter = createQuerySegmenter(kb.userWords);
  return new QaService(kb, segmenter, {
    maxQueryChars: settings.MAX_QUERY_CHARS,
    minConfidence: settings.MIN_CONFIDENCE,
    currentYear: settings.CURRENT_YEAR,
    pageSize: settings.PAGE_SIZE,
    answerCacheSize: settings.ANSWER_CACHE_SIZE ?? 0,
  });
}

/** Closes the service's knowledge-base file (only once no request can still use it). */
export function closeService(service: QaService): void {
  (service.kb.store as { close?: () => void }).close?.();
}
