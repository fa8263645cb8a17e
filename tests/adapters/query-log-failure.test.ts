// A question log that cannot write (issue #16, finding 15). On a full disk it
// used to lose rows with one plain stderr line, /admin showed nothing and a
// vote was told "no logged question has this id". Now: one JSON line with the
// rows dropped, a notice at the top of /admin, 503 for votes while it lasts,
// and all of that clears when writing works again; a LOG_PATH that cannot be
// written at start-up stops the server with one line, no stack trace.
// The failing disk is SQLite's own: triggers that abort every INSERT and
// UPDATE with SQLite's full-disk message, installed from another connection,
// so that the log's real writer thread meets a real failed write (a real full
// disk, a small tmpfs, needs root: the closing note gives that run).
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { setupCorpusApp, REPO_ROOT, type CorpusApp } from '../helpers/corpus-app.js';
import { collectingLogger } from '../helpers/log-lines.js';

const TOKEN = 'k9R2mX7qL4vT8wZ3pN6sF1cB';
const ASK = `/api/ask?q=${encodeURIComponent('2021年市政府办结了多少件行政复议申请？')}`;
const FULL = 'database or disk is full';

let ctx: CorpusApp;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

describe('a question log that cannot write', () => {
  it('logs the rows dropped as JSON, tells /admin, refuses votes with 503, and recovers', async () => {
    const path = join(ctx.dir, 'failing-log.sqlite');
    const logger = collectingLogger('info');
    const log = new SqliteQueryLog(path, { popularCacheMs: 0, logger });
    const settings = { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN };
    const app = createApp({ service: () => ctx.service, settings, queryLog: log, logger });
    const ask = async () => ((await (await app.request(ASK)).json()) as { id: string }).id;
    const vote = (id: string) =>
      app.request('/api/feedback', { method: 'POST', body: JSON.stringify({ id, useful: true }), headers: { 'Content-Type': 'application/json' } });
    const admin = async () => (await app.request('/admin', { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    const disk = new Database(path);
    try {
      const before = await ask();
      log.flush();
      expect(log.writeFailure()).toBeNull();
      expect(await admin()).not.toContain('提问记录无法写入');

      disk.exec(`CREATE TRIGGER disk_full_insert BEFORE INSERT ON questions BEGIN SELECT RAISE(ABORT, '${FULL}'); END;
                 CREATE TRIGGER disk_full_update BEFORE UPDATE ON questions BEGIN SELECT RAISE(ABORT, '${FULL}'); END;`);
      const lost: string[] = [];
      for (let i = 0; i < 5; i++) lost.push(await ask());
      log.flush();
      await vi.waitFor(() => expect(log.writeFailure()).toMatchObject({ dropped: 5, failing: true, reason: FULL }));

      // One JSON line, with the count.
      const failures = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ msg: 'question log write failed; asked questions dropped', error: FULL, dropped: 5, droppedSince: 5, path });

      const page = await admin();
      expect(page).toMatch(/<p class="error" role="alert">提问记录无法写入：自 \d{4}-\d\d-\d\d \d\d:\d\d 起已丢弃 5 条提问（database or disk is full）/);

      for (const id of [lost[0], before]) {
        const res = await vote(id);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ error: 'feedback: the question log cannot be written now' });
      }
      const form = await app.request('/feedback', {
        method: 'POST',
        body: `id=${lost[1]}&useful=1`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' },
      });
      expect(form.status).toBe(503);
      expect(await form.text()).toContain('暂时无法保存反馈');

      // Room again: the next write works, the notice says what was lost, votes are taken.
      disk.exec('DROP TRIGGER disk_full_insert; DROP TRIGGER disk_full_update;');
      const after = await ask();
      log.flush();
      await vi.waitFor(() => expect(log.writeFailure()).toMatchObject({ dropped: 5, failing: false }));
      expect(await admin()).toMatch(/<p class="error" role="status">提问记录已恢复写入；自 [^）]+起共丢弃了 5 条提问/);
      expect((await vote(after)).status).toBe(200);
      expect((await vote(before)).status).toBe(200);
      expect(logger.lines.some((l) => l.includes('"msg":"question log writing again"') && l.includes('"droppedSince":5'))).toBe(true);
    } finally {
      disk.close();
      log.close();
    }
  }, 30_000);

  it('stops start-up with one line and exit code 1 when LOG_PATH cannot be written', () => {
    // A LOG_PATH whose folder is a file: it can be neither created nor written, even by root.
    const notAFolder = join(ctx.dir, 'not-a-folder');
    writeFileSync(notAFolder, 'x');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, KB_PATH: ctx.kbPath, LOG_PATH: join(notAFolder, 'log.sqlite'), PORT: '0', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^question log: cannot open or write LOG_PATH .*not-a-folder\/log\.sqlite: .*LOG_PATH=off/);
    expect(run.stderr).not.toMatch(/\n\s+at |node_modules/);
  }, 90_000);
});
