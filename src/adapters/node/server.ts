// The Node server's life cycle: build the knowledge base on first run, load it,
// open the question log (its own file) and serve the app. SIGHUP (or POST
// /admin/reload) swaps in the knowledge-base file now at KB_PATH without a
// restart; SIGTERM/SIGINT stop accepting, let requests in flight finish
// (SHUTDOWN_GRACE_MS at most), close the knowledge base and the log, and exit 0.
// Ingest is loaded only when there is a knowledge base to build: when there is
// none, or the one there is a file start-up built itself (from this CORPUS_DIR)
// that this version cannot read. Any other file is the operator's and is never
// overwritten: damaged, of another version or not a knowledge base at all, it
// stops start-up with one line saying what to do.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from '../../app/create-app.js';
import type { Settings } from '../../settings.js';
import { toTraditional } from '../../i18n/traditional.js';
import type { QaService } from '../../service.js';
import { PolicyQaError } from '../../errors.js';
import { suggestionIndexFor } from '../../search/suggest.js';
import { nodeClientKey } from './client-key.js';
import { KnowledgeBaseDamagedError, KnowledgeBaseVersionError, NotAKnowledgeBaseError, type KnowledgeBaseFile } from './kb-file.js';
import { closeService, loadService } from './load.js';
import { openQueryLog } from './query-log.js';
import { FairTurns } from './fair-turns.js';
import { renderJsxWithoutAsyncContext } from './jsx-async-context.js';
import { nodeLogger } from './logger.js';
import { ServiceHolder } from './service-holder.js';
import { Teachings } from '../../staff/teachings.js';
import { openTeachingsStore } from './teachings-store.js';
import { openSharedLog } from './pg-log.js';
import { nodeStaticAssets } from './static.js';

/** Serves the knowledge base at settings.KB_PATH until SIGTERM/SIGINT; resolves once it listens. */
export async function startNodeServer(settings: Settings): Promise<Server> {
  const started = performance.now();
  // Before anything renders: no process-wide promise hooks for hono/jsx (see jsx-async-context.ts).
  renderJsxWithoutAsyncContext();
  // pino to stdout, written in batches off the event loop (see logger.ts); 'exit' writes the rest synchronously.
  const logger = nodeLogger(settings.LOG_LEVEL);
  process.on('exit', () => logger.flushSync());

  // Marked in the file's meta, so that a later version may rebuild it: it holds nothing but CORPUS_DIR.
  const builtByStart = { command: 'start' as const, corpusDir: resolve(settings.CORPUS_DIR) };
  async function build(reason: string) {
    logger.info({}, `${reason}; building it from ${settings.CORPUS_DIR}/`);
    const { runIngest } = await import('./ingest.js');
    const report = await runIngest({ inputs: [settings.CORPUS_DIR], kbPath: settings.KB_PATH, full: true, builtBy: builtByStart, limits: settings });
    for (const s of report.skipped) logger.warn({ path: s.path, error: s.error }, 'skipped a document');
    logger.info({ documents: report.documents, passages: report.passages, seconds: Number(report.seconds.toFixed(1)) }, 'ingested');
  }

  /** Loads the segmenter, the suggestion index and the 繁體 converter now, so no visitor waits for jieba's dictionary, headings or OpenCC's tables. */
  function warm(service: QaService): QaService {
    service.ask('法治政府建设');
    suggestionIndexFor(service.kb);
    toTraditional('法治');
    return service;
  }

  /** The operator hears once, in the log, when the file being served turns out damaged (requests get 503 from then on). */
  function watch(service: QaService): QaService {
    (service.kb.store as Partial<KnowledgeBaseFile>).onDamage = (reason) =>
      logger.error({ kb: settings.KB_PATH, reason }, 'the knowledge-base file is damaged; answering 503 until it is restored or rebuilt and reloaded');
    return service;
  }

  /** A loaded, warmed and watched service; a file that fails while warming is closed again. */
  function open(): QaService {
    const service = loadService(settings.KB_PATH, settings);
    try {
      return watch(warm(service));
    } catch (err) {
      closeService(service);
      throw err;
    }
  }

  if (!existsSync(settings.KB_PATH)) await build(`no knowledge base at ${settings.KB_PATH}`);
  let service;
  try {
    service = open();
  } catch (err) {
    const rebuildable =
      err instanceof KnowledgeBaseVersionError &&
      err.meta.builtBy?.command === 'start' &&
      resolve(err.meta.builtBy.corpusDir) === builtByStart.corpusDir;
    if (!rebuildable) throw refusedAtStart(err, settings.KB_PATH);
    await build(`${err.message} (start-up built it from ${settings.CORPUS_DIR}/)`);
    service = open();
  }
  // The knowledge base is read-only while serving: the log must never be written into it. A LOG_PATH that cannot
  // be written throws QueryLogOpenError: the entry (src/node.ts) prints its one line and exits 1.
  // LOG_URL (PostgreSQL, shared by every replica; pg-log.ts) takes precedence over LOG_PATH; one line if unreachable.
  const shared = settings.LOG_URL
    ? await openSharedLog(settings.LOG_URL, { popularMinCount: settings.POPULAR_MIN_COUNT, retentionDays: settings.LOG_RETENTION_DAYS, logger })
    : undefined;
  const queryLog = shared
    ? shared.queryLog
    : resolve(settings.LOG_PATH) === resolve(settings.KB_PATH)
      ? (logger.warn({}, 'LOG_PATH is the knowledge-base file; question log off'), undefined)
      : openQueryLog(settings.LOG_PATH, { popularMinCount: settings.POPULAR_MIN_COUNT, retentionDays: settings.LOG_RETENTION_DAYS, logger });
  // Staff teachings (/admin/teach) live in the log's file and sit on top of every service served, reloads included.
  const teachingsStore = shared ? shared.teachings : queryLog ? openTeachingsStore(settings.LOG_PATH) : undefined;
  const teachings = teachingsStore ? new Teachings(teachingsStore) : undefined;
  await teachings?.refresh();
  const decorate = (base: QaService): QaService => {
    if (!teachings) return base;
    const served = teachings.apply(base);
    // Its known-question index now, not on a visitor's question.
    if (served !== base) served.knownQuestions();
    return served;
  };
  const holder = new ServiceHolder(service, open, closeService, decorate);
  // With LOG_URL, a teaching saved or removed on any replica is re-read and applied here (PostgreSQL's NOTIFY).
  if (shared && teachings)
    shared.teachingsChanged = () =>
      void teachings.refresh().then(
        () => holder.refresh(),
        (err: Error) => logger.warn({ error: err.message }, 'teachings changed on another replica; re-reading them failed'),
      );

  const reload = async () => {
    try {
      const result = await holder.reload();
      logger.info({ path: settings.KB_PATH, ...result }, 'reloaded the knowledge base');
      return result;
    } catch (err) {
      logger.error({ error: (err as Error).message }, 'reload failed; still serving the previous knowledge base');
      throw err;
    }
  };

  // /admin/library (upload, publish, withdraw with a background rebuild): only where /admin exists. Loaded lazily,
  // like ingest, which it uses.
  const library = settings.ADMIN_TOKEN ? (await import('./library.js')).openLibrary({ settings, reload, logger }) : undefined;

  const app = createApp({
    service: () => holder.get(),
    settings,
    staticAssets: nodeStaticAssets(),
    queryLog,
    clientKey: nodeClientKey(settings.TRUSTED_PROXY),
    logger,
    reload,
    library,
    teachings: teachings && {
      store: teachings.store,
      changed: async () => {
        await teachings.refresh();
        holder.refresh();
      },
    },
  });

  // Answering is CPU-bound: GET requests take turns, so that a busy server still accepts new connections
  // (see fair-turns.ts). Static files and request bodies wait on I/O, not the CPU, and skip the queue.
  const turns = new FairTurns();
  const takesTurn = (req: Request) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url;
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    return !path.startsWith('/static/') && !path.startsWith('/embed.js');
  };

  // The app answers slow requests itself (REQUEST_TIMEOUT_MS); the server's own limits are the backstop for
  // requests that never reach it (headers sent a byte at a time), checked every second.
  const serverLimitMs = settings.REQUEST_TIMEOUT_MS + 1000;
  const server = serve(
    {
      fetch: (req, env) => holder.track(() => (takesTurn(req) ? turns.run(async () => app.fetch(req, env)) : app.fetch(req, env))),
      port: settings.PORT,
      hostname: settings.HOST,
      serverOptions: { requestTimeout: serverLimitMs, headersTimeout: serverLimitMs, connectionsCheckingInterval: 1000 },
    },
    (info) => {
      logger.info(
        {
          passages: holder.get().kb.passageCount,
          kb: settings.KB_PATH,
          url: `http://localhost:${info.port}`,
          readyMs: Math.round(performance.now() - started),
          questionLog: shared ? shared.queryLog.target : queryLog ? settings.LOG_PATH : 'off',
        },
        'serving',
      );
    },
  ) as Server;

  process.on('SIGHUP', () => {
    reload().catch(() => undefined);
  });

  let stopping = false;
  function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: holder.active, graceMs: settings.SHUTDOWN_GRACE_MS }, 'shutting down');
    const finish = async (code: number) => {
      holder.closeAll();
      // The PostgreSQL log writes its queue over the network first.
      await queryLog?.close();
      library?.close();
      teachingsStore?.close();
      logger.info({ exitCode: code }, 'stopped');
      logger.flushSync();
      process.exit(code);
    };
    const force = setTimeout(() => {
      logger.warn({ inFlight: holder.active }, 'grace period over; closing the remaining connections');
      server.closeAllConnections();
      void finish(1);
    }, settings.SHUTDOWN_GRACE_MS);
    // Stop accepting; close() calls back once every connection has ended.
    server.close(() => {
      clearTimeout(force);
      void finish(0);
    });
    // Kept-alive connections between requests hold nothing: close them now and as each request in flight completes.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(signal));
  await new Promise<void>((done) => server.once('listening', () => done()));
  return server;
}

/**
 * Why start-up will not serve the file at KB_PATH, and what the operator can do: one line (src/node.ts prints it
 * and exits 1). The file is left exactly as it was. Anything but a refused file is a bug and keeps its stack.
 */
function refusedAtStart(err: unknown, kbPath: string): unknown {
  const rebuild = `npm run ingest -- <folders> --kb ${kbPath}`;
  const advice =
    err instanceof KnowledgeBaseDamagedError
      ? `restore it from a backup, or rebuild it (${rebuild})`
      : err instanceof KnowledgeBaseVersionError
        ? `rebuild it with ${rebuild}; npm start rebuilds only a knowledge base it built itself from CORPUS_DIR`
        : err instanceof NotAKnowledgeBaseError
          ? 'set KB_PATH to a knowledge base, or move this file away and npm start builds one from CORPUS_DIR'
          : null;
  if (!advice || !(err instanceof PolicyQaError)) return err;
  return new PolicyQaError(500, 'knowledge base', `${err.detail.replace(/; re-run ingest$/, '')}; left unchanged: ${advice}`);
}
