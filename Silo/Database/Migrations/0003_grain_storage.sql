-- Grain state for Microsoft.Orleans.Persistence.AdoNet.
--
-- A row is one grain's one state: the service, the state's name (the provider passes it as @GrainTypeString; it is the
-- name given to [PersistentState], not the grain class, so every grain type's state needs its own name) and the grain
-- key as the provider splits it: @GrainIdN0/@GrainIdN1 (a GUID key's two halves, or 0 and an integer key) and
-- @GrainIdExtensionString (a string key, or the extension of a GUID or integer key; NULL when there is none).
--
-- The provider also sends @GrainIdHash and @GrainTypeHash, hashes of the key and of the state name by a configurable
-- hasher. They are not stored: the unique key below finds a row exactly, and a hash would tie the stored rows to the
-- hasher configured when they were written.
--
-- The ETag is the row's version, an integer the provider round-trips as text: 1 on the first write, one more on every
-- write or clear. A write or clear names the version it read (@GrainStateVersion, NULL when the grain read nothing)
-- and changes the row only if it is still that version. The answer is always one row, NewGrainStateVersion: the new
-- version on success; otherwise the version that was sent (or NULL, read as an empty ETag), which the provider turns
-- into an InconsistentStateException.
--
-- The provider passes no time, so modified_on is the database's clock (informational; no query reads it).

CREATE TABLE orleans_grain_state
(
    service_id         text        NOT NULL,
    state_name         text        NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text        NULL,
    payload            bytea       NULL,
    version            integer     NOT NULL,
    modified_on        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_key
        UNIQUE NULLS NOT DISTINCT (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- The key match below spells out the NULL case instead of using IS NOT DISTINCT FROM, which no index can serve:
-- with the parameter's value known at planning time, either arm reduces to an indexed equality or IS NULL.
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $query$
    SELECT payload AS PayloadBinary, version AS Version
    FROM orleans_grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND (grain_id_extension = @GrainIdExtensionString
           OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
$query$),

-- With a version: update that version. Without one (the grain read no row, or its row was deleted): insert, unless a
-- row is there already, which a concurrent activation wrote first.
('WriteToStorageKey', $query$
    WITH updated AS (
        UPDATE orleans_grain_state
        SET payload = @PayloadBinary, version = version + 1, modified_on = now()
        WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
          AND service_id = @ServiceId AND state_name = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND (grain_id_extension = @GrainIdExtensionString
               OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
        RETURNING version
    ), inserted AS (
        INSERT INTO orleans_grain_state (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT ON CONSTRAINT orleans_grain_state_key DO NOTHING
        RETURNING version
    )
    SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS NewGrainStateVersion
$query$),

-- Clearing keeps the row with no payload and the next version, so versions never repeat for a grain.
('ClearStorageKey', $query$
    WITH cleared AS (
        UPDATE orleans_grain_state
        SET payload = NULL, version = version + 1, modified_on = now()
        WHERE version = @GrainStateVersion
          AND service_id = @ServiceId AND state_name = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND (grain_id_extension = @GrainIdExtensionString
               OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
        RETURNING version
    )
    SELECT COALESCE((SELECT version FROM cleared), @GrainStateVersion) AS NewGrainStateVersion
$query$),

-- Used instead of ClearStorageKey only with AdoNetGrainStorageOptions.DeleteStateOnClear. The provider then holds no
-- ETag, and the next write starts again at version 1, so a stale activation that still holds an old "1" could
-- overwrite it: prefer clearing.
('DeleteStorageKey', $query$
    WITH deleted AS (
        DELETE FROM orleans_grain_state
        WHERE version = @GrainStateVersion
          AND service_id = @ServiceId AND state_name = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND (grain_id_extension = @GrainIdExtensionString
               OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
        RETURNING version
    )
    SELECT COALESCE((SELECT version + 1 FROM deleted), @GrainStateVersion) AS NewGrainStateVersion
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
