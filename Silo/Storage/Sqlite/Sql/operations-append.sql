-- Appends the entry unless its key (stream, grain_key, step) is taken; answers the new row's id, or no row.
INSERT INTO operations_entries (stream, grain_key, step, at, entry)
VALUES (@stream, @grain_key, @step, @at, @entry)
ON CONFLICT (stream, grain_key, step) DO NOTHING
RETURNING id;
