-- The newest entry of each grain in @stream written at or after @since, ordered by grain.
SELECT DISTINCT ON (grain_key) id, grain_key, at, entry::text
FROM operations_entries
WHERE stream = @stream AND at >= @since
ORDER BY grain_key, id DESC
