// Repairing paragraphs that a portal scrape broke over several lines. In the documents we
// ingest one line is one paragraph, and a body paragraph always ends a sentence (。！？；：…),
// so a body line that stops short of that and is followed by its own continuation
// (是：…, ，…, a fragment such as 2.5 or 揭榜, the rest of an open “quotation”) is joined
// with it. Headings stay as they are: a title-like heading with a marker takes at most a
// short tail it visibly lacks (an unclosed bracket, a trailing 、), a title-like line without
// one (主要目标, 政府工作报告, 各位代表：, bylines, 来源：… labels) only what it cannot end
// without (…的 / 主要目标, 主要目标 / 是：…, a speech subtitle's 会议上), and every line with a
// heading or list marker (一、 （一） 1. （1） 一是 ［1］) starts a paragraph of its own. A list
// item carrying body text (四川's glossary 7.“双向揭榜挂帅”：…“双向) is body text here.
// Self-contained: structure.ts calls this module, so it may not import from there (no cycles).
import type { Paragraph } from '../model/document.js';

/** Sentence-ending marks: a line ending with one of these (closing quotes/brackets aside) is complete. */
const SENTENCE_END = /[。！？!?；;：:…]$/;
/** Closing quotes and brackets that may follow the sentence-ending mark (。” ！」 。）). */
const TRAILING_CLOSERS = /[”’」』）)》〉】\]]+$/;
/** Marks no paragraph starts with: a line starting with one continues the line before. */
const CONTINUATION_MARK = /^[，,、。．；;：:？?！!%％‰…]/;
/** Words no paragraph starts with (是：…, 的…): a line starting with one continues an unfinished line. */
const CONTINUATION_WORD = /^[是的]/;
/** A line that stops at a comma, an enumeration comma, a dash or an opening mark is unfinished. */
const OPEN_END = /(?:[，,、“‘「『（(《〈—–-]|以及|或者|并且|(?<!目|有|似)的)$/;
const CN_NUM = '[一二三四五六七八九十百零〇]+';
/** The heading markers of structure.ts's headingRank, outermost first (a test keeps the two in step). */
const MARKERS: RegExp[] = [
  new RegExp(`^${CN_NUM}\\s*[、.．]`),
  new RegExp(`^[（(]${CN_NUM}[）)]`),
  /^\d{1,2}\s*[.．、](?!\d)/,
  /^[（(]\d{1,2}[）)]/,
  new RegExp(`^(?:${CN_NUM}是|第${CN_NUM}[，,、])`),
];

/** The rank of the heading marker a line starts with (1 = 一、 … 5 = 一是), 0 for none: headingRank's rule. */
export function markerRank(text: string): number {
  const t = text.trim();
  const i = MARKERS.findIndex((re) => re.test(t));
  return i + 1;
}

/** Explanatory-note markers (［1］ [12]) start a paragraph as heading markers do. */
const NOTE_MARKER = /^[［[]\d{1,3}[］\]]/;
/** A short fragment of Latin letters or digits cut out of a sentence (2.5 of PM2.5, a unit, a code). */
const ASCII_FRAGMENT = /^[A-Za-z0-9.+\-/%]{1,8}$/;
/** Longest text taken as a heading's missing tail, or as an inline fragment between two parts of a sentence. */
const TAIL_MAX = 40;
const FRAGMENT_MAX = 10;

const PAIRS: [string, string][] = [
  ['“', '”'],
  ['（', '）'],
  ['(', ')'],
  ['《', '》'],
  ['「', '」'],
];

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** Whether the text leaves a quotation or bracket open (“… without ”, （… without ）). */
export function hasOpenPair(text: string): boolean {
  return PAIRS.some(([open, close]) => count(text, open) > count(text, close));
}

/** Whether a line ends a sentence: 。！？；：… at its end, optionally followed by closing quotes or brackets. */
export function endsSentence(text: string): boolean {
  const t = text.trimEnd();
  const core = t.replace(TRAILING_CLOSERS, '');
  // A line of closing marks only (】, ）) is debris, not the open end of a sentence.
  if (core === '') return true;
  return SENTENCE_END.test(core);
}

/** A title-like line: short and without sentence punctuation (headings, titles, bylines, captions' names). */
function titleLike(text: string): boolean {
  return text.length <= TAIL_MAX && !/[。！？!?；;：:]/.test(text);
}

/** A line that starts a paragraph by its marker: 一、 （一） 1. （1） 一是 ［1］. */
function hasMarker(text: string): boolean {
  return markerRank(text) > 0 || NOTE_MARKER.test(text.trim());
}

/** Body text: long, or with the commas and stops of running sentences (not a label such as 来源：解放日报). */
function bodyLike(text: string): boolean {
  return text.length > TAIL_MAX || /[，,。！？!?；;]/.test(text);
}

/** A line that opens a new unit even after an unfinished line: a marker, a title-like line, a salutation (各位代表：). */
function startsUnit(text: string): boolean {
  return hasMarker(text) || titleLike(text) || (text.length <= 15 && /[：:！!]$/.test(text));
}

/** The subtitle of a speech, broken before its closing 上: ——2026年1月26日在广东省第十四届 / 人民代表大会第五次会议上. */
function subtitleContinues(current: string, next: string): boolean {
  return (
    /^(?:——|――|—|（)/.test(current) &&
    /在/.test(current) &&
    !/上）?$/.test(current) &&
    titleLike(next) &&
    /会议上）?$/.test(next)
  );
}

/**
 * Whether `next` continues `current` (the paragraph built so far), `after` being the line
 * after `next`. See the module comment for the rule.
 */
export function continuesLine(current: Paragraph, next: Paragraph, after?: Paragraph): boolean {
  const cur = current.text;
  const nxt = next.text;
  if (next.level > 0 || hasMarker(nxt)) return false;
  // Debris (|, ×, 】) continues nothing: a continuation has words, digits or a continuing mark.
  if (!/[\u4e00-\u9fffA-Za-z0-9]/.test(nxt) && !CONTINUATION_MARK.test(nxt)) return false;
  const heading = titleLike(cur);

  // A title-like line with a heading marker (（一）全力促进…): only a short tail it visibly lacks.
  if (current.level > 0 && heading) {
    return (hasOpenPair(cur) || OPEN_END.test(cur)) && titleLike(nxt);
  }

  // A line starting with ，。、；% … is the tail of the line before, whatever that ended with.
  if (CONTINUATION_MARK.test(nxt)) return true;
  if (endsSentence(cur)) return false;

  // A quotation or bracket left open: the line cannot end here.
  if (hasOpenPair(cur)) return heading ? (nxt.length <= TAIL_MAX && /[\u4e00-\u9fff]/.test(nxt)) || hasClosing(cur, nxt) : true;
  // Unfinished by its last mark or word (…今年经济社会发展的 / 主要预期目标).
  if (OPEN_END.test(cur)) return true;
  // The next line cannot start a paragraph (主要目标 / 是：…).
  if (CONTINUATION_WORD.test(nxt)) return true;
  if (current.level === 0 && subtitleContinues(cur, nxt)) return true;
  // Titles, bylines and labels (来源：解放日报 / 时间：…) take nothing more.
  if (!bodyLike(cur)) return false;

  // From here on the current line is body text that stopped mid-sentence.
  if (ASCII_FRAGMENT.test(nxt)) return true;
  // A short fragment followed by the rest of the sentence (带技术 / 揭榜 / ；“成果找市场”…).
  if (nxt.length <= FRAGMENT_MAX && titleLike(nxt) && after && after.level === 0 && CONTINUATION_MARK.test(after.text)) return true;
  // The rest of the sentence: body text again, not a title, label or salutation.
  return !startsUnit(nxt) && bodyLike(nxt);
}

/** Whether `next` closes a pair that `current` left open. */
function hasClosing(current: string, next: string): boolean {
  return PAIRS.some(([open, close]) => count(current, open) > count(current, close) && next.includes(close));
}

/**
 * Joins two lines: no separator in Chinese, a space between two Latin/digit characters —
 * except a number that follows capitals directly (PM + 2.5, CO + 2: a lost subscript).
 */
export function joinText(a: string, b: string): string {
  const left = a.at(-1) ?? '';
  const right = b[0] ?? '';
  if (/[A-Za-z0-9]/.test(left) && /[A-Za-z0-9]/.test(right)) {
    if (/[A-Z]$/.test(a) && /^\d+(?:\.\d+)?$/.test(b)) return a + b;
    return `${a} ${b}`;
  }
  return a + b;
}

/**
 * No real paragraph is this long (the longest, in a statute, has 2,762 characters): joining stops
 * here, so the checks that scan the paragraph built so far (open pairs, its last mark) stay bounded
 * and a document of lines that never end a sentence is not quadratic.
 */
const MAX_JOINED_CHARS = 10_000;

/**
 * Joins body lines that a scrape broke mid-sentence with their continuations and numbers the
 * paragraphs 1..n again. A line whose marker was itself broken (（ / 三）…) becomes the heading it is.
 */
export function joinBrokenLines(paragraphs: Paragraph[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    const last = out.at(-1);
    if (last && last.text.length < MAX_JOINED_CHARS && continuesLine(last, p, paragraphs[i + 1])) {
      const text = joinText(last.text, p.text);
      out[out.length - 1] = { ...last, text, level: last.level || markerRank(text) };
    } else {
      out.push({ ...p });
    }
  }
  return out.map((p, i) => ({ ...p, n: i + 1 }));
}
