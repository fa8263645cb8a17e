// Cloudflare Workers entry: the same Hono app as on Node (createApp), over the
// knowledge base that `npm run build:worker` bundled (kb.bin, imported as a data
// module), jieba-wasm for questions and the question log in D1. Static files
// (/static/*, /embed.js) are served by Workers static assets before this code
// runs. Only wiring lives here.
import type { ExecutionContext, Hono } from 'hono';
import { createApp } from './app/create-app.js';
import type { QaService } from './service.js';
import { parseSettings, type Settings } from './settings.js';
import { loadWorkerService } from './adapters/workers/load.js';
import { D1QueryLog, type D1Like } from './adapters/workers/query-log.js';
import kbBundle from '../dist/worker/kb.bin';
import jiebaWasm from '../dist/worker/jieba_rs_wasm_bg.wasm';

export interface Env {
  /** D1 database for the question log and feedback (schema: migrations/); without it nothing is logged. */
  DB?: D1Like;
  /** Settings from [vars] (src/settings.ts); other bindings are ignored by the parser. */
  [name: string]: unknown;
}

let app: Hono | undefined;
let queryLog: D1QueryLog | undefined;
let service: QaService | undefined;

/** Settings from the Worker's plain-text variables: the one settings table, as on Node's environment. */
function settingsFrom(env: Env): Settings {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars[name] = String(value);
  }
  return parseSettings(vars);
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (!app) {
      const settings = settingsFrom(env);
      queryLog = env.DB && settings.LOG_PATH !== 'off' ? new D1QueryLog(env.DB, { popularMinCount: settings.POPULAR_MIN_COUNT }) : undefined;
      // The knowledge base and jieba's dictionary load on the first request that needs them
      // (about 0.2 s): the startup phase has a tighter CPU limit than a request.
      app = createApp({
        service: () => (service ??= loadWorkerService(kbBundle, jiebaWasm, settings)),
        settings,
        queryLog,
        // Cloudflare's own word for the visitor's address: tells clients apart for 热门问题 (a daily-salted hash,
        // never stored as such), the staff login throttle and the rate limit — each held per isolate, in memory.
        clientKey: (c) => c.req.header('CF-Connecting-IP') ?? undefined,
      });
    }
    const response = await app.fetch(request, env, ctx);
    // Question-log writes finish after the response has gone.
    if (queryLog) ctx.waitUntil(queryLog.settled());
    return response;
  },
};
