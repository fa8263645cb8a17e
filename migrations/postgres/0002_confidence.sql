-- The answer's confidence (0–1) of each logged question (issue #7); as ../0002_confidence.sql.
ALTER TABLE questions ADD COLUMN IF NOT EXISTS confidence DOUBLE PRECISION;
