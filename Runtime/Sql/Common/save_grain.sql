UPDATE od_grain SET version = @version, state = @state, updated_at = @now
WHERE grain_type = @type AND grain_key = @key;
