-- Conditioned on the lease token: a silo whose lease was taken over changes nothing.
UPDATE od_reminder SET due_at = @next, lease_owner = NULL, lease_token = NULL, lease_until = NULL
WHERE grain_type = @type AND grain_key = @key AND name = @name AND lease_token = @token;
