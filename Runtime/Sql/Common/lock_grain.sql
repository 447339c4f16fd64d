-- Creates the row on first use and, either way, takes its row lock for the rest of the turn.
INSERT INTO od_grain (grain_type, grain_key, version, state, updated_at)
VALUES (@type, @key, 0, NULL, @now)
ON CONFLICT (grain_type, grain_key) DO UPDATE SET version = od_grain.version
RETURNING version, state;
