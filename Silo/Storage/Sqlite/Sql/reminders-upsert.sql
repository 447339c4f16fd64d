INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period, etag)
VALUES (@grain_id, @reminder_name, @grain_hash, @start_at, @period, @etag)
ON CONFLICT (grain_id, reminder_name) DO UPDATE SET
    grain_hash = excluded.grain_hash,
    start_at = excluded.start_at,
    period = excluded.period,
    etag = excluded.etag;
