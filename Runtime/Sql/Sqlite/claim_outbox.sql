UPDATE od_outbox
SET lease_owner = @owner, lease_token = @token, lease_until = @until, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM od_outbox
    WHERE status = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
    ORDER BY due_at, id
    LIMIT @max
)
RETURNING id, grain_type, grain_key, kind, name, target_type, target_key, payload, idempotency_key, attempts;
