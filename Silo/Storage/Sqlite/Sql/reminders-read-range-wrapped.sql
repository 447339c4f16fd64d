-- The ring range (@begin, @end] when it wraps past the top (@begin >= @end): above @begin, or up to @end.
SELECT grain_id, reminder_name, start_at, period, etag
FROM reminders
WHERE grain_hash > @begin OR grain_hash <= @end;
