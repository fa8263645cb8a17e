// The guard of a JSON POST that anyone's page could otherwise send (POST
// /api/feedback): the body must be declared application/json and the request
// must come from this site or an origin in ALLOWED_ORIGINS.
// Why both: a browser sends a cross-site POST of text/plain (or a form type)
// without asking first, so CORS, which only hides the answer, would not stop a
// foreign page from voting on its visitors' behalf (issue #16). application/json
// makes a browser ask first (a preflight, answered only for listed origins), and
// the Origin check refuses what is sent anyway. "This site" is the public origin
// (PUBLIC_URL, or the trusted proxy's forwarded host; src/app/public-origin.ts).
// A request without Origin is not from a browser's cross-site POST (browsers
// send Origin on every POST): curl and server-side integrations send none and
// are accepted, unless a Sec-Fetch-Site header says the request is cross-site
// after all. Refusals are JSON errors: 403, or 415 for another content type.
import type { MiddlewareHandler } from 'hono';
import type { Settings } from '../../settings.js';
import { publicOrigin } from '../public-origin.js';

type JsonPostSettings = Pick<Settings, 'ALLOWED_ORIGINS' | 'PUBLIC_URL' | 'TRUSTED_PROXY'>;

/** application/json, with or without parameters (charset=utf-8). */
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** Refuses, with `{ "error": "<prefix>: …" }`, a POST from another site (403) or one whose body is not declared JSON (415). */
export function jsonPostFromAllowedOrigins(settings: JsonPostSettings, prefix: string): MiddlewareHandler {
  const listed = new Set(settings.ALLOWED_ORIGINS);
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const fetchSite = c.req.header('Sec-Fetch-Site');
    const allowed =
      origin !== undefined
        ? listed.has(origin) || origin === publicOrigin(c, settings)
        : fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
    if (!allowed) return c.json({ error: `${prefix}: only this site's pages and the origins in ALLOWED_ORIGINS may send this` }, 403);
    if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) {
      return c.json({ error: `${prefix}: send the body as JSON, with Content-Type: application/json` }, 415);
    }
    await next();
  };
}
