-- The operations tables: what operators list and export without visiting grains.
--
-- operations_entries is append-only. Each row is written by a grain's effect under the idempotency key
-- (stream, grain_key, step), so a retried effect finds its row already there and changes nothing; the first entry
-- written under a key is the one kept. Rows are listed newest first by id, per stream or per stream and grain.
--
-- operations_review holds one row per order that was ever sent to review. reason is null once the order left review;
-- that row stays, so its version keeps fencing late writes: a change applies only with a version above the stored one.

CREATE TABLE operations_entries
(
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream    text        NOT NULL,
    grain_key text        NOT NULL,
    step      text        NOT NULL,
    at        timestamptz NOT NULL,
    entry     jsonb       NOT NULL,
    CONSTRAINT operations_entries_idempotency UNIQUE (stream, grain_key, step)
);

CREATE INDEX operations_entries_by_stream ON operations_entries (stream, id);

CREATE INDEX operations_entries_by_grain ON operations_entries (stream, grain_key, id);

CREATE TABLE operations_review
(
    order_id text        NOT NULL PRIMARY KEY,
    reason   text        NULL,
    since    timestamptz NOT NULL,
    version  bigint      NOT NULL
);

CREATE INDEX operations_review_queue ON operations_review (since, order_id) WHERE reason IS NOT NULL;
