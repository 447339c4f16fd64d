-- Live orders paid and delivered per minute in [@from, @until): one row per minute with any, oldest first; a minute is
-- 600 000 000 ticks, and times are UTC ticks, so dividing gives whole UTC minutes.
SELECT minute, sum(paid), sum(delivered)
FROM (SELECT (paid_at / 600000000) * 600000000 AS minute, 1 AS paid, 0 AS delivered
      FROM operations_orders
      WHERE NOT test AND paid_at >= @from AND paid_at < @until
      UNION ALL
      SELECT (delivered_at / 600000000) * 600000000, 0, 1
      FROM operations_orders
      WHERE NOT test AND delivered_at >= @from AND delivered_at < @until)
GROUP BY minute
ORDER BY minute
