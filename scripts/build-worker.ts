// npm run build:worker — everything the Worker loads besides its code, in
// dist/worker/ (wrangler runs this as its build command for dev and deploy):
//   kb.bin                   the knowledge base at KB_PATH (built from CORPUS_DIR if missing)
//   jieba_rs_wasm_bg.wasm    jieba-wasm's web build, imported as a WebAssembly module
//   assets/                  htmx, public/* and /embed.js with their headers (_headers), served by Workers static assets
// WORKER_OUT_DIR overrides the folder.
// With --d1 (wrangler.toml's [env.d1] runs it so), kb.bin is only the knowledge base's small head and the rest
// is written as SQL for the KB D1 database to kb-d1/*.sql (load it with npm run kb:d1; docs/deployment.md).
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runIngest } from '../src/adapters/node/ingest.js';
import { KnowledgeBaseVersionError, readKnowledgeBaseBuild } from '../src/adapters/node/kb-file.js';
import { deserializeBundle, serializeBundle } from '../src/adapters/workers/kb-bundle.js';
import type { KnowledgeBaseBuild } from '../src/model/store.js';
import { parseSettings } from '../src/settings.js';
import { KnowledgeBaseFormatError } from '../src/errors.js';
import { contentSecurityPolicy } from '../src/app/security-headers.js';
import { parseCommandLine } from '../src/adapters/node/command-line.js';
import { d1Files, d1Head } from '../src/adapters/workers/d1-export.js';

const require = createRequire(import.meta.url);
const started = performance.now();
const settings = parseSettings(process.env);
const out = process.env.WORKER_OUT_DIR || 'dist/worker';
const log = (line: string) => console.error(`build:worker: ${line}`);
const d1 = Boolean(parseCommandLine('npm run build:worker [-- --d1]', { options: { d1: { type: 'boolean' } } }).values.d1);

// A file built here (or by npm start) from CORPUS_DIR is marked so; only such a file is rebuilt when this version
// cannot read it. Any other (an operator's all-statutes build, say) is refused with what to run instead.
const builtBy = { command: 'start' as const, corpusDir: resolve(settings.CORPUS_DIR) };

async function ingest(reason: string) {
  log(`${reason}; building it from ${settings.CORPUS_DIR}/ …`);
  const report = await runIngest({ inputs: [settings.CORPUS_DIR], kbPath: settings.KB_PATH, full: true, builtBy, limits: settings });
  for (const s of report.skipped) log(`  skipped ${s.path}: ${s.error}`);
}

if (!existsSync(settings.KB_PATH)) await ingest(`no knowledge base at ${settings.KB_PATH}`);
let build: KnowledgeBaseBuild;
try {
  build = readKnowledgeBaseBuild(settings.KB_PATH);
} catch (err) {
  if (!(err instanceof KnowledgeBaseFormatError)) throw err;
  const ours = err instanceof KnowledgeBaseVersionError && err.meta.builtBy?.command === 'start' && resolve(err.meta.builtBy.corpusDir) === builtBy.corpusDir;
  if (!ours) {
    log(`${err.message}; it was not built from ${settings.CORPUS_DIR}/ by start-up, so it is left as it is: re-run npm run ingest for it`);
    process.exit(1);
  }
  await ingest(err.message);
  build = readKnowledgeBaseBuild(settings.KB_PATH);
}

const bundle = d1 ? serializeBundle(d1Head(build)) : serializeBundle(build);
// The Worker must read back what was written: check before replacing the old bundle.
if (d1) {
  const back = deserializeBundle<ReturnType<typeof d1Head>>(bundle);
  if (back.passageDoc.length !== build.passageDoc.length || back.terms.length < build.index.postings.size) {
    throw new Error('build:worker: the knowledge-base head does not read back');
  }
} else {
  const back = deserializeBundle<KnowledgeBaseBuild>(bundle);
  if (back.passages.length !== build.passages.length || back.index.postings.size !== build.index.postings.size) {
    throw new Error('build:worker: the knowledge-base bundle does not read back');
  }
}

/** Writes a file only through a rename, so a running `wrangler dev` never bundles half of one. */
function writeAtomic(path: string, data: Uint8Array | string) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function copyAtomic(from: string, to: string) {
  mkdirSync(dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

writeAtomic(join(out, 'kb.bin'), bundle);
let sqlBytes = 0;
let sqlFiles = 0;
// SQL of an earlier D1 build would not match this kb.bin.
if (!d1) rmSync(join(out, 'kb-d1'), { recursive: true, force: true });
if (d1) {
  // The rest of the knowledge base as SQL files for `wrangler d1 execute --file` (npm run kb:d1 runs them in order).
  const dir = join(out, 'kb-d1');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const sql of d1Files(build)) {
    writeFileSync(join(dir, `${String(sqlFiles++).padStart(3, '0')}.sql`), sql);
    sqlBytes += Buffer.byteLength(sql);
  }
}
copyAtomic(require.resolve('jieba-wasm/web').replace(/\.js$/, '_bg.wasm'), join(out, 'jieba_rs_wasm_bg.wasm'));

// Static assets: the files the Node server's static handler serves (src/adapters/node/static.ts),
// with the same headers, from Workers static assets (no Worker invocation).
const assets = join(out, 'assets');
rmSync(assets, { recursive: true, force: true });
const files = new Map<string, string>([['/static/htmx.min.js', require.resolve('htmx.org/dist/htmx.min.js')]]);
for (const name of readdirSync('public').sort()) {
  if (statSync(join('public', name)).isFile()) files.set(`/static/${name}`, join('public', name));
}
// The one-line embed, at the site root where portals expect it.
if (files.has('/static/embed.js')) files.set('/embed.js', files.get('/static/embed.js')!);
const headers: string[] = [];
for (const [path, file] of files) {
  copyAtomic(file, join(assets, path));
  const embedScript = path.endsWith('/embed.js');
  headers.push(
    path,
    // Portals link /embed.js by a fixed URL: keep their copy fresh.
    `  Cache-Control: ${embedScript ? 'public, max-age=300' : 'public, max-age=3600'}`,
    ...(embedScript ? ['  Cross-Origin-Resource-Policy: cross-origin'] : []),
    // What the app's securityHeaders middleware puts on every Node response (static files are never framed).
    `  Content-Security-Policy: ${contentSecurityPolicy([], { frameable: false })}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    '  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()',
    '  X-Frame-Options: DENY',
  );
}
writeAtomic(join(assets, '_headers'), headers.join('\n') + '\n');

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
log(
  `${build.meta.documentCount} documents, ${build.meta.passageCount} passages, ${build.index.postings.size} terms from ${settings.KB_PATH} → ` +
    `${join(out, 'kb.bin')}${d1 ? ' (D1 head)' : ''} ${kib(bundle.byteLength)} (gzip ${kib(gzipSync(bundle).byteLength)})` +
    `${d1 ? `, ${sqlFiles} SQL files (${kib(sqlBytes)}) in ${join(out, 'kb-d1')}/` : ''} in ${(performance.now() - started).toFixed(0)} ms`,
);
