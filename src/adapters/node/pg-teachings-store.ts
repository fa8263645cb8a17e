// Staff teachings (src/staff/teachings.ts) in the shared PostgreSQL log
// (LOG_URL), beside the questions: the tables of migrations/postgres/0005_teachings.sql,
// the statements of the SQLite store (teachings-store.ts) with numbered
// placeholders. Every save or removal is announced with NOTIFY
// policy_qa_teachings; every replica LISTENs on a connection of its own and
// re-reads the teachings when told, so a teaching saved on one replica is served
// by all of them within moments, without a reload. When that connection drops
// (a database restart) it reconnects every few seconds and re-reads once back,
// in case it missed an announcement.
import pg from 'pg';
import { teachingKey, TeachingConflict, type CuratedAnswer, type NewCurated, type NewTaught, type TaughtQuestion, type TeachingsSnapshot, type TeachingsStore } from '../../staff/teachings.js';
import { errorText } from './pg-query-log.js';

/** The channel teaching changes are announced on. */
export const TEACHINGS_CHANNEL = 'policy_qa_teachings';
/** How long to wait before listening again after the listening connection failed. */
const RELISTEN_MS = 3000;

interface TaughtRow {
  id: number;
  question: string;
  passage_ids: string;
  note: string;
  created_by: string;
  created_at: string;
}

interface CuratedRow {
  id: number;
  question: string;
  answer: string;
  source_url: string;
  source_date: string;
  reviewed_by: string;
  reviewed_at: string;
  expires_at: string;
  created_by: string;
  created_at: string;
}

function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const taughtOf = (r: TaughtRow): TaughtQuestion => ({
  id: r.id,
  question: r.question,
  passageIds: parseIds(r.passage_ids),
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const curatedOf = (r: CuratedRow): CuratedAnswer => ({
  id: r.id,
  question: r.question,
  answer: r.answer,
  sourceUrl: r.source_url,
  sourceDate: r.source_date,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  expiresAt: r.expires_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** PostgreSQL's unique_violation: another replica saved a curated answer for the same question first. */
const UNIQUE_VIOLATION = '23505';

export class PgTeachingsStore implements TeachingsStore {
  private listener: pg.Client | undefined;
  private relisten: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    /** The log's pool (PgQueryLog.pool): the log closes it. */
    private readonly pool: pg.Pool,
    /** LOG_URL, for the listening connection. */
    private readonly url: string,
    private readonly warn: (message: string) => void = (message) => console.warn(`policy-qa: ${message}`),
  ) {}

  async snapshot(): Promise<TeachingsSnapshot> {
    const [taught, curated] = await Promise.all([
      this.pool.query<TaughtRow>('SELECT * FROM taught_questions ORDER BY created_at DESC, id DESC'),
      this.pool.query<CuratedRow>('SELECT * FROM curated_answers ORDER BY reviewed_at DESC, id DESC'),
    ]);
    return { taught: taught.rows.map(taughtOf), curated: curated.rows.map(curatedOf) };
  }

  /** Tells every replica (this one too) that the teachings changed. A failed announcement is not a failed save. */
  private async announce(): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [TEACHINGS_CHANNEL, String(process.pid)]).catch((err) => this.warn(`teachings: announcing a change failed: ${errorText(err)}`));
  }

  async addTaught(t: NewTaught): Promise<TaughtQuestion> {
    const { rows } = await this.pool.query<TaughtRow>(
      `INSERT INTO taught_questions (question_key, question, passage_ids, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (question_key) DO UPDATE SET question = excluded.question, passage_ids = excluded.passage_ids, note = excluded.note,
         created_by = excluded.created_by, created_at = excluded.created_at
       RETURNING *`,
      [teachingKey(t.question), t.question, JSON.stringify(t.passageIds), t.note, t.createdBy, t.createdAt],
    );
    await this.announce();
    return taughtOf(rows[0]);
  }

  async removeTaught(id: number): Promise<boolean> {
    const removed = ((await this.pool.query('DELETE FROM taught_questions WHERE id = $1', [id])).rowCount ?? 0) > 0;
    if (removed) await this.announce();
    return removed;
  }

  async saveCurated(c: NewCurated, id?: number): Promise<CuratedAnswer | null> {
    const key = teachingKey(c.question);
    if (id !== undefined && (await this.pool.query('SELECT 1 FROM curated_answers WHERE id = $1', [id])).rowCount === 0) return null;
    const other = (await this.pool.query<{ id: number }>('SELECT id FROM curated_answers WHERE question_key = $1', [key])).rows[0];
    const conflict = (otherId: number | string) => new TeachingConflict(`a curated answer for this question exists already (#${otherId}); edit that one`);
    if (other && other.id !== id) throw conflict(other.id);
    let row: CuratedRow | undefined;
    try {
      row =
        id === undefined
          ? (
              await this.pool.query<CuratedRow>(
                `INSERT INTO curated_answers (question_key, question, answer, source_url, source_date, reviewed_by, reviewed_at, expires_at, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
                [key, c.question, c.answer, c.sourceUrl, c.sourceDate, c.reviewedBy, c.reviewedAt, c.expiresAt, c.createdBy, c.createdAt],
              )
            ).rows[0]
          : // An edit keeps who created it and when; the review is the editor's, now.
            (
              await this.pool.query<CuratedRow>(
                `UPDATE curated_answers SET question_key = $1, question = $2, answer = $3, source_url = $4, source_date = $5, reviewed_by = $6, reviewed_at = $7, expires_at = $8
                 WHERE id = $9 RETURNING *`,
                [key, c.question, c.answer, c.sourceUrl, c.sourceDate, c.reviewedBy, c.reviewedAt, c.expiresAt, id],
              )
            ).rows[0];
    } catch (err) {
      // Saved on another replica between the check and the write.
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw conflict('?');
      throw err;
    }
    if (!row) return null;
    await this.announce();
    return curatedOf(row);
  }

  async removeCurated(id: number): Promise<boolean> {
    const removed = ((await this.pool.query('DELETE FROM curated_answers WHERE id = $1', [id])).rowCount ?? 0) > 0;
    if (removed) await this.announce();
    return removed;
  }

  /**
   * Calls `changed` whenever any replica announces a change (this one included), and once more after the
   * listening connection comes back from a failure. Resolves once listening; rejects when it cannot start.
   */
  async watch(changed: () => void): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000, application_name: 'policy-qa teachings' });
    let failed = false;
    const fail = (err: unknown) => {
      if (failed || this.closed) return;
      failed = true;
      this.warn(`teachings: listening for changes failed (${errorText(err)}); trying again in ${RELISTEN_MS / 1000} s`);
      client.end().catch(() => undefined);
      this.listenAgain(changed);
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('connection ended')));
    client.on('notification', (n) => {
      if (n.channel === TEACHINGS_CHANNEL) changed();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${TEACHINGS_CHANNEL}`);
    } catch (err) {
      failed = true;
      client.end().catch(() => undefined);
      throw err;
    }
    this.listener = client;
  }

  /** Listens again after RELISTEN_MS, and re-reads once listening (a change may have been missed); retries until closed. */
  private listenAgain(changed: () => void): void {
    if (this.closed) return;
    this.relisten = setTimeout(() => {
      this.watch(changed).then(changed, (err) => {
        this.warn(`teachings: listening for changes failed (${errorText(err)}); trying again in ${RELISTEN_MS / 1000} s`);
        this.listenAgain(changed);
      });
    }, RELISTEN_MS);
    this.relisten.unref?.();
  }

  /** Stops listening (the pool is the log's to close). */
  close(): void {
    this.closed = true;
    if (this.relisten) clearTimeout(this.relisten);
    void this.listener?.end().catch(() => undefined);
  }
}
