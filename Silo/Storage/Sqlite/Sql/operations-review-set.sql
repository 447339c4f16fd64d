-- Sets (@reason) or clears (@reason null) an order's review reason, only when @version is above the stored one.
-- An order that stays in review keeps its place in the queue (since) when only the reason changes.
INSERT INTO operations_review (order_id, reason, since, version)
VALUES (@order_id, @reason, @at, @version)
ON CONFLICT (order_id) DO UPDATE SET
    reason = excluded.reason,
    since = CASE WHEN operations_review.reason IS NOT NULL AND excluded.reason IS NOT NULL
                 THEN operations_review.since ELSE excluded.since END,
    version = excluded.version
WHERE operations_review.version < excluded.version;
