-- A step already planned (in this turn or any earlier one) is recorded once.
INSERT INTO od_outbox (grain_type, grain_key, kind, name, target_type, target_key, payload, idempotency_key, status, attempts, due_at, created_at)
VALUES (@type, @key, @kind, @name, @target_type, @target_key, @payload, @idempotency_key, 'pending', 0, @due, @now)
ON CONFLICT (idempotency_key) DO NOTHING;
