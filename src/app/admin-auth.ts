// Who may see /admin: whoever presents ADMIN_TOKEN, as `Authorization: Bearer
// <token>` or through the login form, which sets a session cookie. The cookie
// holds an issue time, a random session id and an HMAC of both keyed by the
// token — never the token — so it expires, changing ADMIN_TOKEN signs everyone
// out, and signing out revokes that one session on the server (SessionRevocations:
// held in memory, so a restart also signs everyone out; on Workers each isolate
// keeps its own, see docs/staff.md). Comparisons are constant-time (HMACs of both
// sides, compared byte by byte in full). Web Crypto only, so every runtime can run it.

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

/** A fresh session id: 16 random bytes, hex. */
function newSessionId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return hex(bytes);
}

const sessionMessage = (issued: number, id: string) => `policy-qa admin session ${issued} ${id}`;

/** A session cookie value for a login at `now` (ms): `{issued seconds}.{session id}.{hex HMAC}`. */
export async function sessionValue(token: string, now: number = Date.now()): Promise<string> {
  const issued = Math.floor(now / 1000);
  const id = newSessionId();
  return `${issued}.${id}.${hex(await hmac(token, sessionMessage(issued, id)))}`;
}

/** A session cookie's parts, when it is well-formed (whether it is genuine is for sessionValid). */
export function sessionParts(value: string | undefined | null): { issued: number; id: string; mac: string } | null {
  const m = /^(\d{1,12})\.([0-9a-f]{32})\.([0-9a-f]{64})$/.exec(value ?? '');
  return m ? { issued: Number(m[1]), id: m[2], mac: m[3] } : null;
}

/**
 * Whether a session cookie value was issued with this token, has not expired and (given the server's
 * revocations) was not signed out.
 */
export async function sessionValid(
  value: string | undefined | null,
  token: string,
  now: number = Date.now(),
  revocations?: SessionRevocations,
): Promise<boolean> {
  if (!token || !value) return false;
  const parts = sessionParts(value);
  if (!parts) return false;
  const age = now / 1000 - parts.issued;
  // A little leeway for clocks; never a cookie from the future.
  if (age < -60 || age > ADMIN_SESSION_SECONDS) return false;
  const expected = await hmac(token, sessionMessage(parts.issued, parts.id));
  const given = new Uint8Array(parts.mac.match(/../g)!.map((h) => parseInt(h, 16)));
  if (!sameBytes(expected, given)) return false;
  return !revocations?.revoked(parts.id, parts.issued);
}

/**
 * Sessions signed out before they expired, kept until they would have expired anyway — so the set holds at
 * most the logouts of the last ADMIN_SESSION_SECONDS. Only a signed-in session can sign out, so it stays small;
 * should it reach `max`, every session issued so far is revoked at once instead (a sign-out of everyone, which
 * costs one number) and the list starts afresh.
 */
export class SessionRevocations {
  /** Session id → when it would have expired (seconds). */
  private readonly ids = new Map<string, number>();
  /** Sessions issued before this (seconds) are all revoked. */
  private notBefore = 0;

  constructor(
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Revokes a session (its cookie value; anything not well-formed is ignored). */
  revoke(value: string | undefined | null): void {
    const parts = sessionParts(value);
    if (!parts) return;
    const nowSeconds = this.now() / 1000;
    for (const [id, expires] of this.ids) if (expires < nowSeconds) this.ids.delete(id);
    if (this.ids.size >= this.max) {
      this.notBefore = Math.floor(nowSeconds) + 1;
      this.ids.clear();
      return;
    }
    this.ids.set(parts.id, parts.issued + ADMIN_SESSION_SECONDS + 60);
  }

  /** Whether the session with this id, issued at `issued` (seconds), was revoked. */
  revoked(id: string, issued: number): boolean {
    return issued < this.notBefore || this.ids.has(id);
  }

  /** Sessions on the list now. */
  get size(): number {
    return this.ids.size;
  }
}
