-- Writes the order's row, or replaces it when @version is above the stored one; an older write changes nothing.
INSERT INTO operations_orders (order_id, status, customer_email, created_at, paid_at, delivered_at, skus, total_minor, currency, test, version)
VALUES (@order_id, @status, @customer_email, @created_at, @paid_at, @delivered_at, @skus, @total_minor, @currency, @test, @version)
ON CONFLICT (order_id) DO UPDATE SET
    status = excluded.status,
    customer_email = excluded.customer_email,
    created_at = excluded.created_at,
    paid_at = excluded.paid_at,
    delivered_at = excluded.delivered_at,
    skus = excluded.skus,
    total_minor = excluded.total_minor,
    currency = excluded.currency,
    test = excluded.test,
    version = excluded.version
WHERE operations_orders.version < excluded.version;
