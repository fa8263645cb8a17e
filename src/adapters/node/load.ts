// Loading a knowledge-base file into a ready QaService on Node (nodejieba for
// queries, the same user dictionary as at ingest).
import { KnowledgeBase } from '../../core/knowledge-base.js';
import { QaService } from '../../core/service.js';
import type { Settings } from '../../core/settings.js';
import { createJiebaSegmenter } from './jieba.js';
import { openKnowledgeBaseFile } from './kb-file.js';

export function loadService(kbPath: string, settings: Pick<Settings, 'MAX_QUERY_CHARS' | 'MIN_CONFIDENCE' | 'PAGE_SIZE'>): QaService {
  const kb = new KnowledgeBase(openKnowledgeBaseFile(kbPath));
  const segmenter = createJiebaSegmenter(kb.userWords);
  return new QaService(kb, segmenter, {
    maxQueryChars: settings.MAX_QUERY_CHARS,
    minConfidence: settings.MIN_CONFIDENCE,
    pageSize: settings.PAGE_SIZE,
  });
}
