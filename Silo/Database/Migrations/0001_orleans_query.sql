-- The statements Orleans' ADO.NET providers run. Each provider loads its rows at start-up with the fixed query
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and binds parameters by name (@ServiceId, @GrainId, ...), so the
-- table's name and its two columns are the providers' choice, not ours; unquoted, PostgreSQL folds them to lower case.
-- Later migrations add or replace rows with INSERT ... ON CONFLICT (querykey) DO UPDATE.
CREATE TABLE orleansquery
(
    querykey  text NOT NULL PRIMARY KEY,
    querytext text NOT NULL
);
