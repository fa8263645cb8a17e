// A time limit per request: a response not ready within REQUEST_TIMEOUT_MS
// becomes 503 (timeout). It covers everything a request waits for — a slowly
// sent body, the question log, the knowledge base loading. It cannot cut short
// synchronous work (ranking runs to completion on the event loop); that is kept
// short by MAX_QUERY_CHARS and the bounded candidate lists, and the fuzz test
// holds every request to a time bound.
import type { MiddlewareHandler } from 'hono';
import { RequestRefused } from './errors.js';

export function requestTimeout(ms: number): MiddlewareHandler {
  return async (_c, next) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RequestRefused(503, `timeout: no response within ${ms} ms; try again`, 1)), ms);
    });
    const work = next();
    // Once the limit has answered, a late failure of the abandoned work must not surface as an unhandled rejection.
    work.catch(() => undefined);
    try {
      await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
