// Response headers that keep the portal safe to embed and to call: a strict
// Content-Security-Policy on everything (no inline scripts anywhere), framing
// denied except for the embed pages, which only the ALLOWED_ORIGINS (and the
// site itself) may frame, CORS on /api/* for exactly those origins, and HSTS
// when the public origin is https (src/app/public-origin.ts).
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

/** The safe headers for a response, in order (CSP, nosniff, referrer, permissions, framing). */
function safeHeaders(allowedOrigins: string[], ctx: SecurityContext): [string, string][] {
  const headers: [string, string][] = [
    ['Content-Security-Policy', contentSecurityPolicy(allowedOrigins, ctx)],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
  ];
  // X-Frame-Options cannot list origins; CSP frame-ancestors governs framing of the
  // embed pages, and the old header still protects the rest in old browsers.
  if (!ctx.frameable) headers.push(['X-Frame-Options', 'DENY']);
  else if (allowedOrigins.length === 0) headers.push(['X-Frame-Options', 'SAMEORIGIN']);
  return headers;
}

/**
 * Marks responses made by apiJsonResponder: they carry every header the two middlewares here would add,
 * which leave them alone. A symbol only this module knows, set on our own Response (a WeakSet entry per
 * request cost more).
 */
const COMPLETE = Symbol('policy-qa: safe headers set');
const isComplete = (res: Response): boolean => (res as { [COMPLETE]?: true })[COMPLETE] === true;

/**
 * Strict-Transport-Security for a site reached over https: a year, subdomains left alone (a government
 * domain's other hosts are not ours to decide) and no preload (a list hard to get off).
 */
export const HSTS = 'max-age=31536000';

/**
 * Sets the safe headers on every response, after the handler ran (errors and
 * 404s included). `context` reads what the handler decided (frameable, nonce);
 * `https` tells whether the request's public origin is https, which adds HSTS.
 */
export function securityHeaders(
  allowedOrigins: string[],
  context: (c: Parameters<MiddlewareHandler>[0]) => SecurityContext,
  https: (c: Parameters<MiddlewareHandler>[0]) => boolean = () => false,
): MiddlewareHandler {
  // Pages without a style nonce (all but the coloured embed) get one of two fixed sets: built once.
  const fixed = [false, true].map((frameable) => safeHeaders(allowedOrigins, { frameable }));
  return async (c, next) => {
    await next();
    // Browsers heed it only over https, so it goes on every response, the ready-made /api/ask ones included.
    if (https(c)) setOnResponse(c, 'Strict-Transport-Security', HSTS);
    if (isComplete(c.res)) return;
    const ctx = context(c);
    const headers = ctx.styleNonce ? safeHeaders(allowedOrigins, ctx) : fixed[ctx.frameable ? 1 : 0];
    for (const [name, value] of headers) setOnResponse(c, name, value);
  };
}

/**
 * A JSON response for /api/* that already carries what securityHeaders and
 * apiCors add (not frameable, no nonce; Access-Control-Allow-Origin for a listed
 * Origin, Vary: Origin) as one plain object built once per origin, so the hot
 * path of a cached /api/ask builds no Headers object per request (which on Node
 * costs more than the rest of the answer).
 */
/** Cache-Control of every response that echoes a question (answers, results, suggestions). */
export const QUESTION_CACHE_CONTROL = 'private, no-store';

/** Marks the responses of routes that carry a visitor's question as not to be stored anywhere. */
export const questionResponsesNotStored: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', QUESTION_CACHE_CONTROL);
};

export function apiJsonResponder(allowedOrigins: string[]): (body: Uint8Array<ArrayBuffer> | string, origin: string | undefined) => Response {
  const base: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of safeHeaders(allowedOrigins, { frameable: false })) base[name.toLowerCase()] = value;
  base.vary = 'Origin';
  // A question may be personal: neither the browser nor a proxy keeps the answer to it.
  base['cache-control'] = QUESTION_CACHE_CONTROL;
  const plain = Object.freeze(base);
  const byOrigin = new Map(allowedOrigins.map((o) => [o, Object.freeze({ ...base, 'access-control-allow-origin': o })]));
  return (body, origin) => {
    const res: Response & { [COMPLETE]?: true } = new Response(body, { headers: (origin && byOrigin.get(origin)) || plain });
    res[COMPLETE] = true;
    return res;
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
    if (isComplete(c.res)) return;
    if (allowed.has(origin)) setOnResponse(c, 'Access-Control-Allow-Origin', origin);
    setOnResponse(c, 'Vary', 'Origin', true);
  };
}
