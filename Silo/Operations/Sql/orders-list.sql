-- One page of orders, newest first (by the id the first write took), below the cursor @before; a null filter matches all.
SELECT id, order_id, status, customer_email, created_at, paid_at, delivered_at, skus, total_minor, currency, test
FROM operations_orders
WHERE id < @before
  AND (@status::text IS NULL OR status = @status)
  AND (@from::timestamptz IS NULL OR created_at >= @from)
  AND (@to::timestamptz IS NULL OR created_at < @to)
  AND (@email::text IS NULL OR customer_email = @email)
  AND (@product::text IS NULL OR @product = ANY (skus))
  AND (@test::boolean IS NULL OR test = @test)
ORDER BY id DESC
LIMIT @limit
