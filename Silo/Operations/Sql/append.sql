-- Appends the entry unless its key (stream, grain_key, step) is taken; answers the new row's id, or no row when the
-- key was taken. A writer holding the key in an open transaction is waited for, so once this returns the row is
-- committed and select-id.sql sees it.
INSERT INTO operations_entries (stream, grain_key, step, at, entry)
VALUES (@stream, @grain_key, @step, @at, @entry)
ON CONFLICT (stream, grain_key, step) DO NOTHING
RETURNING id
