DELETE FROM reminders;
