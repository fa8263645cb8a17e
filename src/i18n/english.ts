// The English interface over a Chinese library: document types named in
// English where they are interface text (a facet, a document's metadata), and a
// question typed in English recognised, so the visitor is asked — in their
// language — to ask in Chinese and shown Chinese questions to start from. The
// documents themselves (titles, headings, text) are content and stay Chinese.
import { translator, type Lang } from './index.js';
import { toTraditional } from './traditional.js';

/** English names of the document types ingest assigns (src/ingest/statute.ts, structure.ts, frame.ts). */
const TYPE_NAMES_EN: Record<string, string> = {
  宪法: 'Constitution',
  法律: 'Law',
  行政法规: 'Administrative regulation',
  司法解释: 'Judicial interpretation',
  部门规章: 'Departmental rule',
  地方性法规: 'Local regulation',
  政府工作报告: 'Government work report',
  法治政府建设年度报告: 'Annual report on law-based government',
  统计公报: 'Statistical communiqué',
  报告: 'Report',
  条例: 'Regulations',
  规定: 'Provisions',
  办法: 'Measures',
  细则: 'Detailed rules',
  决定: 'Decision',
  通知: 'Notice',
  意见: 'Opinions',
  批复: 'Official reply',
  解释: 'Interpretation',
  公告: 'Announcement',
  纲要: 'Outline',
  规划: 'Plan',
  方案: 'Programme',
};

/** A document type as the interface names it: in English on the English interface (the Chinese kept when unknown), 繁體 for zh-TW. */
export function documentTypeLabel(type: string, lang: Lang): string {
  if (lang === 'en') return TYPE_NAMES_EN[type] ?? type;
  return lang === 'zh-TW' ? toTraditional(type) : type;
}

/**
 * A question typed mostly in Latin letters ("How do I apply for a passport?"): at least two
 * words of letters and more letters than Chinese characters. A Chinese question with a Latin
 * term in it (GDP增长了多少, 5G基站建了多少) is not one.
 */
export function isMostlyLatin(question: string): boolean {
  const letters = question.match(/[A-Za-z]/g)?.length ?? 0;
  const han = question.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const words = question.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  return words >= 2 && letters > 2 * han;
}

/** Example questions offered with the hint: at most three. */
export const HINT_EXAMPLES = 3;

/** The hint /api/ask gives an English question, in the interface language: ask in Chinese, e.g. …. */
export function askInChineseHint(lang: Lang, examples: readonly string[]): string {
  const t = translator(lang);
  const shown = examples.slice(0, HINT_EXAMPLES).map((q) => (lang === 'zh-TW' ? toTraditional(q) : q));
  return shown.length ? `${t('askInChinese')} ${t('askInChineseExamples')} ${shown.join(' / ')}` : t('askInChinese');
}
