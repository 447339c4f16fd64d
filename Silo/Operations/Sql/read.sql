-- One page of a stream, newest first: the rows below the cursor @before.
SELECT id, grain_key, at, entry::text
FROM operations_entries
WHERE stream = @stream AND id < @before
ORDER BY id DESC
LIMIT @limit
