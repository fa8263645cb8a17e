// npm run kb:d1 -- (--local | --remote) [--persist-to dir] [--dir dist/worker/kb-d1] — loads the knowledge base's
// D1 tables, written by `npm run build:worker -- --d1` as numbered SQL files, into the KB D1 database of
// wrangler.toml's [env.d1] (policy-qa-kb), one `wrangler d1 execute --file` per file, in order: the schema first
// (it replaces the tables), the kb_meta row the Worker checks against its head last. docs/deployment.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine, usageError } from '../src/adapters/node/command-line.js';

const USAGE = 'npm run kb:d1 -- (--local | --remote) [--persist-to dir] [--dir dist/worker/kb-d1]';
const { values } = parseCommandLine(USAGE, {
  options: { local: { type: 'boolean' }, remote: { type: 'boolean' }, 'persist-to': { type: 'string' }, dir: { type: 'string' } },
});
if (Boolean(values.local) === Boolean(values.remote)) usageError(USAGE);
const dir = values.dir ?? join(process.env.WORKER_OUT_DIR || 'dist/worker', 'kb-d1');
if (!existsSync(dir)) {
  console.error(`kb:d1: no ${dir}; run npm run build:worker -- --d1 first`);
  process.exit(1);
}
const files = readdirSync(dir)
  .filter((f) => /^\d+\.sql$/.test(f))
  .sort();
const where = values.local ? ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])] : ['--remote'];
const started = performance.now();
for (const file of files) {
  const t0 = performance.now();
  execFileSync('node_modules/.bin/wrangler', ['d1', 'execute', 'policy-qa-kb', '--env', 'd1', ...where, '--yes', '--file', join(dir, file)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CI: 'true' },
  });
  console.error(`kb:d1: ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.error(`kb:d1: ${files.length} files into policy-qa-kb (${values.local ? 'local' : 'remote'}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
