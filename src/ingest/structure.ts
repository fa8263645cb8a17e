// Recovering the structure of a Chinese official document from its lines:
// portal chrome out, metadata (title, 来源, 时间, type) kept, and the heading
// hierarchy 一、 › （一） › 1. › （1） › 一是 rebuilt so every paragraph knows its place.
// Statutes (laws, regulations, judicial interpretations) are told apart by their
// articles (第X条): their headings are 编 › 分编 › 章 › 节 and every paragraph of an
// article, items （一）（二） included, stays body text of that article.
import type { DocumentRecord, Paragraph, ParsedDocument } from '../model/document.js';
import { splitLead } from '../text/sentences.js';
import { joinBrokenLines } from './line-repair.js';
import { headerLineUrl } from './source-url.js';

const CN_NUM = '[一二三四五六七八九十百零〇]+';
/** Chinese numeral digits as article and chapter numbers use them (第一千二百六十条, 第两百条 in careless copies). */
const CN_DIGIT = '[一二三四五六七八九十百千零〇两]';

/**
 * The start of a statute article: 第X条 or 第X条之一, X in Chinese numerals. Tolerates one
 * stray space inside the number or before 条 (第一百二十八 条) and the misprint 笫 for 第.
 * What follows is whitespace or the article's text, but not the words that make a
 * paragraph *about* an article (第三条规定的…, 第五条第二款…, 第七条、第八条…).
 */
const ARTICLE_START = new RegExp(
  `^[第笫]\\s?(${CN_DIGIT}+(?:\\s${CN_DIGIT}+)?)\\s?条(之${CN_DIGIT}+)?(?![、，,；;。的第款项和及或与至]|规定|所称|所列|中的|中规定|之规定)`,
);

/** Statute headings: 第X编 (1), 第X分编 (2), 第X章 (3), 第X节 (4); 第X篇 counts as 编. */
// Each repetition takes exactly one numeral (with at most two spaces before it), so a long run of
// numerals that is no heading fails in linear time; (?:\s*X+)* backtracked exponentially (第 + 31 × 一 + x: 81 s).
const STATUTE_HEADING = new RegExp(`^第\\s*(${CN_DIGIT}(?:\\s{0,2}${CN_DIGIT})*)\\s*(分编|编|篇|章|节)(?:\\s+|$|(?=[^\\s]))(.*)$`);
const STATUTE_LEVELS: Record<string, number> = { 编: 1, 篇: 1, 分编: 2, 章: 3, 节: 4 };

/** How many paragraphs must start an article before a document is read as a statute. */
export const MIN_STATUTE_ARTICLES = 2;

/** The normalised article number (第X条, 第X条之一) a paragraph starts with, or null. */
export function articleOf(text: string): string | null {
  const m = text.trimStart().match(ARTICLE_START);
  if (!m) return null;
  return `第${m[1].replace(/\s+/g, '')}条${m[2] ?? ''}`;
}

/** Removes spaces that only pad Chinese text: 总 则 → 总则, 一、 一般规定 → 一、一般规定. */
function closeCjkSpaces(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])/g, '');
}

/**
 * A statute heading's level (编 1, 分编 2, 章 3, 节 4) and its text with spacing normalised
 * ("第一章  总 则" → "第一章 总则"), or null when the line is not one. Headings are short
 * and carry no sentence punctuation.
 */
export function statuteHeading(line: string): { level: number; text: string } | null {
  const t = line.replace(/\s+/g, ' ').trim().replace(/[。.]$/, '');
  if (t.length > 50 || /[。；;：:！？!?]/.test(t)) return null;
  const m = t.match(STATUTE_HEADING);
  if (!m) return null;
  const number = m[1].replace(/\s+/g, '');
  const name = closeCjkSpaces(m[3]);
  return { level: STATUTE_LEVELS[m[2]], text: `第${number}${m[2]}${name ? ` ${name}` : ''}` };
}

/** Normalises the spacing of any heading line: statute headings as above, others with padding spaces closed. */
export function normalizeHeadingText(line: string): string {
  return statuteHeading(line)?.text ?? closeCjkSpaces(line);
}

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
  // Page toolbars: download, full screen, font size (【字号： 加大 还原 减小 】), breadcrumbs.
  /^(?:下载|全屏|加大|还原|减小|放大|缩小|默认|大|中|小|】|【|>|›|»|分享到[:：]?|您的位置[:：]?|当前位置[:：]?)$/,
  /^【\s*字号/,
  // Metadata repeated inside the page (来源：北京日报, 时间：2026-02-02, 2026-02-03 09:02:33, 责任编辑：…).
  /^(?:来源|时间|发布时间|发表时间|作者|责任编辑|编辑|审核|校对)\s*[:：].{0,30}$/,
  /^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/,
];

/** Lines that mark the start of the page footer or the attachment block: nothing after them is content. */
const FOOTER_START: RegExp[] = [
  /^相关(?:文件|链接|新闻|阅读|报道)\s*[:：]?\s*$/,
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
  [/批复$/, '批复'],
  [/决议$/, '决议'],
  [/规则$/, '规则'],
  [/修正案$/, '法律'],
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

function isChrome(line: string): boolean {
  return CHROME_LINE.some((re) => re.test(line));
}

const ATTACHMENT = /^(?:文档)?附件\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*$/;
const FILE_NAME = /\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|jpe?g|png)\s*$|下载/i;

/**
 * Whether the lines after a 附件 line are the document's own appendix (its text:
 * two or more lines of prose before any footer) rather than a portal's list of
 * attachment files or nothing at all.
 */
function attachmentHasText(lines: string[], at: number): boolean {
  let prose = 0;
  for (let i = at + 1; i < lines.length && i < at + 40; i++) {
    const line = lines[i].replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (FILE_NAME.test(line) || isFooterStart(line)) return false;
    if (line.length >= 20 && ++prose >= 2) return true;
  }
  return false;
}

function isFooterStart(line: string): boolean {
  return FOOTER_START.some((re) => re.test(line));
}

/** A line that could be a page title: short, no sentence punctuation, not a heading. */
function looksLikeTitle(line: string): boolean {
  return line.length >= 4 && line.length <= 80 && !/[。！？，,；;]/.test(line) && headingRank(line) === 0;
}


export interface ParseHints {
  /** A title found elsewhere (HTML meta or <h1>); the line that repeats it is not a paragraph. */
  title?: string | null;
  /** A title to fall back on (the file name) when the text has none. */
  fallbackTitle?: string;
  source?: string | null;
  publishedAt?: string | null;
  /** The document's original address found elsewhere (an HTML page's canonical link); wins over a header line. */
  sourceUrl?: string | null;
}

/** How many non-empty lines from the top a 原文链接：https://… header line may stand at (and only before the first paragraph). */
const URL_HEADER_LINES = 8;

/**
 * Parses the lines of a portal page or plain document (one paragraph per line)
 * into metadata and numbered paragraphs with heading levels. Chrome is dropped.
 */
export function parseDocumentLines(lines: string[], hints: ParseHints = {}): ParsedDocument {
  let title: string | null = hints.title?.trim() || null;
  let source: string | null = hints.source ?? null;
  let publishedAt: string | null = hints.publishedAt ?? null;
  let sourceUrl: string | null = hints.sourceUrl ?? null;
  let lineCount = 0;
  const hintedTitle = title;
  const paragraphs: Paragraph[] = [];

  for (const [at, raw] of lines.entries()) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    // A header line giving the original address (原文链接：https://…, URL: https://…): metadata, not text.
    if (++lineCount <= URL_HEADER_LINES && paragraphs.length === 0) {
      const url = headerLineUrl(line);
      if (url) {
        sourceUrl ??= url;
        continue;
      }
    }
    if (ATTACHMENT.test(line) && paragraphs.length > 0 && attachmentHasText(lines, at)) {
      // A report's own appendix (附件 / 重点民生项目清单 / 1.…): part of the document, as a top-level heading.
      paragraphs.push({ n: paragraphs.length + 1, text: line, level: 1 });
      continue;
    }
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
    // The title repeated at the top of the article (after the portal's toolbar) is not a paragraph.
    if (title && paragraphs.length < 3 && line === title) continue;
    if (!title && paragraphs.length === 0 && looksLikeTitle(line)) {
      title = line;
      continue;
    }
    const rank = headingRank(line);
    paragraphs.push({ n: paragraphs.length + 1, text: line, level: rank });
  }
  // Statutes keep their lines (statuteStructure joins what they break); reports get their broken lines joined.
  const body = isStatute(paragraphs) ? statuteStructure(paragraphs) : joinBrokenLines(paragraphs);

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
    paragraphs: body,
    ...(sourceUrl ? { sourceUrl } : {}),
  };
}

/** A document is read as a statute when at least MIN_STATUTE_ARTICLES paragraphs start an article. */
export function isStatute(paragraphs: Pick<Paragraph, 'text'>[]): boolean {
  let n = 0;
  for (const p of paragraphs) if (articleOf(p.text) && ++n >= MIN_STATUTE_ARTICLES) return true;
  return false;
}

/** An article number standing alone on its line (第一条), as some pages set it apart from its text. */
function bareArticle(text: string): boolean {
  const a = articleOf(text);
  return a !== null && text.replace(/\s+/g, '').replace('笫', '第') === a;
}

/**
 * Re-levels a statute's paragraphs: articles are body text (level 0) with `article` set;
 * 编/分编/章/节 get levels 1–4; a report-style 一、 line standing right before an article or
 * heading is a section heading (as in judicial interpretations); every other report-style
 * marker — the items （一）（二） of an article above all — is body text.
 */
function statuteStructure(input: Paragraph[]): Paragraph[] {
  const merged: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const text = input[i].text;
    const next = input[i + 1]?.text;
    if (bareArticle(text) && next !== undefined && !articleOf(next) && !statuteHeading(next)) {
      merged.push(`${text.trim()} ${next}`);
      i++;
    } else if (statuteHeading(text) && next !== undefined && continuesHeading(next, startsStatuteUnit(input[i + 2]?.text))) {
      merged.push(text + next);
      i++;
    } else merged.push(text);
  }
  const hasChapters = merged.some((t) => statuteHeading(t)?.level === 3);
  return merged.map((text, i): Paragraph => {
    const n = i + 1;
    const article = articleOf(text);
    if (article) return { n, text, level: 0, article };
    const heading = statuteHeading(text);
    if (heading) return { n, text: heading.text, level: heading.level };
    if (isSectionHeading(text, startsStatuteUnit(merged[i + 1]))) return { n, text: closeCjkSpaces(text), level: hasChapters ? 4 : 3 };
    return { n, text, level: 0 };
  });
}

/** Whether a line starts a statute unit: an article or a 编/章/节 heading. */
export function startsStatuteUnit(text: string | undefined): boolean {
  return text !== undefined && (articleOf(text) !== null || statuteHeading(text) !== null);
}

/**
 * A section heading of a statute numbered 一、二、 instead of by chapter (as judicial
 * interpretations are): a short 一、 line without punctuation right before an article or heading
 * (`beforeUnit`).
 */
export function isSectionHeading(text: string, beforeUnit: boolean): boolean {
  return beforeUnit && headingRank(text) === 1 && text.length <= 40 && !/[。；;：:！？!?，,]/.test(text);
}

/**
 * The second line of a statute heading broken in two ("第五章 卷烟纸、滤嘴棒、烟用丝束、" +
 * "烟草专用机械的生产和销售"): short, without punctuation or a marker of its own, and
 * followed by an article or heading (`beforeUnit`).
 */
export function continuesHeading(text: string, beforeUnit: boolean): boolean {
  return (
    beforeUnit &&
    text.length <= 30 &&
    !/[。；;：:，,！？!?]/.test(text) &&
    !startsStatuteUnit(text) &&
    headingRank(text) === 0
  );
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

export type { DocumentRecord, ParsedDocument };
