-- The supplier calls of @stream written at or after @since (the PostgreSQL supplier-call-stats.sql describes the
-- figures). The 95th percentile by nearest rank is the row at rank ceil(0.95 n), in integers (95 n + 99) / 100.
WITH calls AS (
    SELECT json_extract(entry, '$.outcome') AS outcome, json_extract(entry, '$.latencyMs') AS latency
    FROM operations_entries
    WHERE stream = @stream AND at >= @since
)
SELECT (SELECT count(*) FROM calls),
       (SELECT count(*) FROM calls WHERE outcome IN ('failed', 'unreachable', 'unreadable')),
       (SELECT avg(latency) FROM calls),
       (SELECT latency FROM calls ORDER BY latency LIMIT 1 OFFSET max(0, ((SELECT count(*) FROM calls) * 95 + 99) / 100 - 1))
