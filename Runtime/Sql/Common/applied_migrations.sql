SELECT version FROM od_schema ORDER BY version;
