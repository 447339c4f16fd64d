-- The review queue, longest waiting first.
SELECT order_id, reason, since, version
FROM operations_review
WHERE reason IS NOT NULL
ORDER BY since, order_id
LIMIT @limit
