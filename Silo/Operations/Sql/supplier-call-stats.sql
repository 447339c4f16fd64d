-- The supplier calls of @stream written at or after @since: how many, how many failed (the supplier failed the order,
-- could not be reached, or answered unreadably), the average latency and its 95th percentile by nearest rank (the
-- smallest latency with at least 95 % of the calls at or under it), in milliseconds; null figures when there were none.
-- The window is found by operations_entries_by_time (stream, at); outcome and latency are read from each row's JSON,
-- which is cheap for the few thousand rows of a window and spares a second copy of them in columns.
SELECT count(*)::int,
       count(*) FILTER (WHERE entry->>'outcome' IN ('failed', 'unreachable', 'unreadable'))::int,
       avg((entry->>'latencyMs')::float8),
       percentile_disc(0.95) WITHIN GROUP (ORDER BY (entry->>'latencyMs')::float8)
FROM operations_entries
WHERE stream = @stream AND at >= @since
