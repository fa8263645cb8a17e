// A time limit per request: a response not ready within REQUEST_TIMEOUT_MS
// becomes 503 (timeout). It covers everything a request waits for — a slowly
// sent body, the question log, the knowledge base loading. It cannot cut short
// synchronous work (ranking runs to completion on the event loop); that is kept
// short by MAX_QUERY_CHARS and the bounded candidate lists, and the fuzz test
// holds every request to a time bound.
import type { MiddlewareHandler } from 'hono';
import { RequestRefused } from './errors.js';

export function requestTimeout(ms: number): MiddlewareHandler {
  const message = `timeout: no response within ${ms} ms; try again`;
  // One promise and one timer per request: whichever settles it first wins; a late result or failure of the
  // abandoned work finds it settled and is dropped (never an unhandled rejection).
  return (_c, next) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RequestRefused(503, message, 1)), ms);
      next().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
}
