INSERT INTO od_schema (version, applied_at) VALUES (@version, @now);
