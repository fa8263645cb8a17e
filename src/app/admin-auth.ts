// Who may see /admin: whoever presents ADMIN_TOKEN, as `Authorization: Bearer
// <token>` or through the login form, which sets a session cookie. The cookie
// holds an issue time, a random session id and an HMAC of both keyed by the
// token — never the token — so it expires, changing ADMIN_TOKEN signs everyone
// out, and signing out revokes that one session on the server (SessionRevocations:
// held in memory, so a restart also signs everyone out; on Workers each isolate
// keeps its own, see docs/staff.md). Comparisons are constant-time (HMACs of both
// sides, compared byte by byte in full). Web Crypto only, so every runtime can run it.

import type { Context } from 'hono';

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

const sessionMessage = (issued: number, id: string, staff: string) => `policy-qa admin session ${issued} ${id} ${staff}`;

const STAFF_KEY = 'policyQaStaff';

/** Records who is signed in on this request (the admin gate does, once the token or session is checked). */
export function setStaffName(c: Context, name: string): void {
  c.set(STAFF_KEY as never, name as never);
}

/** Who made this /admin request: the name typed at login, X-Staff-Name with a Bearer token, else 'staff'. */
export function staffNameOf(c: Context): string {
  const name = c.get(STAFF_KEY as never) as unknown;
  return typeof name === 'string' && name ? name : 'staff';
}

/** Longest staff name kept (characters). */
export const STAFF_NAME_MAX = 40;

/**
 * The name staff type at login (who taught an answer, who published a document): trimmed, control characters and
 * angle brackets removed, at most STAFF_NAME_MAX characters; '' when nothing usable is left.
 */
export function cleanStaffName(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return [...raw.normalize('NFKC').replace(/[\u0000-\u001f\u007f<>]/g, '').trim()].slice(0, STAFF_NAME_MAX).join('').trim();
}

const toBase64Url = (text: string) => btoa(String.fromCharCode(...encoder.encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (b64: string): string | null => {
  try {
    const binary = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
};

/**
 * A session cookie value for a login at `now` (ms) by `staff`: `{issued seconds}.{session id}.{name, base64url}.{hex HMAC}`.
 * The name is signed with the rest, so it cannot be changed without signing in again.
 */
export async function sessionValue(token: string, now: number = Date.now(), staff = ''): Promise<string> {
  const issued = Math.floor(now / 1000);
  const id = newSessionId();
  const name = cleanStaffName(staff);
  return `${issued}.${id}.${toBase64Url(name)}.${hex(await hmac(token, sessionMessage(issued, id, name)))}`;
}

/** A session cookie's parts, when it is well-formed (whether it is genuine is for sessionValid). */
export function sessionParts(value: string | undefined | null): { issued: number; id: string; staff: string; mac: string } | null {
  const m = /^(\d{1,12})\.([0-9a-f]{32})\.([A-Za-z0-9_-]{0,240})\.([0-9a-f]{64})$/.exec(value ?? '');
  const staff = m ? fromBase64Url(m[3]) : null;
  return m && staff !== null ? { issued: Number(m[1]), id: m[2], staff, mac: m[4] } : null;
}

/**
 * Who a session cookie value belongs to — the name typed at login ('' when none was) — when it was issued with
 * this token, has not expired and (given the server's revocations) was not signed out; else null.
 */
export async function sessionStaff(
  value: string | undefined | null,
  token: string,
  now: number = Date.now(),
  revocations?: SessionRevocations,
): Promise<string | null> {
  if (!token || !value) return null;
  const parts = sessionParts(value);
  if (!parts) return null;
  const age = now / 1000 - parts.issued;
  // A little leeway for clocks; never a cookie from the future.
  if (age < -60 || age > ADMIN_SESSION_SECONDS) return null;
  const expected = await hmac(token, sessionMessage(parts.issued, parts.id, parts.staff));
  const given = new Uint8Array(parts.mac.match(/../g)!.map((h) => parseInt(h, 16)));
  if (!sameBytes(expected, given)) return null;
  return revocations?.revoked(parts.id, parts.issued) ? null : parts.staff;
}

/** Whether a session cookie value is genuine, unexpired and not signed out (see sessionStaff). */
export async function sessionValid(
  value: string | undefined | null,
  token: string,
  now: number = Date.now(),
  revocations?: SessionRevocations,
): Promise<boolean> {
  return (await sessionStaff(value, token, now, revocations)) !== null;
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
