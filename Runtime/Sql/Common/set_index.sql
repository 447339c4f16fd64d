INSERT INTO od_index (index_name, grain_type, grain_key, value, updated_at) VALUES (@name, @type, @key, @value, @now)
ON CONFLICT (index_name, grain_type, grain_key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
