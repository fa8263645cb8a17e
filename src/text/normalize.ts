// Text normalisation shared by indexing and querying: whatever a citizen types
// (Traditional characters, full-width digits, odd spacing) must meet the index
// in one canonical form. Display text is never normalised, only match keys.
import * as OpenCC from 'opencc-js/t2cn';

const traditionalToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const hongKongToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

// Characters that break matching but carry no meaning: zero-width spaces,
// byte-order marks, soft hyphens and C0/C1 controls other than newline and tab.
const INVISIBLE = /[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Lone UTF-16 surrogates cannot be encoded and would poison the index.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Removes invisible characters and lone surrogates; keeps the text otherwise as written. */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(INVISIBLE, '');
}

/** Traditional → Simplified (Taiwan and Hong Kong variants alike). */
export function toSimplified(text: string): string {
  return hongKongToSimplified(traditionalToSimplified(text));
}

/**
 * The canonical match form: NFKC (full-width → half-width, ％ → %, １０８ → 108),
 * Simplified characters, lower-case Latin, single spaces.
 */
export function normalizeForMatch(text: string): string {
  const nfkc = cleanText(text).normalize('NFKC');
  return toSimplified(nfkc).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The eval's N(s): normalizeForMatch without any whitespace. */
export function compactForm(text: string): string {
  return normalizeForMatch(text).replace(/\s+/g, '');
}
