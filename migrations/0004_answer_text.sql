-- 问答统计 readable (issue #18): what was answered, not only the passage id.
-- answer: the answer text given (null for 没有找到答案), at most 300 characters,
-- with phone, ID and account numbers and e-mail addresses masked as the
-- question is (redactQuestion, src/staff/query-log.ts).
-- region: the region the question is about — the one it named (广东 → 广东省),
-- else the region of its first citation's document (the document's frame) —
-- for /admin's region filter. Entries from before it have neither.
ALTER TABLE questions ADD COLUMN answer TEXT;
ALTER TABLE questions ADD COLUMN region TEXT;
CREATE INDEX IF NOT EXISTS questions_region ON questions (region, asked_at);
