// Structured logs: one JSON line per request — time, method, route (the matched
// pattern such as /doc/:id, never the query string, so no question text), status,
// latency and, for questions, whether they were answered. Never an IP address or
// any other visitor identifier. Lines go to an injected writer (stdout on Node)
// and are filtered by LOG_LEVEL: 5xx at error, 4xx refusals (429, 413) at warn,
// everything else at info.
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Settings } from '../../settings.js';

export type LogLevel = Settings['LOG_LEVEL'];
type Level = Exclude<LogLevel, 'silent'>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  enabled(level: Level): boolean;
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
}

/** A JSON-lines logger at `level`, writing whole lines to `write`. */
export function jsonLogger(level: LogLevel, write: (line: string) => void): Logger {
  return {
    enabled: (l) => RANK[l] >= RANK[level],
    log(l, msg, fields = {}) {
      if (RANK[l] < RANK[level]) return;
      try {
        write(JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields }) + '\n');
      } catch {
        // A broken log stream must not break the request that was being logged.
      }
    },
  };
}

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
    const level: Level = status >= 500 ? 'error' : status === 429 || status === 413 ? 'warn' : 'info';
    if (!logger.enabled(level)) return;
    const ms = Math.round((performance.now() - started) * 100) / 100;
    const a = answered(c);
    logger.log(level, 'request', { method: c.req.method, route: routeOf(c), status, ms, ...(a === undefined ? {} : { answered: a }) });
  };
}
