// Shared test fixture: ingests the bundled report into a temp knowledge-base file and serves it through the real app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { runIngest, type IngestReport } from '../../src/adapters/node/ingest.js';
import { loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
export const REPORT_FILE = fileURLToPath(
  new URL('../../corpus/yangjiang-2021-law-based-government-report.txt', import.meta.url),
);
/** The document id runIngest gives the bundled report (its file stem). */
export const REPORT_ID = 'yangjiang-2021-law-based-government-report';

export interface CorpusApp {
  dir: string;
  kbPath: string;
  report: IngestReport;
  service: QaService;
  app: Hono;
  cleanup: () => void;
}

/** One ingest of the bundled corpus into a fresh temp dir, loaded and wrapped in createApp. */
export async function setupCorpusApp(): Promise<CorpusApp> {
  const dir = mkdtempSync(join(tmpdir(), 'policy-qa-test-'));
  const kbPath = join(dir, 'kb.sqlite');
  const report = await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
  const service = loadService(kbPath, DEFAULT_SETTINGS);
  const app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
  return { dir, kbPath, report, service, app, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
