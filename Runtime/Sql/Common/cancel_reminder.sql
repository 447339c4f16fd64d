DELETE FROM od_reminder WHERE grain_type = @type AND grain_key = @key AND name = @name;
