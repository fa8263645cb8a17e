-- The answer's confidence (0–1) of each logged question, for the staff page's
-- low-confidence list (issue #7). Log files from before the Node server applied
-- these files already have it: there this migration is recorded as applied.
ALTER TABLE questions ADD COLUMN confidence REAL;
