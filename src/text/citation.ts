// How laws are named and cited: the key under which a title is recognised when
// other texts cite it, and the label an answer cites a passage by. Shared by ingest
// (resolving 《titles》 and known questions) and search (citations in results).
import type { DocumentRecord } from '../model/document.js';
import { normalizeForMatch } from './normalize.js';

/** A law's title as others cite it (《劳动合同法》 for 中华人民共和国劳动合同法): normalised, without 中华人民共和国 and spaces. */
export function citationKey(title: string): string {
  return normalizeForMatch(title).replace(/^中华人民共和国/, '').replace(/\s+/g, '');
}

/**
 * How an answer cites a statute: `《中华人民共和国行政复议法》第二十条（2023年9月1日修订）`;
 * without the version when it is unknown, and just `《title》` without an article.
 * Book-title marks inside the title become 〈〉 so the outer 《》 stay unambiguous.
 */
export function citationLabel(doc: Pick<DocumentRecord, 'title' | 'versionNote'>, article: string | null): string {
  const title = `《${doc.title.replace(/《/g, '〈').replace(/》/g, '〉')}》`;
  if (!article) return title;
  return `${title}${article}${doc.versionNote ? `（${doc.versionNote}）` : ''}`;
}
