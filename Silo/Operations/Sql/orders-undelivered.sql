-- Live orders paid at or before @paid_before and not delivered, unless refunded or reversed: how many, and the oldest payment.
SELECT count(*), min(paid_at)
FROM operations_orders
WHERE paid_at <= @paid_before
  AND delivered_at IS NULL
  AND NOT test
  AND status NOT IN ('refunding', 'refunded', 'reversed')
