-- The orders table: one row per order, replaced by the order's own effect whenever its status, payment or delivery
-- changes. version is the order's write version; an older row never overwrites a newer one. id orders rows by when
-- they were first written (the order's creation) and is the cursor of the listing.

CREATE TABLE operations_orders
(
    id             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    order_id       text        NOT NULL PRIMARY KEY,
    status         text        NOT NULL,
    customer_email text        NOT NULL,
    created_at     timestamptz NOT NULL,
    paid_at        timestamptz NULL,
    delivered_at   timestamptz NULL,
    skus           text[]      NOT NULL,
    total_minor    bigint      NOT NULL,
    currency       text        NOT NULL,
    test           boolean     NOT NULL,
    version        bigint      NOT NULL
);

CREATE INDEX operations_orders_listing ON operations_orders (id);

CREATE INDEX operations_orders_by_status ON operations_orders (status, created_at);

CREATE INDEX operations_orders_by_email ON operations_orders (customer_email, id);

CREATE INDEX operations_orders_paid_undelivered ON operations_orders (paid_at) WHERE paid_at IS NOT NULL AND delivered_at IS NULL;

-- The alert rules read the last minutes of a stream (supplier calls, order outcomes, webhook failures) by time.
CREATE INDEX operations_entries_by_time ON operations_entries (stream, at);
