// POST /admin/reload: swap to the knowledge-base file now at KB_PATH without a
// restart (the runtime supplies `reload`; on Node it is the same as SIGHUP).
// Bearer ADMIN_TOKEN only — no session cookie, so no form on another site can
// trigger it — and absent (404) when ADMIN_TOKEN is empty, like /admin itself.
// Wrong tokens count into the same per-client back-off as /admin's (429 with Retry-After).
import type { Context, Hono } from 'hono';
import { bearerToken, tokenMatches } from '../admin-auth.js';
import { adminThrottleOf, judgeToken, throttleKey } from '../middleware/login-throttle.js';
import type { Settings } from '../../settings.js';

export interface ReloadResult {
  passages: number;
  builtAt: string;
  /** How long loading and warming the new knowledge base took. */
  ms: number;
}

export function registerReloadRoute(
  app: Hono,
  settings: Pick<Settings, 'ADMIN_TOKEN'>,
  reload: () => Promise<ReloadResult>,
  clientKey?: (c: Context) => string | undefined,
): void {
  const throttle = adminThrottleOf(app);
  app.post('/admin/reload', async (c) => {
    if (!settings.ADMIN_TOKEN || c.req.query('embed') === '1') return c.notFound();
    c.header('Cache-Control', 'no-store');
    const presented = bearerToken(c.req.header('Authorization'));
    // No header at all is not a guess; a wrong token is, and is counted (a right one always gets in).
    const verdict = presented === null ? null : judgeToken(throttle, throttleKey(c, clientKey), await tokenMatches(presented, settings.ADMIN_TOKEN));
    if (!verdict?.ok) {
      c.header('WWW-Authenticate', 'Bearer realm="policy-qa admin"');
      if (verdict?.status === 429) {
        c.header('Retry-After', String(verdict.retryAfter));
        return c.json({ error: `too many requests: too many wrong tokens from this client; try again in ${verdict.retryAfter} s` }, 429);
      }
      return c.json({ error: 'unauthorized: send Authorization: Bearer <ADMIN_TOKEN>' }, 401);
    }
    try {
      return c.json({ status: 'reloaded', ...(await reload()) });
    } catch (err) {
      // The previous knowledge base keeps serving; say why the new one was refused.
      return c.json({ error: `reload: ${(err as Error).message}; still serving the previous knowledge base` }, 500);
    }
  });
}
