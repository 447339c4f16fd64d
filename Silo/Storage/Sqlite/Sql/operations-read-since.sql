SELECT id, grain_key, at, entry
FROM operations_entries
WHERE stream = @stream AND at >= @since
ORDER BY id DESC
LIMIT @limit;
