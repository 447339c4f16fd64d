DELETE FROM reminders
WHERE grain_id = @grain_id AND reminder_name = @reminder_name AND etag = @etag;
