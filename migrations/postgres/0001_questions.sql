-- PostgreSQL schema of the shared question log (LOG_URL=postgres://…,
-- src/adapters/node/pg-query-log.ts): the same tables, columns and indexes as
-- the SQLite/D1 files one folder up, one file here for each file there, by the
-- same name. The Node server applies them in order at start-up, under an
-- advisory lock (replicas starting at once apply each once), and records them in
-- the table migrations. A schema change is a new numbered file in both folders.
-- Times are ISO 8601 text, as in SQLite, so the shared report SQL compares them
-- alike; 0/1 flags stay integers for the same reason.
-- No IP address, cookie or other visitor identifier is stored.
CREATE TABLE IF NOT EXISTS questions (
  id TEXT PRIMARY KEY,
  asked_at TEXT NOT NULL,
  question TEXT NOT NULL,
  question_key TEXT NOT NULL,
  answered INTEGER NOT NULL,
  first_citation TEXT,
  latency_ms DOUBLE PRECISION NOT NULL,
  lang TEXT NOT NULL,
  channel TEXT NOT NULL,
  useful INTEGER,
  feedback_at TEXT
);
CREATE INDEX IF NOT EXISTS questions_key ON questions (question_key);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
