-- The supplier health page charts live orders paid and delivered per minute over the last day: each is a range of
-- paid_at or delivered_at. (The stream figures it shows read operations_entries_by_time from 0007.)

CREATE INDEX operations_orders_paid ON operations_orders (paid_at) WHERE paid_at IS NOT NULL AND NOT test;

CREATE INDEX operations_orders_delivered ON operations_orders (delivered_at) WHERE delivered_at IS NOT NULL AND NOT test;
