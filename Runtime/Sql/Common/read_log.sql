SELECT id, grain_type, grain_key, at, entry FROM od_log
WHERE stream = @stream AND (@type IS NULL OR (grain_type = @type AND grain_key = @key)) AND id < @before
ORDER BY id DESC
LIMIT @max;
