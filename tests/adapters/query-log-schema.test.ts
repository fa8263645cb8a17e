// The question log's one schema, migrations/*.sql: a fresh Node log file has
// exactly the tables, columns and indexes of the D1 database wrangler migrates
// (compared in sqlite_master, wrangler's local D1 being SQLite), recorded in
// d1_migrations the same way; a log file written by the old inline schema (with
// or without the confidence column) opens, keeps its rows and is brought up to
// date; later migrations apply to an existing file once; a failing one is
// reported, not half applied.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, questionLogMigrations, SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { newQuestionId, questionKey, type LoggedQuestion } from '../../src/staff/query-log.js';
import { REPO_ROOT } from '../helpers/corpus-app.js';

/** The schema the Node log created inline before migrations/ was its source (policy-qa up to issue 14). */
const OLD_INLINE_SCHEMA = `
CREATE TABLE IF NOT EXISTS questions (
  id TEXT PRIMARY KEY,
  asked_at TEXT NOT NULL,
  question TEXT NOT NULL,
  question_key TEXT NOT NULL,
  answered INTEGER NOT NULL,
  first_citation TEXT,
  latency_ms REAL NOT NULL,
  confidence REAL,
  lang TEXT NOT NULL,
  channel TEXT NOT NULL,
  useful INTEGER,
  feedback_at TEXT
);
CREATE INDEX IF NOT EXISTS questions_key ON questions (question_key);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
`;

const MIGRATION_NAMES = readdirSync(join(REPO_ROOT, 'migrations')).filter((n) => n.endsWith('.sql')).sort();

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-log-schema-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** Tables, indexes (with their SQL) of a SQLite file, without the D1 emulator's own _cf_* tables. */
function schemaOf(path: string): SchemaRow[] {
  const db = new Database(path, { fileMustExist: true });
  try {
    return (db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY type, name").all() as SchemaRow[]);
  } finally {
    db.close();
  }
}

function columnsOf(path: string, table: string): string[] {
  const db = new Database(path, { fileMustExist: true });
  try {
    return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  } finally {
    db.close();
  }
}

function appliedIn(path: string): string[] {
  const db = new Database(path, { fileMustExist: true });
  try {
    return (db.prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

function entry(question: string, fields: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return {
    id: newQuestionId(),
    question,
    key: questionKey(question),
    answered: true,
    firstCitation: 'doc:1',
    latencyMs: 1.5,
    confidence: 0.8,
    lang: 'zh-CN',
    channel: 'api',
    askedAt: new Date().toISOString(),
    ...fields,
  };
}

/** A log file as the old inline schema left it, with `rows` questions (one with feedback). */
function oldLogFile(name: string, schema: string, withConfidence: boolean, rows: number): string {
  const path = join(dir, name);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(schema);
  const insert = db.prepare(
    `INSERT INTO questions (id, asked_at, question, question_key, answered, first_citation, latency_ms, ${withConfidence ? 'confidence, ' : ''}lang, channel, useful, feedback_at)
     VALUES (?, ?, ?, ?, 1, 'doc:2', 3.5, ${withConfidence ? '0.4, ' : ''}'zh-CN', 'page', ?, ?)`,
  );
  const now = Date.now();
  for (let i = 0; i < rows; i++) {
    const q = `旧日志里的问题${i}？`;
    insert.run(newQuestionId(now - i), new Date(now - i * 1000).toISOString(), q, questionKey(q), i === 0 ? 1 : null, i === 0 ? new Date(now).toISOString() : null);
  }
  db.close();
  return path;
}

function rowsOf(path: string): Record<string, unknown>[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT id, asked_at, question, question_key, answered, first_citation, latency_ms, lang, channel, useful, feedback_at FROM questions ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('question log schema: migrations/ on Node and on D1', () => {
  it('a fresh Node log file has the tables, columns and indexes wrangler gives D1, and the same d1_migrations', () => {
    const nodePath = join(dir, 'fresh.sqlite');
    new SqliteQueryLog(nodePath, { writerThread: false }).close();

    // wrangler's local D1 (SQLite under miniflare), migrated the documented way.
    const persist = join(dir, 'd1');
    execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'wrangler'), ['d1', 'migrations', 'apply', 'policy-qa', '--local', '--persist-to', persist], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
      env: { ...process.env, CI: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
    });
    const d1Dir = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject');
    const d1Files = readdirSync(d1Dir).filter((n) => n.endsWith('.sqlite') && n !== 'metadata.sqlite');
    expect(d1Files).toHaveLength(1);
    const d1Path = join(d1Dir, d1Files[0]);

    const d1Schema = schemaOf(d1Path);
    expect(d1Schema.map((r) => r.name)).toEqual(expect.arrayContaining(['questions', 'questions_key', 'questions_asked_at', 'd1_migrations']));
    expect(schemaOf(nodePath)).toEqual(d1Schema);
    expect(columnsOf(nodePath, 'questions')).toEqual(columnsOf(d1Path, 'questions'));
    expect(columnsOf(nodePath, 'questions')).toContain('confidence');
    expect(appliedIn(nodePath)).toEqual(MIGRATION_NAMES);
    expect(appliedIn(d1Path)).toEqual(MIGRATION_NAMES);
  }, 60_000);

  it('opens a log file of the old inline schema: its rows kept, the migrations recorded, logging and feedback working', async () => {
    const path = oldLogFile('old-inline.sqlite', OLD_INLINE_SCHEMA, true, 5);
    const before = rowsOf(path);
    const log = new SqliteQueryLog(path, { popularMinCount: 1, popularCacheMs: 0 });
    const e = entry('新问题？', { clientHash: '0123456789abcdef' });
    log.record(e);
    expect(await log.feedback(e.id, true)).toBe('saved');
    expect(await log.feedback(before[1].id as string, false)).toBe('saved');
    expect(log.popular(10, { minClients: 1, minDays: 1, needsApproval: false, lowConfidence: 0.5 }).map((p) => p.question)).toContain('新问题？');
    log.close();

    const after = rowsOf(path);
    expect(after).toHaveLength(6);
    for (const row of before) {
      const kept = after.find((r) => r.id === row.id)!;
      expect(row.id === before[1].id ? { ...kept, useful: null, feedback_at: null } : kept).toEqual(row);
    }
    expect(after.find((r) => r.id === e.id)).toMatchObject({ question: '新问题？', useful: 1 });
    expect(appliedIn(path)).toEqual(MIGRATION_NAMES);
    // The same tables, columns and indexes as a fresh file (the old file keeps its column order).
    const fresh = join(dir, 'fresh-2.sqlite');
    new SqliteQueryLog(fresh, { writerThread: false }).close();
    const shape = (p: string) => schemaOf(p).map((r) => `${r.type} ${r.name} on ${r.tbl_name}`);
    expect(shape(path)).toEqual(shape(fresh));
    expect([...columnsOf(path, 'questions')].sort()).toEqual([...columnsOf(fresh, 'questions')].sort());
    // Opened again: nothing left to apply.
    const db = new Database(path);
    expect(applyMigrations(db)).toEqual([]);
    db.close();
  });

  it('adds the confidence column to a log file from before it, keeping the rows', () => {
    const withoutConfidence = OLD_INLINE_SCHEMA.replace('  confidence REAL,\n', '');
    const path = oldLogFile('older.sqlite', withoutConfidence, false, 3);
    const before = rowsOf(path);
    const log = new SqliteQueryLog(path, { writerThread: false });
    log.record(entry('有置信度的问题？', { confidence: 0.25 }));
    log.close();
    expect(columnsOf(path, 'questions')).toContain('confidence');
    expect(rowsOf(path).filter((r) => before.some((b) => b.id === r.id))).toEqual(before);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT confidence FROM questions WHERE question = '有置信度的问题？'").get()).toEqual({ confidence: 0.25 });
    db.close();
    expect(appliedIn(path)).toEqual(MIGRATION_NAMES);
  });

  it('applies a later migration to an up-to-date file once; a failing one is reported and not recorded', () => {
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    for (const name of MIGRATION_NAMES) copyFileSync(join(REPO_ROOT, 'migrations', name), join(migrations, name));
    const path = join(dir, 'current.sqlite');
    new SqliteQueryLog(path, { writerThread: false }).close();

    writeFileSync(join(migrations, '0099_channel_index.sql'), 'CREATE INDEX questions_channel ON questions (channel);\n');
    const db = new Database(path);
    expect(applyMigrations(db, questionLogMigrations(migrations))).toEqual(['0099_channel_index.sql']);
    expect(applyMigrations(db, questionLogMigrations(migrations))).toEqual([]);
    expect(schemaOf(path).map((r) => r.name)).toContain('questions_channel');

    // A file that has d1_migrations gets no leniency: a migration that fails is an error, rolled back whole.
    writeFileSync(join(migrations, '0100_broken.sql'), 'CREATE TABLE extra (x INTEGER);\nALTER TABLE questions ADD COLUMN confidence REAL;\n');
    expect(() => applyMigrations(db, questionLogMigrations(migrations))).toThrow(/migration 0100_broken\.sql failed: duplicate column name/);
    expect(schemaOf(path).map((r) => r.name)).not.toContain('extra');
    db.close();
    expect(appliedIn(path)).toEqual([...MIGRATION_NAMES, '0099_channel_index.sql']);
  });
});
