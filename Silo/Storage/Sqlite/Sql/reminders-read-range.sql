-- The ring range (@begin, @end] when @begin < @end.
SELECT grain_id, reminder_name, start_at, period, etag
FROM reminders
WHERE grain_hash > @begin AND grain_hash <= @end;
