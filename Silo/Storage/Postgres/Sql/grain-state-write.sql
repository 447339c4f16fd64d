-- One grain's state written over the version it read ($4), or first written where no row is ($4 NULL); $1 service
-- id, $2 state name, $3 grain key (a string key, kept as the row's extension as Orleans' ADO.NET storage keeps it),
-- $5 payload. The check of WriteToStorageKey (migration 0009), answering the new version, or no row when the check
-- failed. Run inside a batch of other writes (one transaction), a second write of the same grain sees the first and
-- fails its check.
WITH updated AS (
    UPDATE orleans_grain_state
    SET payload = $5, version = version + 1, modified_on = now()
    WHERE $4::integer IS NOT NULL AND version = $4::integer
      AND service_id = $1 AND state_name = $2
      AND grain_id_n0 = 0 AND grain_id_n1 = 0
      AND COALESCE('+' || grain_id_extension, '') = '+' || $3
    RETURNING version
), inserted AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
    SELECT $1, $2, 0, 0, $3, $5, 1
    WHERE $4::integer IS NULL
    ON CONFLICT (service_id, state_name, grain_id_n0, grain_id_n1, (COALESCE('+' || grain_id_extension, ''))) DO NOTHING
    RETURNING version
)
SELECT version::bigint FROM updated
UNION ALL
SELECT version::bigint FROM inserted
