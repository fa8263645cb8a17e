// Back-off for wrong staff tokens (issue #16, findings 4 and 5): per client, so
// one guesser slows only itself — the old single counter for the whole server let
// anyone lock every member of staff out. Only wrong tokens are counted (at the
// login form, and as `Authorization: Bearer` on /admin/* and /admin/reload); a
// correct token is checked first and always let in, throttled or not, so no one
// can lock staff out by failing on their behalf (behind the same NAT, say).
// After FREE_FAILURES wrong tokens each further one doubles the wait (1 s, 2 s,
// 4 s … at most 15 min), answered 429 with Retry-After; an hour without a wrong
// token forgets the client. What keeps a token from being guessed is its
// strength, enforced at start-up (≥ 64 bits, src/settings.ts): this turns a
// script's stream of guesses into 429s and keeps memory bounded.
// The client key comes from the runtime (src/adapters/node/client-key.ts), lives
// only in this table and is never logged. A runtime that cannot tell clients apart
// shares one entry: harmless, since a correct token is never refused.
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';

/** Wrong tokens a client may send before it has to wait. */
export const FREE_FAILURES = 5;
/** The longest wait, in seconds. */
export const MAX_WAIT_SECONDS = 15 * 60;
/** A client without a wrong token for this long starts afresh. */
const FORGET_AFTER_MS = 3600_000;
/** Clients remembered at most (least recently failing forgotten first): a few hundred KB. */
const MAX_CLIENTS = 10_000;
/** The key of clients the runtime cannot tell apart. */
const UNKNOWN_CLIENT = '*';

interface Failures {
  count: number;
  /** Date.now() before which a further wrong token is answered 429. */
  until: number;
}

export interface ThrottleOptions {
  free?: number;
  maxWaitSeconds?: number;
  maxClients?: number;
  now?: () => number;
}

export class FailureThrottle {
  private readonly free: number;
  private readonly maxWaitSeconds: number;
  private readonly now: () => number;
  private readonly clients: LRUCache<string, Failures>;

  constructor(options: ThrottleOptions = {}) {
    this.free = options.free ?? FREE_FAILURES;
    this.maxWaitSeconds = options.maxWaitSeconds ?? MAX_WAIT_SECONDS;
    this.now = options.now ?? Date.now;
    // The clock is passed on, and read afresh each time (no cached reading), so a test's clock expires entries too.
    this.clients = new LRUCache({ max: options.maxClients ?? MAX_CLIENTS, ttl: FORGET_AFTER_MS, ttlResolution: 0, perf: { now: this.now } });
  }

  /** Clients remembered now. */
  get size(): number {
    return this.clients.size;
  }

  /** Whole seconds `key` must still wait before a wrong token is answered 401 again (0 = none). */
  waitFor(key: string): number {
    const entry = this.clients.get(key);
    const left = entry ? entry.until - this.now() : 0;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /**
   * Counts a wrong token from `key`; returns the seconds it must now wait (0 while within its free failures).
   * A wrong token during a wait counts too: each was a guess.
   */
  fail(key: string): number {
    const now = this.now();
    const entry = this.clients.get(key) ?? { count: 0, until: 0 };
    entry.count += 1;
    const over = entry.count - this.free;
    if (over > 0) {
      const seconds = Math.min(this.maxWaitSeconds, 2 ** Math.min(over - 1, 30));
      entry.until = now + seconds * 1000;
    }
    this.clients.set(key, entry);
    return over > 0 ? this.waitFor(key) : 0;
  }

  /** A correct token: the client's failures are forgotten. */
  succeed(key: string): void {
    this.clients.delete(key);
  }
}

/** One throttle per app: the login form, the /admin gate and /admin/reload count into the same table. */
const throttles = new WeakMap<object, FailureThrottle>();
export function adminThrottleOf(app: object): FailureThrottle {
  let throttle = throttles.get(app);
  if (!throttle) throttles.set(app, (throttle = new FailureThrottle()));
  return throttle;
}

/** The throttle's key for a request: the runtime's client key, or the one shared key when it has none. */
export function throttleKey(c: Context, clientKey: ((c: Context) => string | undefined) | undefined): string {
  return clientKey?.(c) ?? UNKNOWN_CLIENT;
}

/** The outcome of a presented token: let in, or refused with 401 or (during a back-off) 429 after `retryAfter` s. */
export type TokenVerdict = { ok: true } | { ok: false; status: 401 | 429; retryAfter: number };

/** Counts the outcome of a token check for the request's client. */
export function judgeToken(throttle: FailureThrottle, key: string, matched: boolean): TokenVerdict {
  if (matched) {
    throttle.succeed(key);
    return { ok: true };
  }
  const wait = throttle.fail(key);
  return wait > 0 ? { ok: false, status: 429, retryAfter: wait } : { ok: false, status: 401, retryAfter: 0 };
}
