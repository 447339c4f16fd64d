-- Silos starting together migrate one at a time.
SELECT pg_advisory_xact_lock(7270010);
