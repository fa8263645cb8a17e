// Who a request comes from, for the rate limit only: the connection's address
// (or, with TRUSTED_PROXY on, the last X-Forwarded-For entry — the one the proxy
// itself appended; earlier entries are whatever the client claimed). IPv6
// clients are keyed by their /64, which one subscriber usually holds whole.
// The key is kept in memory by the rate limiter and never logged or stored.
import type { Context } from 'hono';
import { isIP } from 'node:net';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The rate-limit key for an address: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by its /64. */
export function addressKey(address: string): string | undefined {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1];
  const kind = isIP(a);
  if (kind === 4) return a;
  if (kind !== 6) return undefined;
  const [head, tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':') + '::/64';
}

/** The client key function for createApp on Node. */
export function nodeClientKey(trustedProxy: boolean): (c: Context) => string | undefined {
  return (c) => {
    if (trustedProxy) {
      const forwarded = c.req.header('X-Forwarded-For');
      const last = forwarded?.split(',').pop();
      const key = last ? addressKey(last) : undefined;
      if (key) return key;
    }
    const address = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
    return address ? addressKey(address) : undefined;
  };
}
