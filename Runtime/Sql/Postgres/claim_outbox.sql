UPDATE od_outbox o
SET lease_owner = @owner, lease_token = @token, lease_until = @until, attempts = o.attempts + 1
FROM (
    SELECT id FROM od_outbox
    WHERE status = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
    ORDER BY due_at, id
    LIMIT @max
    FOR UPDATE SKIP LOCKED
) d
WHERE o.id = d.id
RETURNING o.id, o.grain_type, o.grain_key, o.kind, o.name, o.target_type, o.target_key, o.payload, o.idempotency_key, o.attempts;
