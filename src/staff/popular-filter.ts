// What may never be shown to other visitors as a 热门问题 or suggestion, whoever
// asked it and however often (issue #16): a question carrying contact details —
// a web address or domain, a phone number (digits with . _ / ( ) - or spaces
// between them, or in Chinese numerals), a WeChat or QQ id, an e-mail address —
// or personal data the log masked. The home page is the government's own voice;
// a question that advertises a way to reach someone is spam or a leak, never a
// popular question. Pure text functions, checked on hand-written examples
// (tests/staff/popular-filter.test.ts); a false alarm only keeps a question off
// the list, so they lean towards refusing.

/** Why a question may not be shown. */
export type ContactKind = 'url' | 'email' | 'chat' | 'phone' | 'masked';

/** Full-width to half-width, lower case, no invisible characters: ｗｗｗ．ｘ．ｃｏｍ and Ｖｘ match like www.x.com and vx. */
function folded(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g, '')
    .toLowerCase();
}

/** A scheme, www., or a dotted name ending in a Latin top-level label (gov.cn, yj-bt.com, t.me). */
const URL_LIKE = /(?:https?|ftp):|www[.。]|(?<![a-z0-9-])[a-z0-9][a-z0-9-]*(?:[.。][a-z0-9-]+)*[.。][a-z]{2,}(?![a-z])/;
/** A domain spelt out to slip past a filter: yjbt点com, yjbt dot cn, yjbt。net. */
const SPELT_DOMAIN = /[a-z0-9](?:\s*(?:点|點|dot|\[\.\]|\(\.\)))\s*(?:com|cn|net|org|gov|top|xyz|vip|cc|info|io|me|tv|cloud|site|shop|club)(?![a-z])/;
/** Anything@anything (＠ folds to @), or at/[at] between names. */
const EMAIL_LIKE = /[^\s@]@[^\s@]|[a-z0-9]\s*(?:\[at\]|\(at\)|#)\s*[a-z0-9]+\s*[.。]/;
/**
 * A chat id: 微信/WeChat/vx/wx/QQ/扣扣/企鹅 (and 加微, 加v, 威信, v信) followed, after at most a few filler characters
 * (号, 是, :, spaces), by something id-like: a Latin letter or digit and four more of letters, digits, _ or -.
 */
const CHAT_ID =
  /(?:微信|微訊|威信|薇信|徽信|v信|加微|加v|vx|wx|weixin|wechat|qq|扣扣|企鹅|企鵝|飞机|tg|telegram)[\s:：号號是为為的id#＃\-—]{0,6}[a-z0-9][a-z0-9_\-]{4,}/;
/** A digit in any of the forms a phone number is typed or read in. */
const DIGIT = '[0-9零〇○一二三四五六七八九幺壹贰貳叁參肆伍陆陸柒捌玖]';
/** Characters a number is split with: spaces, . _ / ( ) and dashes (at most three between two digits). */
const SEPARATOR = '[\\s._/()（）\\-‐‑–—]';
const NUMBER_RUN = new RegExp(`${DIGIT}(?:${SEPARATOR}{0,3}${DIGIT})+`, 'g');
const CHINESE_DIGIT = /[零〇○一二三四五六七八九幺壹贰貳叁參肆伍陆陸柒捌玖]/;
/** A year, a date or a range of years (2020-2021, 2021.06.30, 2021/6): long digit runs that are not phone numbers. */
const DATE_LIKE = /^(?:19|20)\d{2}(?:[-./](?:(?:19|20)\d{2}|0?[1-9]|1[0-2])(?:[-./](?:0?[1-9]|[12]\d|3[01]))?)?$/;
/** What the question log stores in place of masked personal data (redactQuestion). */
const MASKED = /＊{2,}|\*{3,}/;

/** Whether a run of digits (with separators) looks like a phone, ID or account number. */
function isPhoneLike(run: string): boolean {
  const digits = run.replace(/[^0-9零〇○一二三四五六七八九幺壹贰貳叁參肆伍陆陸柒捌玖]/g, '');
  if (CHINESE_DIGIT.test(digits)) return [...digits].length >= 7;
  // Six or more digits: phone numbers (7–12), ID and account numbers, unless it reads as a date or a span of years.
  return digits.length >= 6 && !DATE_LIKE.test(run.trim().replace(/\s+/g, ''));
}

/** The first kind of contact detail (or masked personal data) a question carries, or null when it carries none. */
export function contactDetails(question: string): ContactKind | null {
  if (MASKED.test(question)) return 'masked';
  const text = folded(question);
  if (EMAIL_LIKE.test(text)) return 'email';
  if (CHAT_ID.test(text)) return 'chat';
  if (URL_LIKE.test(text) || SPELT_DOMAIN.test(text)) return 'url';
  for (const m of text.matchAll(NUMBER_RUN)) if (isPhoneLike(m[0])) return 'phone';
  return null;
}

/** Longest question shown as a 热门问题: longer ones are rarely shared, and room for an advertisement. */
export const POPULAR_MAX_CHARS = 60;

/** Whether a question may be shown to other visitors at all: short enough and free of contact details. */
export function isPublishableQuestion(question: string): boolean {
  return [...question].length <= POPULAR_MAX_CHARS && contactDetails(question) === null;
}
