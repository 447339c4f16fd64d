-- Reminders, one row per grain and reminder name. grain_hash is GrainId.GetUniformHashCode(), the ring position by
-- which each silo reads the reminders of its range. Times are stored as .NET ticks (start_at in UTC).
CREATE TABLE IF NOT EXISTS reminders (
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    grain_hash    INTEGER NOT NULL,
    start_at      INTEGER NOT NULL,
    period        INTEGER NOT NULL,
    etag          TEXT    NOT NULL,
    PRIMARY KEY (grain_id, reminder_name)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS reminders_by_grain_hash ON reminders (grain_hash);
