SELECT name, due_at, period_ms, lease_owner, lease_until FROM od_reminder
WHERE grain_type = @type AND grain_key = @key ORDER BY name;
