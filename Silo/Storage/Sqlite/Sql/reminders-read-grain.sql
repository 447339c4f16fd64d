SELECT grain_id, reminder_name, start_at, period, etag
FROM reminders
WHERE grain_id = @grain_id;
