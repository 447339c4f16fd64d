SELECT version
FROM grain_state
WHERE state_name = @state_name AND grain_id = @grain_id;
