-- The newest entry of each grain in @stream written at or after @since, ordered by grain.
SELECT id, grain_key, at, entry
FROM (SELECT id, grain_key, at, entry, row_number() OVER (PARTITION BY grain_key ORDER BY id DESC) AS n
      FROM operations_entries
      WHERE stream = @stream AND at >= @since)
WHERE n = 1
ORDER BY grain_key
