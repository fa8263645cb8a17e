// Follow-up questions in the embed assistant (issue #17): after 广西今年新增就业目标是多少,
// a short 那广东呢？ or 那去年呢？ names only a new region or period, and means the
// previous question with that region or period in place of the old one. The
// follow-up is resolved by rewriting the previous question's text — the region
// mention replaced (or the region put in front when it named none), the year or
// period mention replaced (or put in front) — so what is asked is an ordinary,
// complete question: shown to the visitor (理解为：广东今年新增就业目标是多少) and
// asked, logged and linked like any other. A follow-up with topic words of its own
// (那广东的财政收入呢) is a new question and is left alone.
//
// Regions are recognised by src/text/regions.ts (through the question frame's
// filters: frame.ts), years and five-year plans by src/text/periods.ts and the
// relative years (今年, 去年 …) by the frame; no region list is written here.
// Pure: no I/O, no clock (relative words are kept as words, resolved when asked).
import { analyzeQueryFrame } from './frame.js';
import { cleanText, normalizeForMatch } from '../text/normalize.js';
import { periodYears } from '../text/periods.js';
import { findRegions } from '../text/regions.js';

export interface FollowUp {
  /** The previous question rewritten: the question to ask. */
  question: string;
  /** The follow-up as typed (trimmed). */
  followUp: string;
  /** The previous question it was resolved against. */
  previous: string;
  /** What the follow-up changed. */
  changed: { region: string | null; period: string | null };
}

export interface FollowUpOptions {
  /** The longest question the result may be (MAX_QUERY_CHARS); a longer rewrite is no follow-up. */
  maxChars?: number;
}

/** A follow-up is short: longer text is a question of its own. */
const MAX_FOLLOW_UP_CHARS = 24;

/** Openings of a follow-up: 那, 那么, 还有, 换成 … (repeatable: 那请问). */
const LEAD = /^(?:那么|那末|那|还有|另外|再问一下|再问|换成|换作|改成|如果是|要是|请问|问一下|在|是)+/;
/** Endings of a follow-up: 呢, 的呢, 怎么样, 的情况, 又是多少 … (repeatable). */
const TAIL = /(?:的情况|情况|怎么样|怎样|如何|又如何|又是多少|是多少|有多少|多少|的呢|呢|呀|啊|吗|的)+$/;
/** Words that may stand between the region and the period of a follow-up without being a topic: 广东的, 广东省, 全省. */
const GLUE = /^(?:的|和|与|年|省|市|区|县|州|全省|全市|全区|地区|这边|那边|方面)+$/;
/** Punctuation and spaces around the follow-up. */
const EDGES = /^[\s,，.。?？!！、;；:：~～…]+|[\s,，.。?？!！、;；:：~～…]+$/g;

/** Year spans: ranges (2021—2025年), years (2024年, bare 2024 in a follow-up), five-year plans (十四五), relative words. */
const YEAR_SPAN = /(?:19|20)\d{2}\s*年?\s*[—–\-~至到]\s*(?:19|20)\d{2}\s*年?|(?:19|20)\d{2}\s*年(?:度)?|[“"]?十[一二三四五六]五[”"]?(?:时期|规划|期间)?/g;
const BARE_YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;
/** The words frame.ts reads as relative years (checked against it, so the two agree). */
const RELATIVE_SPAN = /今年|本年度|当年|去年|上一年|上年度|前年|明年|来年|下一年|后年/g;

interface Span {
  start: number;
  end: number;
  text: string;
}

/** The year and period mentions of a text, left to right, non-overlapping. */
function periodSpans(text: string, bareYears = false): Span[] {
  const spans: Span[] = [];
  const add = (m: RegExpMatchArray, valid: boolean) => {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (valid && !spans.some((s) => start < s.end && s.start < end)) spans.push({ start, end, text: m[0] });
  };
  for (const m of text.matchAll(YEAR_SPAN)) add(m, periodYears(m[0].includes('年') || m[0].includes('五') ? m[0] : `${m[0]}年`).length > 0);
  for (const m of text.matchAll(RELATIVE_SPAN)) add(m, analyzeQueryFrame(m[0], 2000).relativeYears.length > 0);
  if (bareYears) for (const m of text.matchAll(BARE_YEAR)) add(m, true);
  return spans.sort((a, b) => a.start - b.start);
}

/** The region mentions of a text that the question frame counts (its filters drop 粤 inside 粤省事, 全国 …). */
function regionSpans(text: string): (Span & { code: string })[] {
  const counted = analyzeQueryFrame(text, 0).mentions;
  const spans: (Span & { code: string })[] = [];
  for (const m of findRegions(text, { levels: ['province', 'city', 'county'] })) {
    const k = counted.findIndex((c) => c.text === m.text && c.code === m.region.code);
    if (k === -1) continue;
    counted.splice(k, 1);
    spans.push({ start: m.start, end: m.end, text: m.text, code: m.region.code });
  }
  return spans;
}

/** What a short follow-up names: a region, a period, or both; null when it says anything else. */
export function followUpParts(text: string): { region: string | null; period: string | null } | null {
  const whole = normalizeForMatch(text).replace(EDGES, '');
  if (!whole || whole.length > MAX_FOLLOW_UP_CHARS) return null;
  const bare = whole.replace(TAIL, '').replace(EDGES, '');
  // 那 opens most follow-ups, but also 那曲: the text is read with and without its opening.
  return partsOf(bare.replace(LEAD, '')) ?? partsOf(bare);
}

function partsOf(core: string): { region: string | null; period: string | null } | null {
  if (!core) return null;
  const regions = regionSpans(core);
  const periods = periodSpans(core, true).filter((p) => !regions.some((r) => p.start < r.end && r.start < p.end));
  if (regions.length === 0 && periods.length === 0) return null;
  // Two regions or two periods (广东和广西呢) ask to compare: not a one-for-one replacement.
  if (new Set(regions.map((r) => r.code)).size > 1 || periods.length > 1) return null;
  let rest = '';
  let at = 0;
  for (const s of [...regions, ...periods].sort((a, b) => a.start - b.start)) {
    rest += core.slice(at, s.start) + ' ';
    at = s.end;
  }
  rest += core.slice(at);
  // Whatever is left must be glue (的, 省, 全省 …): a topic word makes it a question of its own.
  if (rest.split(' ').some((piece) => piece.trim() !== '' && !GLUE.test(piece.trim()))) return null;
  const period = periods[0] ? (/^(?:19|20)\d{2}$/.test(periods[0].text) ? `${periods[0].text}年` : periods[0].text) : null;
  return { region: regions[0]?.text ?? null, period };
}

/** The previous question as a base to rewrite: cleaned and trimmed; in match form when that moves characters (NFKC expansions). */
function rewriteBase(previous: string): string {
  const base = cleanText(previous).replace(/\s+/g, ' ').trim();
  const normalized = normalizeForMatch(base);
  return normalized.length === base.length ? base : normalized;
}

const replaceSpan = (text: string, span: Span, by: string) => text.slice(0, span.start) + by + text.slice(span.end);

/**
 * The follow-up resolved against the previous question, or null when it is not
 * one (no previous question, topic words of its own, nothing to replace with).
 * 广西今年新增就业目标是多少 + 那广东呢？ → 广东今年新增就业目标是多少;
 * 广西今年新增就业目标是多少 + 那去年呢？ → 广西去年新增就业目标是多少.
 */
export function resolveFollowUp(text: string, previous: string | null | undefined, options: FollowUpOptions = {}): FollowUp | null {
  if (!previous || !text) return null;
  const parts = followUpParts(text);
  if (!parts) return null;
  const base = rewriteBase(previous);
  if (!base || followUpParts(base)) return null;
  const matchForm = normalizeForMatch(base).length === base.length;
  // Spans are found in the match form (Simplified, half-width), which keeps the base's positions.
  const find = (s: string) => (matchForm ? normalizeForMatch(s) : s);
  let question = base;
  if (parts.period) {
    const spans = periodSpans(find(question));
    if (spans.length) {
      // The first period mention is the one asked about; later ones of the same text go with it (2025年…2025年).
      const first = spans[0];
      for (const s of spans.filter((x) => x.text === first.text).reverse()) question = replaceSpan(question, s, parts.period);
    } else {
      // After a region the question opens with (广东新增就业… → 广东2025年新增就业…), else in front.
      const lead = regionSpans(find(question))[0];
      const at = lead && lead.start === 0 ? lead.end : 0;
      question = question.slice(0, at) + parts.period + question.slice(at);
    }
  }
  if (parts.region) {
    const spans = regionSpans(find(question));
    if (spans.length) {
      const code = spans[0].code;
      for (const s of spans.filter((x) => x.code === code).reverse()) question = replaceSpan(question, s, parts.region);
    } else {
      question = parts.region + question;
    }
  }
  if (options.maxChars !== undefined && question.length > options.maxChars) return null;
  return { question, followUp: text.trim(), previous: base, changed: parts };
}
