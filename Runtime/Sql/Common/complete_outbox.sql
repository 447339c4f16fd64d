UPDATE od_outbox
SET status = 'done', completed_at = @now, lease_owner = NULL, lease_token = NULL, lease_until = NULL
WHERE id = @id AND lease_token = @token AND status = 'pending';
