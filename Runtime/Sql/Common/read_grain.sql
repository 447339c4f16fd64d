SELECT version, state FROM od_grain WHERE grain_type = @type AND grain_key = @key;
