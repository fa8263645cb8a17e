// From numbered paragraphs to passages: each body paragraph becomes a passage
// carrying its heading path; very long paragraphs are split at sentence ends so
// a citation points at text a reader can take in. Passages never cross headings.
// In a statute the unit is the article: 第X条 with its following paragraphs (items
// （一）（二） included), cited by its number.
import type { Paragraph, Passage } from '../model/document.js';
import { SENTENCE_END, splitLead } from '../text/sentences.js';
import { headingText } from './structure.js';

export interface PassageOptions {
  /** Paragraphs longer than this (characters) are split at sentence ends. */
  maxChars: number;
  /** Statute articles longer than this are split at sentence ends (default ARTICLE_MAX_CHARS). */
  articleMaxChars?: number;
}

export const DEFAULT_PASSAGE_OPTIONS: PassageOptions = { maxChars: 400 };

/** Articles are cited whole where possible, so they may run longer than ordinary passages. */
export const ARTICLE_MAX_CHARS = 1200;

/**
 * Cuts a text at the ends of `units` (matches of a global pattern) into chunks of
 * at most maxChars where the units allow; every chunk is a verbatim span.
 */
function chunkAt(text: string, maxChars: number, units: RegExp): string[] {
  if (text.length <= maxChars) return [text];
  const ends: number[] = [];
  for (const m of text.matchAll(units)) if (m[0].trim()) ends.push((m.index ?? 0) + m[0].length);
  const chunks: string[] = [];
  let start = 0;
  let last = 0;
  for (const end of ends) {
    if (last > start && end - start > maxChars) {
      chunks.push(text.slice(start, last).trim());
      start = last;
    }
    last = end;
  }
  if (last > start) chunks.push(text.slice(start, last).trim());
  return chunks.filter(Boolean);
}

/** Splits a long text into chunks of whole sentences, each at most maxChars where sentences allow. */
export function chunkText(text: string, maxChars: number): string[] {
  return chunkAt(text, maxChars, SENTENCE_END);
}

/** Sentence ends and line breaks: where an article (paragraphs joined by \n) may be cut. */
const ARTICLE_UNIT = /[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)/g;

/** Splits an article's text into chunks of whole sentences (or whole lines), each at most maxChars where they allow. */
export function chunkArticle(text: string, maxChars: number): string[] {
  return chunkAt(text, maxChars, ARTICLE_UNIT);
}

/** Builds the passages of one document from its paragraphs. */
export function buildPassages(
  docId: string,
  paragraphs: Paragraph[],
  options: PassageOptions = DEFAULT_PASSAGE_OPTIONS,
): Passage[] {
  if (paragraphs.some((p) => p.article)) return buildStatutePassages(docId, paragraphs, options);
  const passages: Passage[] = [];
  // Stack of open headings: [rank, heading text].
  const stack: [number, string][] = [];
  for (const p of paragraphs) {
    let body = p.text;
    if (p.level > 0) {
      while (stack.length && stack[stack.length - 1][0] >= p.level) stack.pop();
      stack.push([p.level, headingText(p)]);
      if (!splitLead(p.text).rest) continue; // a heading on its own line: not a passage
    }
    const heading = stack.map(([, text]) => text);
    const chunks = chunkText(body, options.maxChars);
    chunks.forEach((text, i) => {
      passages.push({
        id: chunks.length > 1 ? `${docId}:${p.n}.${i + 1}` : `${docId}:${p.n}`,
        docId,
        paragraph: p.n,
        part: i + 1,
        heading,
        text,
        article: null,
      });
    });
    body = '';
  }
  return passages;
}

/**
 * A statute's passages: one per article — the article's paragraph and the body paragraphs
 * after it up to the next article or heading, joined by line breaks — under the open
 * 编/分编/章/节 headings, split at sentence ends only past articleMaxChars (every part keeps
 * the article number). Paragraphs outside any article (a preamble, a 序言) are passages of
 * their own, as in other documents.
 */
function buildStatutePassages(docId: string, paragraphs: Paragraph[], options: PassageOptions): Passage[] {
  const passages: Passage[] = [];
  const stack: [number, string][] = [];
  const push = (n: number, heading: string[], chunks: string[], article: string | null) => {
    chunks.forEach((text, i) => {
      passages.push({
        id: chunks.length > 1 ? `${docId}:${n}.${i + 1}` : `${docId}:${n}`,
        docId,
        paragraph: n,
        part: i + 1,
        heading,
        text,
        article,
      });
    });
  };
  let open: { n: number; article: string; heading: string[]; texts: string[] } | null = null;
  const close = () => {
    if (open) push(open.n, open.heading, chunkArticle(open.texts.join('\n'), options.articleMaxChars ?? ARTICLE_MAX_CHARS), open.article);
    open = null;
  };
  for (const p of paragraphs) {
    if (p.article) {
      close();
      open = { n: p.n, article: p.article, heading: stack.map(([, text]) => text), texts: [p.text] };
      continue;
    }
    if (p.level > 0) {
      close();
      while (stack.length && stack[stack.length - 1][0] >= p.level) stack.pop();
      stack.push([p.level, headingText(p)]);
      if (!splitLead(p.text).rest) continue;
      push(p.n, stack.map(([, text]) => text), chunkText(p.text, options.maxChars), null);
      continue;
    }
    if (open) {
      (open as { texts: string[] }).texts.push(p.text);
      continue;
    }
    push(p.n, stack.map(([, text]) => text), chunkText(p.text, options.maxChars), null);
  }
  close();
  return passages;
}
