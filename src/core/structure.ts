// Recovering the structure of a Chinese official document from its lines:
// portal chrome out, metadata (title, 来源, 时间, type) kept, and the heading
// hierarchy 一、 › （一） › 1. › （1） › 一是 rebuilt so every paragraph knows its place.
import type { DocumentRecord, Paragraph } from './model.js';

const CN_NUM = '[一二三四五六七八九十百零〇]+';

/** Heading markers, outermost first. `rank` orders them; a document may skip ranks. */
const HEADING_MARKERS: { rank: number; re: RegExp }[] = [
  { rank: 1, re: new RegExp(`^${CN_NUM}\\s*[、.．]`) },
  { rank: 2, re: new RegExp(`^[（(]${CN_NUM}[）)]`) },
  { rank: 3, re: /^\d{1,2}\s*[.．、](?!\d)/ },
  { rank: 4, re: /^[（(]\d{1,2}[）)]/ },
  { rank: 5, re: new RegExp(`^(?:${CN_NUM}是|第${CN_NUM}[，,、])`) },
];

/** Lines of portal navigation, share widgets and footers. */
const CHROME_LINE: RegExp[] = [
  /^(?:智能问答|无障碍|移动版|繁體版|繁体版|简体版|English|首页)\s*(?:[|｜]|$)/i,
  /【\s*字体/,
  /(?:浏览量|浏览次数|阅读次数|访问量|点击数)\s*[:：]/,
  /^(?:转载)?分享(?:到)?\s*[:：]?\s*$/,
  /^转载分享/,
  /^(?:打印|关闭|收藏|打印本页|关闭窗口|返回顶部|扫一扫.*)$/,
  /^【?(?:打印|关闭)】?\s*【?(?:打印|关闭)】?$/,
];

/** Lines that mark the start of the page footer or the attachment block: nothing after them is content. */
const FOOTER_START: RegExp[] = [
  /^相关(?:文件|链接|新闻|阅读)\s*[:：]?\s*$/,
  /^(?:文档)?附件\s*[:：]?\s*$/,
  /^关于我们\s*[|｜]/,
  /^(?:主办单位|承办单位|管理维护|网站标识码|网站报障)\s*[:：]/,
  /^.{0,40}(?:ICP备\s*\d|公网安备\s*\d|备案序号\s*[:：])/,
];

const METADATA = {
  source: /来源\s*[:：]\s*(.+?)(?=\s+(?:时间|发布时间|日期|发布日期|作者|【)|\s*$)/,
  date: /(?:时间|发布时间|日期|发布日期|成文日期)\s*[:：]\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})/,
};

/** Document types, most specific first, recognised from the end of the title. */
const DOC_TYPES: [RegExp, string][] = [
  [/报告$/, '报告'],
  [/实施细则$/, '实施细则'],
  [/条例$/, '条例'],
  [/规定$/, '规定'],
  [/办法$/, '办法'],
  [/细则$/, '细则'],
  [/决定$/, '决定'],
  [/通知$/, '通知'],
  [/意见$/, '意见'],
  [/方案$/, '方案'],
  [/规划$/, '规划'],
  [/纲要$/, '纲要'],
  [/公告$/, '公告'],
  [/通告$/, '通告'],
  [/解释$/, '司法解释'],
  [/法$/, '法律'],
];

export function inferDocumentType(title: string): string | null {
  const t = title.replace(/[（(][^）)]*[）)]$/, '').trim();
  for (const [re, type] of DOC_TYPES) if (re.test(t)) return type;
  return null;
}

/** The rank of a heading marker at the start of a line, or 0 for body text. */
export function headingRank(line: string): number {
  const t = line.trim();
  for (const m of HEADING_MARKERS) if (m.re.test(t)) return m.rank;
  return 0;
}

/**
 * Splits a marked paragraph into its lead (the heading) and the rest (body).
 * "1. 大力推进简政放权。完成新一轮…" → lead "1. 大力推进简政放权", rest "完成新一轮…".
 */
export function splitLead(paragraph: string): { lead: string; rest: string } {
  const t = paragraph.trim();
  const end = t.search(/[。！？!?；;：:]/);
  if (end === -1) {
    // A marked line without a sentence end: a heading if short, else a numbered body paragraph.
    return t.length <= 60 ? { lead: t, rest: '' } : { lead: leadClause(t), rest: t };
  }
  const lead = t.slice(0, end).trim();
  const rest = t.slice(end + 1).trim();
  if (lead.length > 60) return { lead: leadClause(t), rest: t };
  return { lead, rest };
}

function leadClause(t: string): string {
  const comma = t.search(/[，,]/);
  const clause = comma > 0 && comma <= 40 ? t.slice(0, comma) : t.slice(0, 30) + '…';
  return clause.trim();
}

function isChrome(line: string): boolean {
  return CHROME_LINE.some((re) => re.test(line));
}

function isFooterStart(line: string): boolean {
  return FOOTER_START.some((re) => re.test(line));
}

/** A line that could be a page title: short, no sentence punctuation, not a heading. */
function looksLikeTitle(line: string): boolean {
  return line.length >= 4 && line.length <= 80 && !/[。！？，,；;]/.test(line) && headingRank(line) === 0;
}

export interface ParsedDocument {
  title: string;
  subtitle: string | null;
  source: string | null;
  publishedAt: string | null;
  year: number | null;
  type: string | null;
  issuer: string | null;
  versionDate: string | null;
  versionNote: string | null;
  paragraphs: Paragraph[];
}

export interface ParseHints {
  /** A title found elsewhere (HTML meta or <h1>); the line that repeats it is not a paragraph. */
  title?: string | null;
  /** A title to fall back on (the file name) when the text has none. */
  fallbackTitle?: string;
  source?: string | null;
  publishedAt?: string | null;
}

/**
 * Parses the lines of a portal page or plain document (one paragraph per line)
 * into metadata and numbered paragraphs with heading levels. Chrome is dropped.
 */
export function parseDocumentLines(lines: string[], hints: ParseHints = {}): ParsedDocument {
  let title: string | null = hints.title?.trim() || null;
  let source: string | null = hints.source ?? null;
  let publishedAt: string | null = hints.publishedAt ?? null;
  const hintedTitle = title;
  const paragraphs: Paragraph[] = [];

  for (const raw of lines) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (isFooterStart(line) && (paragraphs.length > 0 || title)) {
      if (paragraphs.length > 0) break;
      continue;
    }
    const src = line.match(METADATA.source);
    const date = line.match(METADATA.date);
    if ((src || date) && line.length < 160 && paragraphs.length === 0) {
      if (src) source = src[1].trim();
      if (date) publishedAt = `${date[1]}-${date[2].padStart(2, '0')}-${date[3].padStart(2, '0')}`;
      continue;
    }
    if (isChrome(line)) continue;
    if (hintedTitle && paragraphs.length === 0 && line === hintedTitle) continue;
    if (!title && paragraphs.length === 0 && looksLikeTitle(line)) {
      title = line;
      continue;
    }
    const rank = headingRank(line);
    paragraphs.push({ n: paragraphs.length + 1, text: line, level: rank });
  }

  const finalTitle = title ?? hints.fallbackTitle ?? paragraphs[0]?.text.slice(0, 40) ?? '';
  return {
    title: finalTitle,
    subtitle: null,
    source,
    publishedAt,
    year: inferYear(finalTitle, publishedAt),
    type: inferDocumentType(finalTitle),
    issuer: null,
    versionDate: publishedAt,
    versionNote: null,
    paragraphs,
  };
}

/** The year a document is about: the first year in its title, else its publish year. */
export function inferYear(title: string, publishedAt: string | null): number | null {
  const m = title.match(/(?:19|20)\d{2}(?=年)/);
  if (m) return Number(m[0]);
  return publishedAt ? Number(publishedAt.slice(0, 4)) : null;
}

/** A paragraph's heading text for heading paths: its lead sentence without the full stop. */
export function headingText(paragraph: Paragraph): string {
  return splitLead(paragraph.text).lead.replace(/[。.]$/, '');
}

export type { DocumentRecord };
