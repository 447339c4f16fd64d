-- One page of one grain's rows of a stream, newest first: the rows below the cursor @before.
SELECT id, grain_key, at, entry::text
FROM operations_entries
WHERE stream = @stream AND grain_key = @grain_key AND id < @before
ORDER BY id DESC
LIMIT @limit
