-- Grain state, reminders and the outbox. Times are Unix milliseconds, passed in by the caller (@now), never read
-- from the server clock, so tests drive time and both stores share one meaning.
CREATE TABLE IF NOT EXISTS od_grain (
    grain_type text NOT NULL,
    grain_key  text NOT NULL,
    version    bigint NOT NULL,
    state      text NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);

CREATE TABLE IF NOT EXISTS od_reminder (
    grain_type  text NOT NULL,
    grain_key   text NOT NULL,
    name        text NOT NULL,
    due_at      bigint NOT NULL,
    period_ms   bigint NULL,
    lease_owner text NULL,
    lease_token text NULL,
    lease_until bigint NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);
CREATE INDEX IF NOT EXISTS od_reminder_due ON od_reminder (due_at);

CREATE TABLE IF NOT EXISTS od_outbox (
    id              bigserial PRIMARY KEY,
    grain_type      text NOT NULL,
    grain_key       text NOT NULL,
    kind            text NOT NULL,
    name            text NOT NULL,
    target_type     text NULL,
    target_key      text NULL,
    payload         text NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    status          text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    due_at          bigint NOT NULL,
    created_at      bigint NOT NULL,
    completed_at    bigint NULL,
    lease_owner     text NULL,
    lease_token     text NULL,
    lease_until     bigint NULL,
    last_error      text NULL
);
CREATE INDEX IF NOT EXISTS od_outbox_pending ON od_outbox (due_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS od_outbox_grain ON od_outbox (grain_type, grain_key);
