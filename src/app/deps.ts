// What an entry gives createApp: the service, settings and optional runtime
// pieces (static files, question log, client key, log line writer, reload).
// Apart from createApp so the route modules can name them without a cycle.
import type { Context, MiddlewareHandler } from 'hono';
import type { QueryLog } from '../staff/query-log.js';
import type { QaService } from '../service.js';
import type { Settings } from '../settings.js';
import type { ReloadResult } from './routes/reload.js';

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
  /** Where the one-JSON-line-per-request log goes (stdout on Node); without it requests are not logged. */
  log?: (line: string) => void;
  /** Swaps to the knowledge-base file now at KB_PATH (POST /admin/reload); without it the route does not exist. */
  reload?: () => Promise<ReloadResult>;
}
