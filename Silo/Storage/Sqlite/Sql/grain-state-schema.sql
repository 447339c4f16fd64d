-- Grain state, one row per state name and grain id. A cleared state keeps its row without a payload, so its
-- version keeps counting and an ETag from before the clear never matches again.
CREATE TABLE IF NOT EXISTS grain_state (
    state_name TEXT    NOT NULL,
    grain_id   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    payload    BLOB,
    PRIMARY KEY (state_name, grain_id)
) WITHOUT ROWID;
