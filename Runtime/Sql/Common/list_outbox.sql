SELECT id, grain_type, grain_key, kind, name, idempotency_key, status, attempts, due_at, created_at, completed_at, last_error
FROM od_outbox
WHERE (@status IS NULL OR status = @status)
  AND (@type IS NULL OR (grain_type = @type AND grain_key = @key))
ORDER BY id
LIMIT @max;
