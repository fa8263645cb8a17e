// Starts the Worker locally on workerd the way `npx wrangler dev` does
// (wrangler.toml, its build command, static assets, a local D1 with the
// migrations applied), serving a given knowledge-base file; no Cloudflare account
// or network needed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { REPO_ROOT } from '../helpers/corpus-app.js';

export interface LocalWorker {
  url: URL;
  /** Fetches a path from the Worker over HTTP. */
  get(path: string, init?: RequestInit): Promise<Response>;
  /** Where local D1 and other state live. */
  persistDir: string;
  /** Milliseconds from the start call until wrangler reported the Worker ready (includes the build command). */
  startMs: number;
  dispose(): Promise<void>;
}

const WRANGLER = join(REPO_ROOT, 'node_modules', '.bin', 'wrangler');

// Offline and quiet: no Request.cf download, no metrics.
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_SEND_METRICS = 'false';

const BUILD_LOCK = join(REPO_ROOT, 'dist', '.worker-build-lock');

/**
 * Runs `work` holding a lock across test processes: every local Worker is built into the one dist/worker/ that
 * src/worker.ts imports kb.bin from, so two test files starting Workers at once (the bundled and the D1 mode)
 * take turns from build to bundle. A lock left by a killed run is taken over after 5 minutes.
 */
export async function withWorkerBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(BUILD_LOCK).mtimeMs > 300_000) rmSync(BUILD_LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/**
 * `vars` are plain-text variables as in wrangler.toml's [vars]. By default RATE_LIMIT is off: the tests compare
 * hundreds of answers with Node's from one address, which the per-isolate limit would otherwise cut short.
 */
export async function startLocalWorker(kbPath: string, vars: Record<string, string> = { RATE_LIMIT: '0' }): Promise<LocalWorker> {
  const persistDir = mkdtempSync(join(tmpdir(), 'policy-qa-worker-'));
  // The D1 schema, applied the documented way (npm run db:migrate:local does the same without --persist-to).
  execFileSync(WRANGLER, ['d1', 'migrations', 'apply', 'policy-qa', '--local', '--persist-to', persistDir], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
    env: { ...process.env, CI: 'true' },
  });
  // wrangler.toml's build command (npm run build:worker) exports KB_PATH for the Worker.
  process.env.KB_PATH = kbPath;
  const started = performance.now();
  const worker = await withWorkerBuildLock(async () => {
    const w = await unstable_startWorker({
      config: join(REPO_ROOT, 'wrangler.toml'),
      bindings: Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: 'plain_text' as const, value }])),
      dev: {
        server: { hostname: '127.0.0.1', port: 0 },
        inspector: false,
        persist: persistDir,
        watch: false,
        logLevel: 'warn',
      },
    });
    await w.ready;
    return w;
  });
  const startMs = performance.now() - started;
  const url = await worker.url;
  return {
    url,
    persistDir,
    startMs,
    get: (path, init) => fetch(new URL(path, url), { redirect: 'manual', ...init }),
    dispose: async () => {
      await worker.dispose();
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
