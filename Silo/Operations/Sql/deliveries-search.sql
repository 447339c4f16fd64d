-- One page of the deliveries stream, newest first, below the cursor @before; a null filter matches all. Entries written
-- before the customer's email and products were recorded have neither, so they match no email or product filter.
SELECT id, grain_key, at, entry::text
FROM operations_entries
WHERE stream = 'deliveries' AND id < @before
  AND (@order_id::text IS NULL OR grain_key = @order_id)
  AND (@email::text IS NULL OR entry ->> 'customerEmail' = @email)
  AND (@product::text IS NULL OR entry -> 'products' @> jsonb_build_array(@product::text))
  AND (@from::timestamptz IS NULL OR at >= @from)
  AND (@to::timestamptz IS NULL OR at < @to)
ORDER BY id DESC
LIMIT @limit
