// The passages that commitments and reported figures are read from: those of
// reports and other non-statute documents. Statutes (1,500 of them in the
// statute-scale knowledge base) and technical standards state rules and
// thresholds, not plans or results, so they are skipped by type (or title)
// before any of their text is read.
import type { KnowledgeBase } from '../search/knowledge-base.js';
import type { DocumentSummary, StoredPassage } from '../model/store.js';

/** Types that are statutes, whatever their articles look like: never read for commitments or figures. */
const STATUTE_TYPES = new Set([
  '宪法',
  '法律',
  '行政法规',
  '地方性法规',
  '部门规章',
  '司法解释',
  '监察法规',
  '自治条例',
  '单行条例',
  '条例',
  '规定',
  '办法',
  '实施细则',
  '细则',
  '规则',
]);

/** Technical standards and catalogues (人体损伤程度鉴定标准) state thresholds, not results or plans. */
const NORM_TITLE = /(?:标准|规范|规程|准则|目录)(?:[（(][^）)]*[）)])?$/;

/** Whether a document may hold commitments and reported figures (a report, plan or notice, not a statute or standard). */
export function isReportLike(doc: Pick<DocumentSummary, 'type' | 'title'>): boolean {
  if (doc.type) return !STATUTE_TYPES.has(doc.type);
  return !NORM_TITLE.test(doc.title.trim());
}

export interface ReportPassages {
  doc: DocumentSummary;
  passages: StoredPassage[];
}

/**
 * The passages of every report-like document, document by document, in
 * knowledge-base order. Passages of one document are stored contiguously, so
 * one pass over the passage → document map finds them without reading others.
 * A document with statute articles is left out even when its type is not a statute's.
 */
export function reportPassages(kb: KnowledgeBase): ReportPassages[] {
  const docs = kb.documents();
  const wanted = new Set(docs.filter(isReportLike).map((d) => d.ord));
  const byDoc = new Map<number, StoredPassage[]>();
  if (wanted.size === 0) return [];
  const passageDoc = kb.store.passageDoc;
  for (let ord = 0; ord < passageDoc.length; ord++) {
    const docOrd = passageDoc[ord];
    if (!wanted.has(docOrd)) continue;
    let list = byDoc.get(docOrd);
    if (!list) byDoc.set(docOrd, (list = []));
    list.push(kb.passage(ord));
  }
  const out: ReportPassages[] = [];
  for (const doc of docs) {
    const passages = byDoc.get(doc.ord);
    if (!passages || passages.some((p) => p.article)) continue;
    out.push({ doc, passages });
  }
  return out;
}
