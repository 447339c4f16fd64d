-- The caller has checked the stored version inside the same transaction; @payload is NULL for a clear.
INSERT INTO grain_state (state_name, grain_id, version, payload)
VALUES (@state_name, @grain_id, @version, @payload)
ON CONFLICT (state_name, grain_id) DO UPDATE SET version = excluded.version, payload = excluded.payload;
