// Web addresses the pages may link to: absolute http(s) only. Shared by ingest
// (a document's original page, source-url.ts) and the staff pages (the library's
// frame correction), so both accept exactly the same addresses.

/** Longest address kept; a longer one is not a portal page's address. */
export const MAX_SOURCE_URL_CHARS = 2000;

/**
 * The address as an absolute http(s) URL (normalised by the URL parser), or null for
 * anything else: another scheme, a relative or protocol-relative address, one with a
 * user name or password (https://user@host is a classic disguise), or one over
 * MAX_SOURCE_URL_CHARS.
 */
export function httpUrl(raw: string | null | undefined): string | null {
  const text = raw?.trim();
  if (!text || text.length > MAX_SOURCE_URL_CHARS || !/^https?:\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) return null;
  return url.href;
}
