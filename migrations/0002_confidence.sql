-- The answer's confidence (0–1) of each logged question, for the staff page's
-- low-confidence list (issue #7). Same column as the Node log file
-- (src/adapters/node/query-log.ts adds it to older files itself).
ALTER TABLE questions ADD COLUMN confidence REAL;
