-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet (silos) and its gateway list (clients).
--
-- One version row per cluster (the provider calls it the deployment id) fences every change to the membership rows:
-- a silo inserts or updates its row only together with moving the version from the value it read (@Version) to the
-- next, so of two silos acting on the same view exactly one succeeds and the other re-reads. Those statements answer
-- one boolean column: true when the change was made, false when the version had moved or the row was missing or
-- already there; in the false case nothing was changed.
--
-- Result columns carry the providers' names (StartTime, IAmAliveTime, ...): the reader looks them up by name, and
-- Npgsql matches an unquoted alias (folded to starttime) case-insensitively.

CREATE TABLE orleans_membership_version
(
    deployment_id text    NOT NULL PRIMARY KEY,
    version       integer NOT NULL DEFAULT 0
);

CREATE TABLE orleans_membership
(
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    -- "silo,time|silo,time": the silos that suspect this one, written and read only by the provider.
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $query$
    WITH inserted AS (
        INSERT INTO orleans_membership_version (deployment_id)
        VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING deployment_id
    )
    SELECT EXISTS (SELECT 1 FROM inserted) AS inserted
$query$),

-- The version row is locked first (FOR UPDATE) and checked again once the lock is held, so a silo that lost the race
-- inserts nothing; the row is inserted before the version moves, so a row that is already there moves nothing.
('InsertMembershipKey', $query$
    WITH fence AS (
        SELECT deployment_id
        FROM orleans_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE
    ), inserted AS (
        INSERT INTO orleans_membership
            (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
        SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM fence
        ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
        RETURNING deployment_id
    ), moved AS (
        UPDATE orleans_membership_version v
        SET version = @Version + 1
        FROM inserted
        WHERE v.deployment_id = inserted.deployment_id
        RETURNING v.deployment_id
    )
    SELECT EXISTS (SELECT 1 FROM moved) AS inserted
$query$),

('UpdateMembershipKey', $query$
    WITH fence AS (
        SELECT deployment_id
        FROM orleans_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE
    ), updated AS (
        UPDATE orleans_membership m
        SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM fence
        WHERE m.deployment_id = fence.deployment_id
          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING m.deployment_id
    ), moved AS (
        UPDATE orleans_membership_version v
        SET version = @Version + 1
        FROM updated
        WHERE v.deployment_id = updated.deployment_id
        RETURNING v.deployment_id
    )
    SELECT EXISTS (SELECT 1 FROM moved) AS updated
$query$),

-- The heartbeat is not fenced by the version: the provider expects it never to fail and does not read an answer.
('UpdateIAmAlivetimeKey', $query$
    UPDATE orleans_membership
    SET i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$query$),

-- Both reads answer the version row even when no silo row matches (the outer join): the provider takes the table
-- version from the first row and builds an entry only from rows that have a StartTime.
('MembershipReadRowKey', $query$
    SELECT
        v.version           AS Version,
        m.address           AS Address,
        m.port              AS Port,
        m.generation        AS Generation,
        m.silo_name         AS SiloName,
        m.host_name         AS HostName,
        m.status            AS Status,
        m.proxy_port        AS ProxyPort,
        m.suspect_times     AS SuspectTimes,
        m.start_time        AS StartTime,
        m.i_am_alive_time   AS IAmAliveTime
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
        ON m.deployment_id = v.deployment_id
       AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId
$query$),

('MembershipReadAllKey', $query$
    SELECT
        v.version           AS Version,
        m.address           AS Address,
        m.port              AS Port,
        m.generation        AS Generation,
        m.silo_name         AS SiloName,
        m.host_name         AS HostName,
        m.status            AS Status,
        m.proxy_port        AS ProxyPort,
        m.suspect_times     AS SuspectTimes,
        m.start_time        AS StartTime,
        m.i_am_alive_time   AS IAmAliveTime
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId
$query$),

-- The silo rows go with their version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $query$
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$query$),

-- Clients ask with @Status = Active (3); a silo without a gateway has proxy port 0.
('GatewaysQueryKey', $query$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$query$),

-- Rows of silos that are not active (3) and have not been heard from since @IAmAliveTime. Like the other Orleans
-- membership tables, this does not move the version.
('CleanupDefunctSiloEntriesKey', $query$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
$query$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
