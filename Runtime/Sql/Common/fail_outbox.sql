UPDATE od_outbox
SET status = @status, due_at = @due, last_error = @error, lease_owner = NULL, lease_token = NULL, lease_until = NULL
WHERE id = @id AND lease_token = @token AND status = 'pending';
