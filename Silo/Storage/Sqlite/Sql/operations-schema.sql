-- The operations tables (the PostgreSQL migration 0005_operations describes them). Times are .NET ticks in UTC.
-- AUTOINCREMENT keeps ids rising even past a deleted newest row, so a reader's cursor never meets a reused id.
CREATE TABLE IF NOT EXISTS operations_entries (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    stream    TEXT    NOT NULL,
    grain_key TEXT    NOT NULL,
    step      TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    entry     TEXT    NOT NULL CHECK (json_valid(entry)),
    UNIQUE (stream, grain_key, step)
);

CREATE INDEX IF NOT EXISTS operations_entries_by_stream ON operations_entries (stream, id);

CREATE INDEX IF NOT EXISTS operations_entries_by_grain ON operations_entries (stream, grain_key, id);

CREATE TABLE IF NOT EXISTS operations_review (
    order_id TEXT    NOT NULL PRIMARY KEY,
    reason   TEXT    NULL,
    since    INTEGER NOT NULL,
    version  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS operations_review_queue ON operations_review (since, order_id) WHERE reason IS NOT NULL;

-- One row per order (the PostgreSQL migration 0006_orders describes it); skus is a JSON array of text.
CREATE TABLE IF NOT EXISTS operations_orders (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id       TEXT    NOT NULL UNIQUE,
    status         TEXT    NOT NULL,
    customer_email TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    paid_at        INTEGER NULL,
    delivered_at   INTEGER NULL,
    skus           TEXT    NOT NULL CHECK (json_valid(skus)),
    total_minor    INTEGER NOT NULL,
    currency       TEXT    NOT NULL,
    test           INTEGER NOT NULL,
    version        INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS operations_orders_by_status ON operations_orders (status, created_at);

CREATE INDEX IF NOT EXISTS operations_orders_by_email ON operations_orders (customer_email, id);

CREATE INDEX IF NOT EXISTS operations_entries_by_time ON operations_entries (stream, at);
