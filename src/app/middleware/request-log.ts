// Structured logs: one JSON line per request — time, method, route (the matched
// pattern such as /doc/:id, never the query string, so no question text), status,
// latency and, for questions, whether they were answered. Never an IP address or
// any other visitor identifier. Lines go to the injected Logger (pino to stdout
// on Node), which LOG_LEVEL filters: 5xx at error, 4xx refusals (429, 413) at
// warn, everything else at info.
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { LogLevel, Logger } from '../deps.js';

/** The pattern of the handler that answered (/api/ask, /doc/:id); a middleware's pattern (*) when none matched. */
function routeOf(c: Context): string {
  try {
    // After next(), routeIndex is the deepest handler the request reached: the one that answered.
    return routePath(c) || '*';
  } catch {
    return '*';
  }
}

/** Logs each request after it is answered; `answered` reads what the handler decided (undefined when not a question). */
export function requestLog(logger: Logger, answered: (c: Context) => boolean | undefined): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const level: LogLevel = status >= 500 ? 'error' : status === 429 || status === 413 ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const ms = Math.round((performance.now() - started) * 100) / 100;
    const a = answered(c);
    try {
      logger[level]({ method: c.req.method, route: routeOf(c), status, ms, ...(a === undefined ? {} : { answered: a }) }, 'request');
    } catch {
      // A broken log stream must not break the request that was being logged.
    }
  };
}
