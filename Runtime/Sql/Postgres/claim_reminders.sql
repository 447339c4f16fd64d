UPDATE od_reminder r
SET lease_owner = @owner, lease_token = @token, lease_until = @until
FROM (
    SELECT grain_type, grain_key, name FROM od_reminder
    WHERE due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
    ORDER BY due_at
    LIMIT @max
    FOR UPDATE SKIP LOCKED
) d
WHERE r.grain_type = d.grain_type AND r.grain_key = d.grain_key AND r.name = d.name
RETURNING r.grain_type, r.grain_key, r.name, r.due_at, r.period_ms;
