-- Append-only streams written in turns (delivery log, alerts) and small secondary indexes kept by grains
-- (e.g. orders waiting for review), so operators can list across grains without scanning state.
CREATE TABLE IF NOT EXISTS od_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    stream     text NOT NULL,
    grain_type text NOT NULL,
    grain_key  text NOT NULL,
    at         bigint NOT NULL,
    entry      text NOT NULL
);
CREATE INDEX IF NOT EXISTS od_log_stream ON od_log (stream, id);
CREATE INDEX IF NOT EXISTS od_log_grain ON od_log (grain_type, grain_key, id);

CREATE TABLE IF NOT EXISTS od_index (
    index_name text NOT NULL,
    grain_type text NOT NULL,
    grain_key  text NOT NULL,
    value      text NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (index_name, grain_type, grain_key)
);
