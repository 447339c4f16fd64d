CREATE TABLE IF NOT EXISTS od_schema (version integer PRIMARY KEY, applied_at bigint NOT NULL);
