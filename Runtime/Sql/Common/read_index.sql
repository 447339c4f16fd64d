SELECT grain_type, grain_key, value, updated_at FROM od_index
WHERE index_name = @name
ORDER BY updated_at, grain_key
LIMIT @max;
