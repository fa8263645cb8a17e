// What a no-answer offers besides "没有找到答案" (issue #17): a line on what
// the knowledge base does hold (count, kinds, regions, years — so the visitor
// knows what is worth asking), the word it never mentions when that was the
// reason, and the configured next step (FALLBACK_URL / FALLBACK_LABEL: 12345
// 热线, 领导留言板, 办事指南), also offered after 没用.
import type { DocumentSummary } from '../src/model/store.js';
import { coveredRegions, coveredYears } from '../src/search/frame.js';
import type { Ui } from './ui.js';

/** The configured next step, its label already in the visitor's language. */
export interface Fallback {
  url: string;
  label: string;
}

/** The next-step link. From inside the embed iframe a web page opens in a new window (the portal page may refuse framing). */
export function FallbackLink({ ui, fallback }: { ui: Ui; fallback: Fallback }) {
  const newWindow = ui.embed && /^https?:/i.test(fallback.url);
  return newWindow ? (
    <a class="fallback-link" href={fallback.url} target="_blank" rel="noopener">
      {fallback.label}
    </a>
  ) : (
    <a class="fallback-link" href={fallback.url}>
      {fallback.label}
    </a>
  );
}

/** What the knowledge base holds, for saying so on a no-answer. */
export interface LibraryCoverage {
  documents: number;
  /** Document kinds (政府工作报告, 法律 …), most documents first. */
  kinds: string[];
  /** Regions spoken for, most documents first; 全国 last when national law is held. */
  regions: string[];
  /** The first and last year the documents speak for, or null. */
  years: [number, number] | null;
}

/** Kept per documents array (a knowledge base's list is one array for its lifetime; a reload brings a new one). */
const coverageCache = new WeakMap<DocumentSummary[], LibraryCoverage>();

export function libraryCoverage(documents: DocumentSummary[]): LibraryCoverage {
  let coverage = coverageCache.get(documents);
  if (coverage) return coverage;
  const kinds = new Map<string, number>();
  for (const d of documents) {
    const kind = d.frame.kind ?? d.type;
    if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const regions = coveredRegions(documents);
  const national = documents.find((d) => d.frame.regionCode === '0' && d.frame.region);
  if (national?.frame.region) regions.push(national.frame.region);
  const years = coveredYears(documents);
  coverage = {
    documents: documents.length,
    kinds: [...kinds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).map(([kind]) => kind),
    regions,
    years: years.length ? [years[0], years[years.length - 1]] : null,
  };
  coverageCache.set(documents, coverage);
  return coverage;
}

/** Up to `shown` names, then "等 N 类" / "and others (N kinds)". */
function shortList(ui: Ui, names: string[], shown: number, moreKey: 'coverageKindsMore' | 'coverageRegionsMore'): string {
  const sep = ui.lang === 'en' ? ', ' : '、';
  const list = names.slice(0, shown).map(ui.text).join(sep);
  return names.length > shown ? ui.t(moreKey, { list, total: names.length }) : list;
}

function yearsText(ui: Ui, [from, to]: [number, number]): string {
  if (ui.lang === 'en') return from === to ? String(from) : `${from}–${to}`;
  return from === to ? `${from}年` : `${from}—${to}年`;
}

/** 知识库现有 1 份文件：法治政府建设年度报告。涉及地区：阳江市。涉及年份：2021—2022年。 */
export function coverageText(ui: Ui, coverage: LibraryCoverage): string {
  const { t } = ui;
  const parts = [
    coverage.kinds.length
      ? t('coverageDocuments', { count: coverage.documents, kinds: shortList(ui, coverage.kinds, 5, 'coverageKindsMore') })
      : t('coverageDocumentsOnly', { count: coverage.documents }),
  ];
  if (coverage.regions.length) parts.push(t('coverageRegions', { regions: shortList(ui, coverage.regions, 8, 'coverageRegionsMore') }));
  if (coverage.years) parts.push(t('coverageYears', { years: yearsText(ui, coverage.years) }));
  return parts.join(ui.lang === 'en' ? ' ' : '');
}

/** The words a refusal says the sources never use ("the sources never mention 护照, 签证"), or null for other reasons. */
export function neverMentioned(reason: string | null): string[] | null {
  const m = reason ? /^the sources never mention (.+)$/.exec(reason) : null;
  return m ? m[1].split(', ').filter(Boolean) : null;
}

/** 知识库中没有提到“护照”。 */
export function neverMentionedText(ui: Ui, terms: string[]): string {
  return ui.t('noAnswerNotMentioned', { terms: terms.map((term) => `“${ui.text(term)}”`).join(ui.lang === 'en' ? ', ' : '、') });
}
