using System.Data;
using System.Data.Common;

namespace Orleans.Delivery.Runtime.Storage;

/// <summary>
/// Where grains live: state rows, reminders and the outbox, one transaction per turn. The two stores share every
/// statement's meaning; they differ in how a connection is had and in the few SQL files that need a dialect.
/// </summary>
public abstract class GrainStore : IAsyncDisposable
{
    private const int TransientRetries = 2;
    private readonly SqlScripts sql;

    private protected GrainStore(string dialect) => sql = new SqlScripts(dialect);

    /// <summary>The store's name in logs and tests ("postgres", "sqlite").</summary>
    public abstract string Name { get; }

    private protected abstract ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken);

    private protected abstract ValueTask ReleaseAsync(DbConnection connection);

    /// <summary>True for a failure that happened before anything could have been committed and may pass if tried again.</summary>
    private protected abstract bool IsTransient(Exception exception);

    public abstract ValueTask DisposeAsync();

    /// <summary>Creates or upgrades the schema. Safe to run any number of times, from any number of silos at once.</summary>
    public async Task MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, tx, "migration_lock", cancellationToken);
            await ExecuteAsync(connection, tx, "schema_table", cancellationToken);
            var applied = new HashSet<int>();
            await using (var cmd = Command(connection, tx, "applied_migrations"))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var (version, _, script) in sql.Migrations().Where(m => !applied.Contains(m.Version)))
            {
                await using (var migrate = connection.CreateCommand())
                {
                    migrate.Transaction = tx;
                    migrate.CommandText = script;
                    await migrate.ExecuteNonQueryAsync(cancellationToken);
                }

                await ExecuteAsync(connection, tx, "record_migration", cancellationToken, ("version", version), ("now", Ms(now)));
            }

            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    /// <summary>Answers when the database does: for health checks.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
        {
            await using var cmd = Command(c, null, "applied_migrations");
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The schema versions applied so far.</summary>
    public async Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken cancellationToken = default) =>
        await WithConnectionAsync(async c =>
        {
            var versions = new List<int>();
            await using var cmd = Command(c, null, "applied_migrations");
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(reader.GetInt32(0));
            }

            return versions;
        }, cancellationToken);

    /// <summary>Reads a grain's row without locking it; null if the grain never had a turn.</summary>
    public Task<StoredGrain?> ReadAsync(GrainId id, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
        {
            await using var cmd = Command(c, null, "read_grain", ("type", id.Type), ("key", id.Key));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new StoredGrain(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1))
                : null;
        }, cancellationToken);

    /// <summary>
    /// One turn: lock the grain's row, complete the lease (if any), run <paramref name="logic"/>, write the new state,
    /// its outbox rows and reminder changes, commit. An exception from the logic rolls everything back.
    /// </summary>
    internal async Task<TurnOutcome> RunTurnAsync(
        GrainId id,
        DateTimeOffset now,
        TurnLease? lease,
        Func<TurnFrame, object?> logic,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var committing = false;
            DbConnection? connection = null;
            try
            {
                connection = await AcquireAsync(cancellationToken);
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                var (version, state) = await LockAsync(connection, tx, id, now, cancellationToken);
                if (lease is not null && !await CompleteLeaseAsync(connection, tx, id, lease, now, cancellationToken))
                {
                    await tx.RollbackAsync(cancellationToken);
                    return TurnOutcome.LeaseLost;
                }

                var frame = new TurnFrame(id, now, version, state);
                var response = logic(frame);
                var next = version + 1;
                await ExecuteAsync(connection, tx, "save_grain", cancellationToken,
                    ("type", id.Type), ("key", id.Key), ("version", next), ("state", frame.StateJson), ("now", Ms(now)));
                foreach (var row in frame.Outbox)
                {
                    await ExecuteAsync(connection, tx, "insert_outbox", cancellationToken,
                        ("type", id.Type), ("key", id.Key), ("kind", KindName(row.Kind)), ("name", row.Name),
                        ("target_type", row.Target?.Type), ("target_key", row.Target?.Key), ("payload", row.Payload),
                        ("idempotency_key", row.IdempotencyKey), ("due", Ms(row.DueAt)), ("now", Ms(now)));
                }

                foreach (var change in frame.Reminders)
                {
                    await (change switch
                    {
                        ReminderChange.Set set => ExecuteAsync(connection, tx, "set_reminder", cancellationToken,
                            ("type", id.Type), ("key", id.Key), ("name", set.Name), ("due", Ms(set.DueAt)),
                            ("period", set.Period is { } p ? (object)(long)p.TotalMilliseconds : null)),
                        _ => ExecuteAsync(connection, tx, "cancel_reminder", cancellationToken,
                            ("type", id.Type), ("key", id.Key), ("name", change.Name)),
                    });
                }

                foreach (var (stream, entry) in frame.Log)
                {
                    await ExecuteAsync(connection, tx, "append_log", cancellationToken,
                        ("stream", stream), ("type", id.Type), ("key", id.Key), ("now", Ms(now)), ("entry", entry));
                }

                foreach (var (name, value) in frame.Index)
                {
                    await (value is null
                        ? ExecuteAsync(connection, tx, "clear_index", cancellationToken, ("name", name), ("type", id.Type), ("key", id.Key))
                        : ExecuteAsync(connection, tx, "set_index", cancellationToken,
                            ("name", name), ("type", id.Type), ("key", id.Key), ("value", value), ("now", Ms(now))));
                }

                var plannedWork = frame.Outbox.Count > 0 || frame.Reminders.Any(r => r is ReminderChange.Set);
                if (plannedWork)
                {
                    await ExecuteAsync(connection, tx, "notify", cancellationToken);
                }

                committing = true;
                await tx.CommitAsync(cancellationToken);
                return new TurnOutcome(true, response, next, plannedWork);
            }
            catch (Exception e) when (!committing && attempt < TransientRetries && IsTransient(e))
            {
                // The connection broke before the commit was sent: nothing was written, so the turn is run again.
            }
            finally
            {
                if (connection is not null)
                {
                    await ReleaseAsync(connection);
                }
            }
        }
    }

    internal Task<IReadOnlyList<ClaimedReminder>> ClaimRemindersAsync(
        string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        var token = NewToken();
        return WithConnectionAsync<IReadOnlyList<ClaimedReminder>>(async c =>
        {
            var claimed = new List<ClaimedReminder>();
            await using var cmd = Command(c, null, "claim_reminders",
                ("owner", owner), ("token", token), ("now", Ms(now)), ("until", Ms(now + lease)), ("max", max));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedReminder(
                    new GrainId(reader.GetString(0), reader.GetString(1)),
                    reader.GetString(2),
                    FromMs(reader.GetInt64(3)),
                    reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                    token));
            }

            return claimed;
        }, cancellationToken);
    }

    internal Task<IReadOnlyList<ClaimedOutbox>> ClaimOutboxAsync(
        string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        var token = NewToken();
        return WithConnectionAsync<IReadOnlyList<ClaimedOutbox>>(async c =>
        {
            var claimed = new List<ClaimedOutbox>();
            await using var cmd = Command(c, null, "claim_outbox",
                ("owner", owner), ("token", token), ("now", Ms(now)), ("until", Ms(now + lease)), ("max", max));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedOutbox(
                    reader.GetInt64(0),
                    new GrainId(reader.GetString(1), reader.GetString(2)),
                    ParseKind(reader.GetString(3)),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : new GrainId(reader.GetString(5), reader.GetString(6)),
                    reader.GetString(7),
                    reader.GetString(8),
                    reader.GetInt32(9),
                    token));
            }

            return claimed;
        }, cancellationToken);
    }

    /// <summary>Marks a dispatched effect done; false when the lease was lost (nothing written).</summary>
    internal Task<bool> CompleteOutboxAsync(long id, string token, DateTimeOffset now, CancellationToken cancellationToken) =>
        WithConnectionAsync(async c => await ExecuteAsync(c, null, "complete_outbox", cancellationToken,
            ("id", id), ("token", token), ("now", Ms(now))) == 1, cancellationToken);

    /// <summary>Records a failed attempt: back to pending at <paramref name="retryAt"/>, or dead when it is null.</summary>
    internal Task<bool> FailOutboxAsync(
        long id, string token, DateTimeOffset now, DateTimeOffset? retryAt, string error, CancellationToken cancellationToken) =>
        WithConnectionAsync(async c => await ExecuteAsync(c, null, "fail_outbox", cancellationToken,
            ("id", id), ("token", token), ("status", retryAt is null ? "dead" : "pending"),
            ("due", Ms(retryAt ?? now)), ("error", Truncate(error, 2000))) == 1, cancellationToken);

    /// <summary>Puts a dead effect back in the queue with fresh attempts.</summary>
    public Task<bool> RequeueAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c => await ExecuteAsync(c, null, "requeue_outbox", cancellationToken,
            ("id", id), ("now", Ms(now))) == 1, cancellationToken);

    /// <summary>Outbox rows, optionally of one status and one grain, oldest first.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(
        OutboxStatus? status = null, GrainId? grain = null, int max = 500, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<OutboxEntry>>(async c =>
        {
            var rows = new List<OutboxEntry>();
            await using var cmd = Command(c, null, "list_outbox",
                ("status", status is { } s ? StatusName(s) : null), ("type", grain?.Type), ("key", grain?.Key), ("max", max));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new OutboxEntry(
                    reader.GetInt64(0),
                    new GrainId(reader.GetString(1), reader.GetString(2)),
                    ParseKind(reader.GetString(3)),
                    reader.GetString(4),
                    reader.GetString(5),
                    ParseStatus(reader.GetString(6)),
                    reader.GetInt32(7),
                    FromMs(reader.GetInt64(8)),
                    FromMs(reader.GetInt64(9)),
                    reader.IsDBNull(10) ? null : FromMs(reader.GetInt64(10)),
                    reader.IsDBNull(11) ? null : reader.GetString(11)));
            }

            return rows;
        }, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ListRemindersAsync(GrainId grain, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<ReminderEntry>>(async c =>
        {
            var rows = new List<ReminderEntry>();
            await using var cmd = Command(c, null, "list_reminders", ("type", grain.Type), ("key", grain.Key));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new ReminderEntry(
                    reader.GetString(0),
                    FromMs(reader.GetInt64(1)),
                    reader.IsDBNull(2) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(2)),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : FromMs(reader.GetInt64(4))));
            }

            return rows;
        }, cancellationToken);

    /// <summary>A stream's entries, newest first, optionally of one grain; page with <paramref name="before"/> (an entry id).</summary>
    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(
        string stream, GrainId? grain = null, long before = long.MaxValue, int max = 100, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<LogEntry>>(async c =>
        {
            var rows = new List<LogEntry>();
            await using var cmd = Command(c, null, "read_log",
                ("stream", stream), ("type", grain?.Type), ("key", grain?.Key), ("before", before), ("max", max));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new LogEntry(reader.GetInt64(0), new GrainId(reader.GetString(1), reader.GetString(2)), FromMs(reader.GetInt64(3)), reader.GetString(4)));
            }

            return rows;
        }, cancellationToken);

    /// <summary>The grains in an index, oldest entry first.</summary>
    public Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string name, int max = 500, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<IndexEntry>>(async c =>
        {
            var rows = new List<IndexEntry>();
            await using var cmd = Command(c, null, "read_index", ("name", name), ("max", max));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new IndexEntry(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2), FromMs(reader.GetInt64(3))));
            }

            return rows;
        }, cancellationToken);

    /// <summary>The earliest time any reminder or outbox row becomes claimable, or null when there is none.</summary>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
        {
            await using var cmd = Command(c, null, "next_due");
            var value = await cmd.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? (DateTimeOffset?)null : FromMs(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }, cancellationToken);

    /// <summary>Runs a statement outside the engine's own SQL: for tests and operator tooling only.</summary>
    internal Task<int> ExecuteRawAsync(string statement, params (string Name, object? Value)[] parameters) =>
        WithConnectionAsync(async c =>
        {
            await using var cmd = Command(c, null, "read_grain", parameters);
            cmd.CommandText = statement;
            return await cmd.ExecuteNonQueryAsync();
        }, CancellationToken.None);

    private async Task<(long Version, string? State)> LockAsync(
        DbConnection connection, DbTransaction tx, GrainId id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, tx, "lock_grain", ("type", id.Type), ("key", id.Key), ("now", Ms(now)));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"The row of grain {id} could not be locked.");
        }

        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private async Task<bool> CompleteLeaseAsync(
        DbConnection connection, DbTransaction tx, GrainId id, TurnLease lease, DateTimeOffset now, CancellationToken cancellationToken) =>
        lease switch
        {
            TurnLease.Outbox o => await ExecuteAsync(connection, tx, "complete_outbox", cancellationToken,
                ("id", o.Id), ("token", o.Token), ("now", Ms(now))) == 1,
            TurnLease.Reminder { Next: { } next } r => await ExecuteAsync(connection, tx, "advance_reminder", cancellationToken,
                ("type", id.Type), ("key", id.Key), ("name", r.Name), ("next", Ms(next)), ("token", r.Token)) == 1,
            TurnLease.DeadOutbox d => await ExecuteAsync(connection, tx, "fail_outbox", cancellationToken,
                ("id", d.Id), ("token", d.Token), ("status", "dead"), ("due", Ms(now)), ("error", Truncate(d.Error, 2000))) == 1,
            TurnLease.Reminder r => await ExecuteAsync(connection, tx, "finish_reminder", cancellationToken,
                ("type", id.Type), ("key", id.Key), ("name", r.Name), ("token", r.Token)) == 1,
            _ => throw new ArgumentOutOfRangeException(nameof(lease)),
        };

    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            DbConnection? connection = null;
            try
            {
                connection = await AcquireAsync(cancellationToken);
                return await work(connection);
            }
            catch (Exception e) when (attempt < TransientRetries && IsTransient(e))
            {
                // Single statements outside a turn are idempotent or conditioned on a lease token: safe to repeat.
            }
            finally
            {
                if (connection is not null)
                {
                    await ReleaseAsync(connection);
                }
            }
        }
    }

    private async Task<int> ExecuteAsync(
        DbConnection connection, DbTransaction? tx, string script, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(connection, tx, script, parameters);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(DbConnection connection, DbTransaction? tx, string script, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql[script];
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            // Nulls carry no type: they go as text, and the SQL casts the few that are not.
            p.DbType = value switch
            {
                long => DbType.Int64,
                int => DbType.Int32,
                _ => DbType.String,
            };
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    internal static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string NewToken() => Guid.NewGuid().ToString("N");

    private static string KindName(OutboxKind kind) => kind == OutboxKind.Effect ? "effect" : "message";

    private static OutboxKind ParseKind(string kind) => kind == "effect" ? OutboxKind.Effect : OutboxKind.Message;

    private static string StatusName(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Done => "done",
        _ => "dead",
    };

    private static OutboxStatus ParseStatus(string status) => status switch
    {
        "pending" => OutboxStatus.Pending,
        "done" => OutboxStatus.Done,
        _ => OutboxStatus.Dead,
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
