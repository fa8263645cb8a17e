// The install set-up keeps npx from installing anything unasked (issue #16,
// finding 17): the project's .npmrc answers npx's "install missing packages?"
// with no, and nodejieba's install script (`npx @mapbox/node-pre-gyp install`)
// still works because the lock file nests nodejieba's own node-pre-gyp where
// that npx looks: node_modules/nodejieba/node_modules (see .npmrc).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NESTED_PRE_GYP = 'node_modules/nodejieba/node_modules/@mapbox/node-pre-gyp';

// Empty user and global npm configs, so that only the project's .npmrc speaks
// (this machine's global config says yes=false on its own; a newcomer's does not).
const scratch = mkdtempSync(join(tmpdir(), 'policy-qa-npmrc-'));
const emptyUserConfig = join(scratch, 'user-npmrc');
const emptyGlobalConfig = join(scratch, 'global-npmrc'); // npm refuses one file for both
writeFileSync(emptyUserConfig, '');
writeFileSync(emptyGlobalConfig, '');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const onlyProjectConfig: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_userconfig: emptyUserConfig,
  npm_config_globalconfig: emptyGlobalConfig,
};
delete onlyProjectConfig.npm_config_yes; // `npm test` exports the project's value; read it from .npmrc instead

describe('npx in this project', () => {
  it('never installs a missing package without an explicit --yes', () => {
    const yes = execFileSync('npm', ['config', 'get', 'yes'], { cwd: ROOT, env: onlyProjectConfig, encoding: 'utf8' });
    expect(yes.trim()).toBe('false');
  });

  it("finds nodejieba's node-pre-gyp in the lock file where nodejieba's install script looks", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    expect(lock.packages[NESTED_PRE_GYP]?.version, `${NESTED_PRE_GYP} in package-lock.json`).toMatch(/^1\./);
  });

  it("runs nodejieba's install-script npx from the installed tree with no download", () => {
    // Exactly what nodejieba's install script does, from its folder, with npx
    // told to install nothing: it must find the locked copy and run it.
    const run = spawnSync('npx', ['@mapbox/node-pre-gyp', '--version'], {
      cwd: join(ROOT, 'node_modules/nodejieba'),
      env: { ...onlyProjectConfig, npm_config_yes: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).not.toContain('canceled');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^v1\./);
  });
});
