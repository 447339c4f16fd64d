-- The orders listing: one row per order, written by the order's effects whenever its status changes. version is the
-- order's event sequence; a write applies only with a version above the stored one, so a late retry never rolls a row
-- back. skus holds the order's SKUs each between commas (",a,b,") so that one is found whole.

CREATE TABLE operations_orders
(
    order_id       text        NOT NULL PRIMARY KEY,
    status         text        NOT NULL,
    customer_email text        NOT NULL,
    created_at     timestamptz NOT NULL,
    paid_at        timestamptz NULL,
    delivered_at   timestamptz NULL,
    skus           text        NOT NULL,
    total_minor    bigint      NOT NULL,
    currency       text        NOT NULL,
    test           boolean     NOT NULL,
    version        bigint      NOT NULL
);

CREATE INDEX operations_orders_newest ON operations_orders (created_at DESC, order_id DESC);
