-- Replacing a reminder drops any lease on it: a tick in flight for the old schedule can no longer complete.
INSERT INTO od_reminder (grain_type, grain_key, name, due_at, period_ms)
VALUES (@type, @key, @name, @due, CAST(@period AS bigint))
ON CONFLICT (grain_type, grain_key, name) DO UPDATE
SET due_at = excluded.due_at, period_ms = excluded.period_ms, lease_owner = NULL, lease_token = NULL, lease_until = NULL;
