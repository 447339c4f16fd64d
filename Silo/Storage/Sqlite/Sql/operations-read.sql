SELECT id, grain_key, at, entry
FROM operations_entries
WHERE stream = @stream AND id < @before
ORDER BY id DESC
LIMIT @limit;
