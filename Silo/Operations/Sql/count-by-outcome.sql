-- How many entries of @stream written at or after @since there are of each outcome (the entry's "outcome"), through
-- operations_entries_by_time.
SELECT coalesce(entry->>'outcome', ''), count(*)::int
FROM operations_entries
WHERE stream = @stream AND at >= @since
GROUP BY 1
