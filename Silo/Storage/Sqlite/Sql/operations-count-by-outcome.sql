-- How many entries of @stream written at or after @since there are of each outcome (the entry's "outcome").
SELECT coalesce(json_extract(entry, '$.outcome'), ''), count(*)
FROM operations_entries
WHERE stream = @stream AND at >= @since
GROUP BY 1
