INSERT INTO od_log (stream, grain_type, grain_key, at, entry) VALUES (@stream, @type, @key, @now, @entry);
