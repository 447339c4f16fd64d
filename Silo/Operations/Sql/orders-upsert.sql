-- Writes an order's row of the listing when @version is above the stored one; answers the version written, or no row.
INSERT INTO operations_orders (order_id, status, customer_email, created_at, paid_at, delivered_at, skus, total_minor, currency, test, version)
VALUES (@order_id, @status, @customer_email, @created_at, @paid_at, @delivered_at, @skus, @total_minor, @currency, @test, @version)
ON CONFLICT (order_id) DO UPDATE SET
    status = excluded.status,
    customer_email = excluded.customer_email,
    paid_at = excluded.paid_at,
    delivered_at = excluded.delivered_at,
    skus = excluded.skus,
    total_minor = excluded.total_minor,
    currency = excluded.currency,
    test = excluded.test,
    version = excluded.version
WHERE operations_orders.version < excluded.version
RETURNING version
