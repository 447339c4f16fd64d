-- Live orders paid and delivered per minute in [@from, @until): one row per minute with any, oldest first. Minutes are
-- whole UTC minutes (every time zone's offset is whole minutes, so the session's does not move them).
SELECT minute, sum(paid)::int, sum(delivered)::int
FROM (SELECT date_trunc('minute', paid_at) AS minute, 1 AS paid, 0 AS delivered
      FROM operations_orders
      WHERE NOT test AND paid_at >= @from AND paid_at < @until
      UNION ALL
      SELECT date_trunc('minute', delivered_at), 0, 1
      FROM operations_orders
      WHERE NOT test AND delivered_at >= @from AND delivered_at < @until) AS events
GROUP BY minute
ORDER BY minute
