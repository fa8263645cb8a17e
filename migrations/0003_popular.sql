-- 热门问题 that no anonymous client can write (issue #16, src/staff/popular.ts).
-- client_hash: a short hash of the asking client's address with a salt drawn in
-- memory each day and never stored (src/staff/client-hash.ts), so popular
-- questions count distinct clients on distinct days while no address, nor any
-- identifier that lasts beyond a day, is kept. Entries from before it have none
-- and count as no client.
-- popular_decisions: staff's pin / approve / hide on /admin, by question key.
ALTER TABLE questions ADD COLUMN client_hash TEXT;
CREATE TABLE IF NOT EXISTS popular_decisions (
  question_key TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('pinned', 'approved', 'hidden')),
  decided_at TEXT NOT NULL
);
