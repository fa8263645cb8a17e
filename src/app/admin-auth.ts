// Who may see /admin: whoever presents ADMIN_TOKEN, as `Authorization: Bearer
// <token>` or through the login form, which sets a session cookie. The cookie
// holds an issue time and an HMAC of it keyed by the token — never the token —
// so it expires, and changing ADMIN_TOKEN signs everyone out. Comparisons are
// constant-time (HMACs of both sides, compared byte by byte in full). Web Crypto
// only, so every runtime can run it.

/** The session cookie's name; its path is /admin. */
export const ADMIN_COOKIE = 'pqa_admin';
/** How long a login lasts. */
export const ADMIN_SESSION_SECONDS = 8 * 3600;

const encoder = new TextEncoder();

async function hmac(key: string, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)));
}

/** Equal-length byte arrays compared without an early exit. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether a presented token is the configured one. Both are HMAC'd under a fixed
 * label first, so the comparison takes the same time whatever was sent (length included).
 */
export async function tokenMatches(presented: string, token: string): Promise<boolean> {
  if (!token) return false;
  const [a, b] = await Promise.all([hmac('policy-qa admin token', presented), hmac('policy-qa admin token', token)]);
  return sameBytes(a, b);
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/** A session cookie value for a login at `now` (ms): `{issued seconds}.{hex HMAC}`. */
export async function sessionValue(token: string, now: number = Date.now()): Promise<string> {
  const issued = Math.floor(now / 1000);
  return `${issued}.${hex(await hmac(token, `policy-qa admin session ${issued}`))}`;
}

/** Whether a session cookie value was issued with this token and has not expired. */
export async function sessionValid(value: string | undefined | null, token: string, now: number = Date.now()): Promise<boolean> {
  if (!token || !value) return false;
  const m = /^(\d{1,12})\.([0-9a-f]{64})$/.exec(value);
  if (!m) return false;
  const issued = Number(m[1]);
  const age = now / 1000 - issued;
  // A little leeway for clocks; never a cookie from the future.
  if (age < -60 || age > ADMIN_SESSION_SECONDS) return false;
  const expected = await hmac(token, `policy-qa admin session ${issued}`);
  const given = new Uint8Array(m[2].match(/../g)!.map((h) => parseInt(h, 16)));
  return sameBytes(expected, given);
}
