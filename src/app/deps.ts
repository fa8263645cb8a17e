// What an entry gives createApp: the service, settings and optional runtime
// pieces (static files, question log, client key, logger, reload).
// Apart from createApp so the route modules can name them without a cycle.
import type { Context, MiddlewareHandler } from 'hono';
import type { QueryLog } from '../staff/query-log.js';
import type { QaService } from '../service.js';
import type { Settings } from '../settings.js';
import type { ReloadResult } from './routes/reload.js';
import type { LibraryManager } from '../staff/library-audit.js';
import type { TeachingsStore } from '../staff/teachings.js';

/** Levels a line is logged at (LOG_LEVEL also has silent: nothing). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The little the app needs of a structured logger: one JSON line per call, the fields merged in beside
 * "time", "level" and "msg". A pino logger satisfies it (the Node entry injects one); the app never
 * imports a logging library, so the Worker bundles none.
 */
export interface Logger {
  isLevelEnabled(level: LogLevel): boolean;
  debug(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export interface AppDeps {
  /** The current service, or undefined while the knowledge base is loading. Called per request so a reload can swap it. */
  service: () => QaService | undefined;
  settings: Settings;
  /** Serves /static/* (htmx, CSS, scripts) and /embed.js in a runtime-specific way. */
  staticAssets?: MiddlewareHandler;
  /** The question log behind 热门问题 and 有用/没用; without it nothing is logged and feedback is off. */
  queryLog?: QueryLog;
  /** Who a request comes from, for the rate limit (on Node the connection's address); without it nothing is rate-limited. */
  clientKey?: (c: Context) => string | undefined;
  /**
   * The server log, already filtered by LOG_LEVEL (pino to stdout on Node): one line per request, and what the
   * error handler could not answer. Without it requests are not logged and unexpected errors go to console.error.
   */
  logger?: Logger;
  /** Swaps to the knowledge-base file now at KB_PATH (POST /admin/reload); without it the route does not exist. */
  reload?: () => Promise<ReloadResult>;
  /**
   * Library management at /admin/library (upload, preview, correct, publish, withdraw, audit list): the Node server's
   * (src/adapters/node/library.ts). Absent on Workers, where the page says it needs the Node server.
   */
  library?: LibraryManager;
  /**
   * Staff teachings (/admin/teach, src/staff/teachings.ts): where they are kept, and what to call once staff saved
   * or removed one so that service() includes it from the next request. Without it /admin/teach says teaching is
   * unavailable on this server (Workers, or LOG_PATH=off).
   */
  teachings?: { store: TeachingsStore; changed: () => Promise<void> };
}
