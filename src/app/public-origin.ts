// The origin citizens and staff reach this server at — which is not always the
// request URL: behind a TLS-terminating proxy the server sees http://127.0.0.1:…
// while the browser is on https://qa.example.gov.cn. It decides the Secure flag
// of the admin cookie, the origin form posts must come from (CSRF) and whether
// HSTS is sent. In order of trust: PUBLIC_URL when set (the operator said so);
// else, with TRUSTED_PROXY on, the proxy's X-Forwarded-Proto / X-Forwarded-Host
// (the last entry of each: the one our proxy wrote); else the request URL.
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import type { Settings } from '../settings.js';

type OriginSettings = Pick<Settings, 'PUBLIC_URL' | 'TRUSTED_PROXY'>;

/** PUBLIC_URL's origin (the setting keeps origin + path), or '' when unset. Parsed once per settings object. */
const configured = new WeakMap<OriginSettings, string>();
function configuredOrigin(settings: OriginSettings): string {
  let origin = configured.get(settings);
  if (origin === undefined) {
    origin = settings.PUBLIC_URL ? new URL(settings.PUBLIC_URL).origin : '';
    configured.set(settings, origin);
  }
  return origin;
}

/** A host name or [IPv6] address with an optional port: what X-Forwarded-Host may hold. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/** The last comma-separated entry of a header, trimmed, or ''. */
function lastEntry(value: string | undefined): string {
  if (!value) return '';
  const at = value.lastIndexOf(',');
  return (at === -1 ? value : value.slice(at + 1)).trim();
}

/** The scheme the proxy says the client used ('http:' or 'https:'), or undefined when it said nothing usable. */
function forwardedProtocol(c: Context): 'http:' | 'https:' | undefined {
  const proto = lastEntry(c.req.header('X-Forwarded-Proto')).toLowerCase();
  return proto === 'https' ? 'https:' : proto === 'http' ? 'http:' : undefined;
}

/**
 * The public origin of this request (scheme://host[:port], no trailing slash): PUBLIC_URL's when set; with
 * TRUSTED_PROXY on, the forwarded scheme and host where the proxy sent them (each falls back to the request
 * URL's on its own); else the request URL's.
 */
export function publicOrigin(c: Context, settings: OriginSettings): string {
  const fixed = configuredOrigin(settings);
  if (fixed) return fixed;
  const url = new URL(c.req.url);
  if (!settings.TRUSTED_PROXY) return url.origin;
  const protocol = forwardedProtocol(c) ?? url.protocol;
  const host = lastEntry(c.req.header('X-Forwarded-Host'));
  // Only a bare host[:port] is taken: anything a URL would read as a path, user or query is ignored.
  if (HOST.test(host)) {
    try {
      return new URL(`${protocol}//${host}`).origin;
    } catch {
      // Not a host after all (a port over 65535, say): the request's own.
    }
  }
  return `${protocol}//${url.host}`;
}

/**
 * Whether the public origin is https — the same answer as publicOrigin(…).startsWith('https:'), without
 * parsing a URL: it runs on every response (HSTS), the cached /api/ask included.
 */
export function publicIsHttps(c: Context, settings: OriginSettings): boolean {
  const fixed = configuredOrigin(settings);
  if (fixed) return fixed.startsWith('https:');
  if (settings.TRUSTED_PROXY) {
    const forwarded = forwardedProtocol(c);
    if (forwarded) return forwarded === 'https:';
  }
  return c.req.url.startsWith('https:');
}

/**
 * hono/csrf for this site's form posts: a form post passes with `Sec-Fetch-Site: same-origin` or an Origin
 * equal to the public origin — not the request URL's, which behind a proxy is the proxy's view of the server.
 */
export function publicOriginCsrf(settings: OriginSettings): MiddlewareHandler {
  return csrf({ origin: (origin, c) => origin === publicOrigin(c, settings) });
}
