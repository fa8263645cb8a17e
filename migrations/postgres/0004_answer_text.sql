-- The answer text given and the region asked about (issue #18); as ../0004_answer_text.sql.
ALTER TABLE questions ADD COLUMN IF NOT EXISTS answer TEXT;
ALTER TABLE questions ADD COLUMN IF NOT EXISTS region TEXT;
CREATE INDEX IF NOT EXISTS questions_region ON questions (region, asked_at);
