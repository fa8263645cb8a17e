-- D1 schema of the question log and 有用/没用 feedback on Workers
-- (src/adapters/workers/query-log.ts) and of the Node log file: the Node server
-- applies these same files in order (src/adapters/node/query-log.ts), recording
-- them in d1_migrations as wrangler does, so the two can be queried alike.
-- A schema change is a new numbered file here; applied files keep their statements.
-- Locally: `npm run db:migrate:local`; on Cloudflare:
-- `npx wrangler d1 migrations apply policy-qa --remote`.
-- No IP address, cookie or other visitor identifier is stored.
CREATE TABLE IF NOT EXISTS questions (
  id TEXT PRIMARY KEY,
  asked_at TEXT NOT NULL,
  question TEXT NOT NULL,
  question_key TEXT NOT NULL,
  answered INTEGER NOT NULL,
  first_citation TEXT,
  latency_ms REAL NOT NULL,
  lang TEXT NOT NULL,
  channel TEXT NOT NULL,
  useful INTEGER,
  feedback_at TEXT
);
CREATE INDEX IF NOT EXISTS questions_key ON questions (question_key);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
