// Per-client rate limiting: a token bucket per client key (RATE_LIMIT tokens a
// minute, RATE_LIMIT_BURST at most). The key comes from the runtime — on Node the
// connection's address (src/adapters/node/client-key.ts) — and lives only in this
// process's memory: it is never logged or stored. The table of buckets is
// bounded, so a flood of distinct addresses cannot grow memory without end.
import type { Context, MiddlewareHandler } from 'hono';
import { RequestRefused } from './errors.js';

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Tokens per millisecond. */
  private readonly rate: number;

  constructor(
    perMinute: number,
    private readonly burst: number,
    private readonly maxClients = 50_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.rate = perMinute / 60_000;
  }

  get clients(): number {
    return this.buckets.size;
  }

  /** Takes one token for `key`: 0 when the request may go ahead, else whole seconds until a token is back. */
  take(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.rate);
      bucket.at = now;
      // Most recently seen last, so pruning drops the longest idle first.
      this.buckets.delete(key);
    } else {
      if (this.buckets.size >= this.maxClients) this.prune(now);
      bucket = { tokens: this.burst, at: now };
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate / 1000));
  }

  private prune(now: number): void {
    // A bucket that has refilled holds nothing a new one would not.
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.rate >= this.burst) this.buckets.delete(key);
    }
    // Still crowded: forget the longest idle clients (down to 90 %, so this does not run on every request).
    const target = Math.floor(this.maxClients * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}

export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  /** The client's key, or undefined when the runtime cannot tell (then the request is not limited). */
  key: (c: Context) => string | undefined;
  maxClients?: number;
  now?: () => number;
}

/** Throws RequestRefused(429) with Retry-After when the client's bucket is empty. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const buckets = new TokenBuckets(options.perMinute, options.burst, options.maxClients, options.now);
  return async (c, next) => {
    const key = options.key(c);
    if (key !== undefined && c.req.method !== 'OPTIONS') {
      const wait = buckets.take(key);
      if (wait > 0) throw new RequestRefused(429, `rate limit: too many requests; try again in ${wait} s`, wait);
    }
    await next();
  };
}
