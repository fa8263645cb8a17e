// Node entry: parse settings from the environment, build the knowledge base on
// first run, load it and serve the app. Only wiring lives here.
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { createApp } from './app.js';
import { parseSettings } from './core/settings.js';
import { KnowledgeBaseFormatError } from './core/store.js';
import { runIngest } from './adapters/node/ingest.js';
import { loadService } from './adapters/node/load.js';
import { nodeStaticAssets } from './adapters/node/static.js';

const started = performance.now();
const settings = parseSettings(process.env);

async function build(reason: string) {
  console.log(`policy-qa: ${reason}; building it from ${settings.CORPUS_DIR}/ …`);
  const report = await runIngest({ inputs: [settings.CORPUS_DIR], kbPath: settings.KB_PATH, full: true });
  for (const s of report.skipped) console.warn(`  skipped ${s.path}: ${s.error}`);
  console.log(`policy-qa: ingested ${report.documents} documents, ${report.passages} passages in ${report.seconds.toFixed(1)} s`);
}

if (!existsSync(settings.KB_PATH)) await build(`no knowledge base at ${settings.KB_PATH}`);
let service;
try {
  service = loadService(settings.KB_PATH, settings);
} catch (err) {
  if (!(err instanceof KnowledgeBaseFormatError)) throw err;
  // A file from another version of policy-qa: rebuild rather than refuse to start.
  await build(err.message);
  service = loadService(settings.KB_PATH, settings);
}
// Warm the segmenter so the first question does not pay for loading jieba's dictionary.
service.ask('法治政府建设');
const loaded = service;
const app = createApp({ service: () => loaded, settings, staticAssets: nodeStaticAssets() });

const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, (info) => {
  const ms = performance.now() - started;
  console.log(
    `policy-qa: serving ${loaded.kb.passageCount} passages from ${settings.KB_PATH} at http://localhost:${info.port} (ready in ${ms.toFixed(0)} ms)`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
