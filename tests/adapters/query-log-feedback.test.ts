// 有用/没用 runs on the question log's writer thread (issue #16, finding 13):
// a vote used to write the queue and wait for the writer on the event loop
// (Atomics.wait), then UPDATE there, so eight loops posting votes cut /api/ask
// to a third, and a log held by another writer froze every request. Here
// another connection holds the log's write lock for a second while votes
// arrive: the event loop must stay free (answers keep coming) and every vote
// must still be stored once the lock is released. Generous bounds: the old
// code held the event loop for the writer's 2 s lock wait.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const QUESTION = '2021年市政府办结了多少件行政复议申请？';
const ASK = `/api/ask?q=${encodeURIComponent(QUESTION)}`;

let ctx: CorpusApp;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

/** The longest the event loop went without running a 5 ms timer, while `work` runs. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { result, stallMs };
  } finally {
    clearInterval(tick);
  }
}

describe('feedback on the writer thread', () => {
  it('keeps answering while votes wait for a locked log, and stores every vote once the lock is gone', async () => {
    const path = join(ctx.dir, 'locked-log.sqlite');
    const log = new SqliteQueryLog(path, { popularCacheMs: 0 });
    const app = createApp({ service: () => ctx.service, settings: DEFAULT_SETTINGS, queryLog: log });
    try {
      // Asked a moment ago: still queued in memory when the votes arrive.
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push(((await (await app.request(ASK)).json()) as { id: string }).id);

      // Another writer (a staff export, a backup) holds the lock for a second.
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      const release = setTimeout(() => other.exec('COMMIT'), 1000);

      const { result, stallMs } = await longestStall(async () => {
        const votes = ids.map((id, i) =>
          app.request('/api/feedback', { method: 'POST', body: JSON.stringify({ id, useful: i % 2 === 0 }), headers: { 'Content-Type': 'application/json' } }),
        );
        // Answers go on meanwhile, each at its usual speed.
        const askTimes: number[] = [];
        for (let i = 0; i < 20; i++) {
          const started = performance.now();
          expect((await app.request(ASK)).status).toBe(200);
          askTimes.push(performance.now() - started);
          await new Promise((r) => setTimeout(r, 20));
        }
        return { askTimes, statuses: await Promise.all(votes.map(async (v) => (await v).status)) };
      });
      clearTimeout(release);
      other.close();

      expect(stallMs).toBeLessThan(500);
      expect(Math.max(...result.askTimes)).toBeLessThan(500);
      expect(result.statuses).toEqual(ids.map(() => 200));
      log.flush();
      const db = new Database(path, { readonly: true });
      const useful = ids.map((id) => db.prepare('SELECT useful FROM questions WHERE id = ?').pluck().get(id));
      db.close();
      expect(useful).toEqual(ids.map((_, i) => (i % 2 === 0 ? 1 : 0)));
    } finally {
      log.close();
    }
  }, 30_000);

  it('answers a vote from the writer thread without waiting on the event loop, and the first vote stands', async () => {
    const log = new SqliteQueryLog(join(ctx.dir, 'votes.sqlite'), { popularCacheMs: 0 });
    try {
      const app = createApp({ service: () => ctx.service, settings: DEFAULT_SETTINGS, queryLog: log });
      const { id } = (await (await app.request(ASK)).json()) as { id: string };
      const pending = log.feedback(id, true);
      expect(pending).toBeInstanceOf(Promise);
      expect(await pending).toBe('saved');
      expect(await log.feedback(id, false)).toBe('already-rated');
      expect(await log.feedback('0'.repeat(24), false)).toBe('unknown');
    } finally {
      log.close();
    }
  });
});
