-- A page of the orders listing, newest first, after the cursor (@before_at, @before_id) when given. Every filter left
-- null matches all; @email matches any part of the stored email, ignoring (ASCII) case; @product is a whole SKU.
SELECT order_id, status, customer_email, created_at, paid_at, delivered_at, skus, total_minor, currency, test
FROM operations_orders
WHERE (@status IS NULL OR status = @status)
  AND (@from IS NULL OR created_at >= @from)
  AND (@to IS NULL OR created_at < @to)
  AND (@email IS NULL OR instr(lower(customer_email), lower(@email)) > 0)
  AND (@product IS NULL OR instr(skus, ',' || @product || ',') > 0)
  AND (@test IS NULL OR test = @test)
  AND (@before_at IS NULL OR (created_at, order_id) < (@before_at, @before_id))
ORDER BY created_at DESC, order_id DESC
LIMIT @limit;
