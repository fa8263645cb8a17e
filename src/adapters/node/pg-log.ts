// LOG_URL=postgres://… opened for the Node server: the shared question log
// (pg-query-log.ts) and the staff teachings (pg-teachings-store.ts) on one pool,
// with this replica listening for teaching changes made on any replica. Any
// failure at start-up is one line (PgQueryLogOpenError), as for LOG_PATH.
import type { Logger } from '../../app/deps.js';
import { errorText, openPgQueryLog, PgQueryLogOpenError, type PgQueryLog, type PgQueryLogOptions } from './pg-query-log.js';
import { PgTeachingsStore } from './pg-teachings-store.js';

export interface SharedLog {
  queryLog: PgQueryLog;
  teachings: PgTeachingsStore;
  /** Called when any replica saved or removed a teaching (set by the server: re-read and re-apply them). */
  teachingsChanged: () => void;
}

export async function openSharedLog(url: string, options: Partial<PgQueryLogOptions> & { logger: Logger }): Promise<SharedLog> {
  const queryLog = await openPgQueryLog(url, options);
  const teachings = new PgTeachingsStore(queryLog.pool, url, (message) => options.logger.warn({ database: queryLog.target }, message));
  const shared: SharedLog = { queryLog, teachings, teachingsChanged: () => undefined };
  try {
    await teachings.watch(() => shared.teachingsChanged());
  } catch (err) {
    await queryLog.close();
    throw new PgQueryLogOpenError(queryLog.target, `cannot LISTEN for teaching changes: ${errorText(err)}`);
  }
  return shared;
}
