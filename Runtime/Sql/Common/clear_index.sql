DELETE FROM od_index WHERE index_name = @name AND grain_type = @type AND grain_key = @key;
