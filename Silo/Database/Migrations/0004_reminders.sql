-- Reminders for Microsoft.Orleans.Reminders.AdoNet.
--
-- @GrainId is the grain id's text ("type/key"); @GrainHash its uniform hash, a uint the provider sends as a signed
-- int. The reminder service reads the rows of its ring range (@BeginHash, @EndHash] with ReadRangeRows1Key when
-- (int)begin < (int)end and with ReadRangeRows2Key, the wrapped range, otherwise (including begin = end: the whole
-- ring). Both hashes are compared as signed ints, which keeps the ring's order: casting to int only moves where it
-- wraps.
--
-- The ETag is the version column. Every upsert takes the next value of one sequence instead of counting per row, so a
-- reminder removed and registered again never gets back an ETag it had before, and a stale ETag cannot remove it.
-- The provider reads it as an int: the sequence is an integer one and wraps after 2^31 upserts.
-- period_ms is the period in milliseconds (the provider sends an int, or a bigint beyond int's range).

CREATE SEQUENCE orleans_reminder_version AS integer CYCLE;

CREATE TABLE orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX orleans_reminder_ring ON orleans_reminder (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $query$
    INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, nextval('orleans_reminder_version'))
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = excluded.start_time,
        period_ms = excluded.period_ms,
        grain_hash = excluded.grain_hash,
        version = excluded.version
    RETURNING version AS Version
$query$),

('ReadReminderRowsKey', $query$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId
$query$),

('ReadReminderRowKey', $query$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$query$),

('ReadRangeRows1Key', $query$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$query$),

('ReadRangeRows2Key', $query$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$query$),

-- One boolean column: whether the reminder was there with that ETag and is now gone.
('DeleteReminderRowKey', $query$
    WITH deleted AS (
        DELETE FROM orleans_reminder
        WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM deleted) AS deleted
$query$),

('DeleteReminderRowsKey', $query$
    DELETE FROM orleans_reminder WHERE service_id = @ServiceId
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
