UPDATE od_outbox
SET status = 'pending', attempts = 0, due_at = @now, lease_owner = NULL, lease_token = NULL, lease_until = NULL
WHERE id = @id AND status = 'dead';
