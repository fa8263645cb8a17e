// From numbered paragraphs to passages: each body paragraph becomes a passage
// carrying its heading path; very long paragraphs are split at sentence ends so
// a citation points at text a reader can take in. Passages never cross headings.
import type { Paragraph, Passage } from './model.js';
import { headingText, splitLead } from './structure.js';

export interface PassageOptions {
  /** Paragraphs longer than this (characters) are split at sentence ends. */
  maxChars: number;
}

export const DEFAULT_PASSAGE_OPTIONS: PassageOptions = { maxChars: 400 };

/** Sentence ends: Chinese and Western full stops, question and exclamation marks, semicolons. */
const SENTENCE_END = /[^。！？!?；;]*(?:[。！？!?；;]+[”’」』）)]*|$)/g;

/** Splits text into sentences, keeping each sentence's closing punctuation. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SENTENCE_END)) {
    const s = m[0].trim();
    if (s) out.push(s);
  }
  return out;
}

/** Splits a long text into chunks of whole sentences, each at most maxChars where sentences allow. */
export function chunkText(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  // Cut the original text at sentence ends, so every chunk is a verbatim span.
  const ends: number[] = [];
  for (const m of text.matchAll(SENTENCE_END)) if (m[0].trim()) ends.push((m.index ?? 0) + m[0].length);
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

/** Builds the passages of one document from its paragraphs. */
export function buildPassages(
  docId: string,
  paragraphs: Paragraph[],
  options: PassageOptions = DEFAULT_PASSAGE_OPTIONS,
): Passage[] {
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
