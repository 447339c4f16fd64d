-- What we bought from the supplier since @since, per currency (the PostgreSQL supplier-purchases.sql describes it).
SELECT json_extract(entry, '$.currency'), sum(json_extract(entry, '$.amountMinor'))
FROM operations_entries
WHERE stream = @stream
  AND at >= @since
  AND json_extract(entry, '$.operation') IN ('order', 'lookup')
  AND json_extract(entry, '$.outcome') IN ('completed', 'pending')
  AND json_extract(entry, '$.amountMinor') IS NOT NULL
  AND json_extract(entry, '$.currency') IS NOT NULL
GROUP BY 1
ORDER BY 1
