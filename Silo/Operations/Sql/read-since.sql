-- The rows of a stream written at or after @since, newest first, up to @limit.
SELECT id, grain_key, at, entry::text
FROM operations_entries
WHERE stream = @stream AND at >= @since
ORDER BY id DESC
LIMIT @limit
