-- What we bought from the supplier since @since, per currency, in minor units: the placements (and the look-ups that
-- found a placement whose answer was lost) the supplier took, completed or pending, valued at the amount recorded
-- with them. Calls recorded before amounts were (no "amountMinor") are left out.
SELECT entry->>'currency', sum((entry->>'amountMinor')::bigint)::bigint
FROM operations_entries
WHERE stream = @stream
  AND at >= @since
  AND entry->>'operation' IN ('order', 'lookup')
  AND entry->>'outcome' IN ('completed', 'pending')
  AND entry->>'amountMinor' IS NOT NULL
  AND entry->>'currency' IS NOT NULL
GROUP BY 1
ORDER BY 1
