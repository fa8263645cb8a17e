// Response headers that keep the portal safe to embed and to call: a strict
// Content-Security-Policy on everything (no inline scripts anywhere), framing
// denied except for the embed pages, which only the ALLOWED_ORIGINS (and the
// site itself) may frame, and CORS on /api/* for exactly those origins.
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface SecurityContext {
  /** This response may be framed by the allowed origins (the /embed pages). */
  frameable: boolean;
  /** Nonce of the one <style> element a page may carry (the embed colours). */
  styleNonce?: string;
}

/** The Content-Security-Policy for a response. */
export function contentSecurityPolicy(allowedOrigins: string[], ctx: SecurityContext): string {
  const frameAncestors = ctx.frameable ? ["'self'", ...allowedOrigins].join(' ') : "'none'";
  const styles = ctx.styleNonce ? `'self' 'nonce-${ctx.styleNonce}'` : "'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styles}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** A fresh nonce (base64 of 16 random bytes). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Sets a header on the finished response in place. (c.header() after the handler
 * rebuilds the response around a stream of its body, which takes it off Node's
 * fast path: a third of the throughput of a cached /api/ask.)
 */
function setOnResponse(c: Context, name: string, value: string, append = false): void {
  try {
    if (append) c.res.headers.append(name, value);
    else c.res.headers.set(name, value);
  } catch {
    // Immutable headers (a Response from fetch, say): let Hono rebuild it.
    c.header(name, value, { append });
  }
}

/**
 * Sets the safe headers on every response, after the handler ran (errors and
 * 404s included). `context` reads what the handler decided (frameable, nonce).
 */
export function securityHeaders(allowedOrigins: string[], context: (c: Parameters<MiddlewareHandler>[0]) => SecurityContext): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const ctx = context(c);
    setOnResponse(c, 'Content-Security-Policy', contentSecurityPolicy(allowedOrigins, ctx));
    setOnResponse(c, 'X-Content-Type-Options', 'nosniff');
    setOnResponse(c, 'Referrer-Policy', 'strict-origin-when-cross-origin');
    setOnResponse(c, 'Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // X-Frame-Options cannot list origins; CSP frame-ancestors governs framing of the
    // embed pages, and the old header still protects the rest in old browsers.
    if (!ctx.frameable) setOnResponse(c, 'X-Frame-Options', 'DENY');
    else if (allowedOrigins.length === 0) setOnResponse(c, 'X-Frame-Options', 'SAMEORIGIN');
  };
}

/**
 * CORS for /api/*: an Origin on the list is echoed back (with Vary: Origin);
 * any other gets no Access-Control-Allow-Origin, so browsers refuse to hand the
 * response to that page. Preflights (OPTIONS) are answered for the JSON POST.
 */
export function apiCors(allowedOrigins: string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  const preflight = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type'],
    maxAge: 600,
  });
  // Other requests as hono/cors answers them, with the headers set in place (see setOnResponse).
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('Origin') ?? '';
    await next();
    if (allowed.has(origin)) setOnResponse(c, 'Access-Control-Allow-Origin', origin);
    setOnResponse(c, 'Vary', 'Origin', true);
  };
}
