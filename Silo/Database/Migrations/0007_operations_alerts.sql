-- What the alert rules read. The paid-undelivered rule counts the orders paid and not delivered; the other rules read
-- the last minutes of a stream (supplier calls, order outcomes, webhook failures) by time.

CREATE INDEX operations_orders_paid_undelivered ON operations_orders (paid_at) WHERE paid_at IS NOT NULL AND delivered_at IS NULL;

CREATE INDEX operations_entries_by_time ON operations_entries (stream, at);
