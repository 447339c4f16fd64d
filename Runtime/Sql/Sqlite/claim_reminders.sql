-- One writer at a time on SQLite, so no SKIP LOCKED is needed.
UPDATE od_reminder
SET lease_owner = @owner, lease_token = @token, lease_until = @until
WHERE rowid IN (
    SELECT rowid FROM od_reminder
    WHERE due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
    ORDER BY due_at
    LIMIT @max
)
RETURNING grain_type, grain_key, name, due_at, period_ms;
