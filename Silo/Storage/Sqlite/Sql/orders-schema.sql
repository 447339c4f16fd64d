-- The orders listing (the PostgreSQL migration 0006_operations_orders describes it). Times are .NET ticks in UTC.
CREATE TABLE IF NOT EXISTS operations_orders (
    order_id       TEXT    NOT NULL PRIMARY KEY,
    status         TEXT    NOT NULL,
    customer_email TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    paid_at        INTEGER NULL,
    delivered_at   INTEGER NULL,
    skus           TEXT    NOT NULL,
    total_minor    INTEGER NOT NULL,
    currency       TEXT    NOT NULL,
    test           INTEGER NOT NULL,
    version        INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS operations_orders_newest ON operations_orders (created_at DESC, order_id DESC);

-- The paid-undelivered alert rule reads the orders paid and not delivered (migration 0007_operations_alerts).
CREATE INDEX IF NOT EXISTS operations_orders_paid_undelivered ON operations_orders (paid_at) WHERE paid_at IS NOT NULL AND delivered_at IS NULL;

-- The supplier health chart reads live orders paid and delivered per minute (migration 0008_supplier_health).
CREATE INDEX IF NOT EXISTS operations_orders_paid ON operations_orders (paid_at) WHERE paid_at IS NOT NULL AND NOT test;

CREATE INDEX IF NOT EXISTS operations_orders_delivered ON operations_orders (delivered_at) WHERE delivered_at IS NOT NULL AND NOT test;
