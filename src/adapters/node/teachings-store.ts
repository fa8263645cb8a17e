// Staff teachings on Node (src/staff/teachings.ts): two tables in the question
// log's SQLite file (LOG_PATH), created by migrations/0005_teachings.sql — the
// same file wrangler applies to D1 — through the log's own migration runner
// (applyMigrations, recorded in d1_migrations), so whichever of the log and this
// store opens the file first brings it up to date. A connection of its own, in
// WAL mode, waiting up to 2 s for the log's writer: a save is one short
// statement, and teachings are read whole only when they change or at start.
// The log's retention never touches these tables.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { teachingKey, TeachingConflict, type CuratedAnswer, type NewCurated, type NewTaught, type TaughtQuestion, type TeachingsSnapshot, type TeachingsStore } from '../../staff/teachings.js';
import { applyMigrations, questionLogMigrations } from './query-log.js';

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

const taughtOf = (r: TaughtRow): TaughtQuestion => ({
  id: r.id,
  question: r.question,
  passageIds: parseIds(r.passage_ids),
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

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

export class SqliteTeachingsStore implements TeachingsStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 2000');
    applyMigrations(this.db, questionLogMigrations());
  }

  async snapshot(): Promise<TeachingsSnapshot> {
    return {
      taught: (this.db.prepare('SELECT * FROM taught_questions ORDER BY created_at DESC, id DESC').all() as TaughtRow[]).map(taughtOf),
      curated: (this.db.prepare('SELECT * FROM curated_answers ORDER BY reviewed_at DESC, id DESC').all() as CuratedRow[]).map(curatedOf),
    };
  }

  async addTaught(t: NewTaught): Promise<TaughtQuestion> {
    const row = this.db
      .prepare(
        `INSERT INTO taught_questions (question_key, question, passage_ids, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (question_key) DO UPDATE SET question = excluded.question, passage_ids = excluded.passage_ids, note = excluded.note,
           created_by = excluded.created_by, created_at = excluded.created_at
         RETURNING *`,
      )
      .get(teachingKey(t.question), t.question, JSON.stringify(t.passageIds), t.note, t.createdBy, t.createdAt) as TaughtRow;
    return taughtOf(row);
  }

  async removeTaught(id: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM taught_questions WHERE id = ?').run(id).changes > 0;
  }

  async saveCurated(c: NewCurated, id?: number): Promise<CuratedAnswer | null> {
    const key = teachingKey(c.question);
    if (id !== undefined && !this.db.prepare('SELECT 1 FROM curated_answers WHERE id = ?').get(id)) return null;
    const other = this.db.prepare('SELECT id FROM curated_answers WHERE question_key = ?').get(key) as { id: number } | undefined;
    if (other && other.id !== id) throw new TeachingConflict(`a curated answer for this question exists already (#${other.id}); edit that one`);
    if (id === undefined) {
      const row = this.db
        .prepare(
          `INSERT INTO curated_answers (question_key, question, answer, source_url, source_date, reviewed_by, reviewed_at, expires_at, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(key, c.question, c.answer, c.sourceUrl, c.sourceDate, c.reviewedBy, c.reviewedAt, c.expiresAt, c.createdBy, c.createdAt) as CuratedRow;
      return curatedOf(row);
    }
    // An edit keeps who created it and when; the review is the editor's, now.
    const row = this.db
      .prepare(
        `UPDATE curated_answers SET question_key = ?, question = ?, answer = ?, source_url = ?, source_date = ?, reviewed_by = ?, reviewed_at = ?, expires_at = ?
         WHERE id = ? RETURNING *`,
      )
      .get(key, c.question, c.answer, c.sourceUrl, c.sourceDate, c.reviewedBy, c.reviewedAt, c.expiresAt, id) as CuratedRow | undefined;
    return row ? curatedOf(row) : null;
  }

  async removeCurated(id: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM curated_answers WHERE id = ?').run(id).changes > 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The store in the log file at LOG_PATH, or undefined when the log is off (LOG_PATH=off): teaching is then unavailable. */
export function openTeachingsStore(logPath: string): SqliteTeachingsStore | undefined {
  if (logPath === 'off') return undefined;
  return new SqliteTeachingsStore(logPath);
}
