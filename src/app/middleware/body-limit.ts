// Request body size limit (MAX_BODY_BYTES) for every method that carries a body,
// on top of hono/body-limit: a declared Content-Length over the limit is refused
// at once, a body without one is counted as it arrives and refused the moment it
// passes the limit — never buffered whole. GET and HEAD skip it without touching
// the body at all (which on Node would build a full Request object for nothing).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RequestRefused } from './errors.js';

export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new RequestRefused(413, `body: larger than ${maxBytes} bytes`);
    },
  });
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}
