// hono/jsx without an AsyncLocalStorage on Node. hono/jsx keeps JSX context
// (createContext/useContext) across `await` in async components with an
// AsyncLocalStorage it creates at the first render; on Node 20 a live
// AsyncLocalStorage turns promise hooks on for the whole process, and every
// request then pays for them: cached /api/ask ran 12–16 % slower once any HTML
// page had been rendered (44,100 → 37,000–39,000 req/s; async_hooks' promise
// hooks in the profile). The views use no JSX context and no async components,
// so the first render is made here while hono/jsx's one-time probe for
// AsyncLocalStorage (process.getBuiltinModule) finds none: it then keeps each
// render's store for the synchronous render alone, which is all the views need.
// tests/jsx-async-context.test.ts fails if a hono upgrade changes this.
import { jsx } from 'hono/jsx';

/** Makes hono/jsx's first render without AsyncLocalStorage; call once, before anything renders. */
export function renderJsxWithoutAsyncContext(): void {
  const host = process as { getBuiltinModule?: unknown };
  const probe = host.getBuiltinModule;
  host.getBuiltinModule = undefined;
  try {
    String(jsx('span', {}, ''));
  } finally {
    host.getBuiltinModule = probe;
  }
}
