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
import type { D1StoreStats, KbD1Like } from './adapters/workers/d1-store.js';
import kbBundle from '../dist/worker/kb.bin';
import jiebaWasm from '../dist/worker/jieba_rs_wasm_bg.wasm';

export interface Env {
  /** D1 database for the question log and feedback (schema: migrations/); without it nothing is logged. */
  DB?: D1Like;
  /** D1 database holding the knowledge base when kb.bin is a D1 head (`wrangler dev --env d1`, docs/deployment.md). */
  KB?: KbD1Like;
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
        service: () => (service ??= loadWorkerService(kbBundle, jiebaWasm, settings, env.KB)),
        settings,
        queryLog,
        // Cloudflare's own word for the visitor's address: tells clients apart for 热门问题 (a daily-salted hash,
        // never stored as such), the staff login throttle and the rate limit — each held per isolate, in memory.
        clientKey: (c) => c.req.header('CF-Connecting-IP') ?? undefined,
      });
    }
    const stats = (service?.kb.store as { stats?: D1StoreStats } | undefined)?.stats;
    const before = stats && { fills: stats.fills, waitMs: stats.waitMs };
    let response = await app.fetch(request, env, ctx);
    // Question-log writes finish after the response has gone.
    if (queryLog) ctx.waitUntil(queryLog.settled());
    // D1 mode: how many D1 round trips this request took and how long it waited for them (bench:worker:d1 reads it).
    const after = (service?.kb.store as { stats?: D1StoreStats } | undefined)?.stats;
    if (after) {
      response = new Response(response.body, response);
      response.headers.set('Server-Timing', `d1;desc="rounds ${after.fills - (before?.fills ?? 0)}";dur=${after.waitMs - (before?.waitMs ?? 0)}`);
    }
    return response;
  },
};
