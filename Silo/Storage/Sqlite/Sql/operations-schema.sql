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

-- The alert rules read the last minutes of a stream (supplier calls, order outcomes, webhook failures) by time.
CREATE INDEX IF NOT EXISTS operations_entries_by_time ON operations_entries (stream, at);
