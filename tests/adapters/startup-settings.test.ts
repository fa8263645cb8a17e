// A setting that does not parse stops the Node server with one clear line on
// stderr and exit code 1 — no stack trace for the operator (issue #16, finding 15).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus-app.js';

describe('start-up with a bad setting', () => {
  it.each([
    ['ADMIN_TOKEN', 'short', /^settings: ADMIN_TOKEN must be at least 16 characters/],
    ['PORT', 'eighty', /^settings: PORT must be an integer/],
  ])('%s=%s: one line, exit 1', (name, value, message) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, [name]: value, LOG_PATH: 'off' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at |node_modules/);
  }, 90_000);
});
