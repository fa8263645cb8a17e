-- Staff teachings (issue #18, /admin/teach; src/staff/teachings.ts). Kept in the
-- question log's database (Node: LOG_PATH; Workers: the D1 database) but never
-- pruned with the log: they last until staff remove them.
-- taught_questions: a question and the passages (ids docId:n, JSON array, in
-- the order chosen) staff picked as its answer; one per question key.
-- curated_answers: 问答对 — a question answered in a set way, with its source
-- page and date, who reviewed it and when it stops being served.
CREATE TABLE IF NOT EXISTS taught_questions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  question_key TEXT NOT NULL UNIQUE,
  question TEXT NOT NULL,
  passage_ids TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS curated_answers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  question_key TEXT NOT NULL UNIQUE,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  source_url TEXT NOT NULL,
  source_date TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
