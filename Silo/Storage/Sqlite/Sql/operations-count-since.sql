-- How many entries of @stream were written at or after @since.
SELECT count(*)
FROM operations_entries
WHERE stream = @stream AND at >= @since
