// npm run check:worker — `wrangler deploy --dry-run --outdir dist/worker-dry`, then this
// (tsx scripts/worker-size.ts [folder], default dist/worker-dry):
// the size of what `wrangler deploy` would upload (the Worker script and its
// modules: jieba-wasm, the knowledge base), raw and gzip'd the way wrangler and
// Cloudflare measure it. Exits 1 over WORKER_SIZE_LIMIT_KIB (default 10240: the
// Workers Paid plan's 10 MiB, the plan this app needs — the free plan's 10 ms of
// CPU per request cannot load jieba's dictionary); the free plan's 3 MiB is
// reported alongside.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseCommandLine } from '../src/adapters/node/command-line.js';

const dir = parseCommandLine('tsx scripts/worker-size.ts [folder]', { allowPositionals: true }).positionals[0] ?? 'dist/worker-dry';
const limitKiB = Number(process.env.WORKER_SIZE_LIMIT_KIB || 10240);
const FREE_PLAN = 3 * 1024 * 1024;
const files = readdirSync(dir)
  .filter((f) => !f.endsWith('.map') && f !== 'README.md' && statSync(join(dir, f)).isFile())
  .sort();
if (!files.some((f) => f.endsWith('.js'))) {
  console.error(`worker size: no Worker script in ${dir}; run wrangler deploy --dry-run --outdir ${dir} first`);
  process.exit(2);
}
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const contents = files.map((f) => readFileSync(join(dir, f)));
for (const [i, f] of files.entries()) {
  console.log(`  ${f.replace(/^[0-9a-f]{40}-/, '').padEnd(28)} ${kib(contents[i].byteLength).padStart(12)}  gzip ${kib(gzipSync(contents[i]).byteLength).padStart(10)}`);
}
// As wrangler's "Total Upload": all modules gzip'd together.
const raw = contents.reduce((n, c) => n + c.byteLength, 0);
const gzip = gzipSync(Buffer.concat(contents)).byteLength;
const share = ((100 * gzip) / (limitKiB * 1024)).toFixed(1);
const free = gzip <= FREE_PLAN ? `fits the free plan's 3 MiB with ${kib(FREE_PLAN - gzip)} to spare` : `over the free plan's 3 MiB by ${kib(gzip - FREE_PLAN)}`;
console.log(`worker size: ${kib(raw)} raw, ${kib(gzip)} gzip — ${share}% of the ${kib(limitKiB * 1024)} limit; ${free}`);
if (gzip > limitKiB * 1024) {
  console.error(`worker size: over the Workers limit of ${kib(limitKiB * 1024)} (gzip)`);
  process.exit(1);
}
