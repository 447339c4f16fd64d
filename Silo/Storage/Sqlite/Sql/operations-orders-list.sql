-- One page of orders, newest first, below the cursor @before; a null filter matches all. skus is a JSON array.
SELECT id, order_id, status, customer_email, created_at, paid_at, delivered_at, skus, total_minor, currency, test
FROM operations_orders
WHERE id < @before
  AND (@status IS NULL OR status = @status)
  AND (@from IS NULL OR created_at >= @from)
  AND (@to IS NULL OR created_at < @to)
  AND (@email IS NULL OR customer_email = @email)
  AND (@product IS NULL OR EXISTS (SELECT 1 FROM json_each(operations_orders.skus) WHERE json_each.value = @product))
  AND (@test IS NULL OR test = @test)
ORDER BY id DESC
LIMIT @limit;
