// On Node 20 an AsyncLocalStorage turns promise hooks on for the whole process,
// and hono/jsx creates one at its first render: every request then pays ~15 %.
// The Node entry renders first without it (src/adapters/node/jsx-async-context.ts).
// Checked in child processes rendering real pages of the bundled report, since
// the test runner's own workers may have promise hooks on.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
beforeAll(async () => {
  ctx = await setupCorpusApp();
}, 60_000);
afterAll(() => ctx?.cleanup());

function probe(...flags: string[]): { pages: { path: string; status: number; html: boolean }[]; promiseHooks: boolean } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'tests/helpers/promise-hooks-probe.ts', '--kb', ctx.kbPath, ...flags], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('hono/jsx on Node without AsyncLocalStorage', () => {
  it('leaves promise hooks off after rendering the home page, an answer and a 404, where hono/jsx alone turns them on', () => {
    const fixed = probe('--without-async-context');
    expect(fixed.pages.map((p) => [p.path.split('?')[0], p.status, p.html])).toEqual([
      ['/', 200, true],
      ['/ask', 200, true],
      ['/no-such-page', 404, true],
    ]);
    expect(fixed.promiseHooks).toBe(false);
    // Without it the same renders turn them on: if a hono upgrade stops creating an AsyncLocalStorage, this
    // fails, and jsx-async-context.ts can go.
    expect(probe().promiseHooks).toBe(true);
  }, 120_000);
});
