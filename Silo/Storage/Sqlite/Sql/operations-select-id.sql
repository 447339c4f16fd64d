SELECT id FROM operations_entries WHERE stream = @stream AND grain_key = @grain_key AND step = @step;
