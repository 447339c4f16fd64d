SELECT MIN(due_at) FROM (
    SELECT MIN(COALESCE(CASE WHEN lease_until > due_at THEN lease_until END, due_at)) AS due_at FROM od_reminder
    UNION ALL
    SELECT MIN(COALESCE(CASE WHEN lease_until > due_at THEN lease_until END, due_at)) FROM od_outbox WHERE status = 'pending'
) d;
