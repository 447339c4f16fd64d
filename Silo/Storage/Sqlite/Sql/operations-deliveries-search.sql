-- One page of the deliveries stream, newest first, below the cursor @before; a null filter matches all.
SELECT id, grain_key, at, entry
FROM operations_entries
WHERE stream = 'deliveries' AND id < @before
  AND (@order_id IS NULL OR grain_key = @order_id)
  AND (@email IS NULL OR json_extract(entry, '$.customerEmail') = @email)
  AND (@product IS NULL OR EXISTS (SELECT 1 FROM json_each(entry, '$.products') WHERE json_each.value = @product))
  AND (@from IS NULL OR at >= @from)
  AND (@to IS NULL OR at < @to)
ORDER BY id DESC
LIMIT @limit;
