-- 热门问题 that no anonymous client can write (issue #16); as ../0003_popular.sql.
ALTER TABLE questions ADD COLUMN IF NOT EXISTS client_hash TEXT;
CREATE TABLE IF NOT EXISTS popular_decisions (
  question_key TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('pinned', 'approved', 'hidden')),
  decided_at TEXT NOT NULL
);
