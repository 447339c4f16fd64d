using Npgsql;

namespace Orleans.Delivery.Silo.Database;

/// <summary>
/// Brings a PostgreSQL database to the schema this build expects: the tables and the <c>OrleansQuery</c> rows of
/// Orleans' ADO.NET clustering, grain storage and reminders (<see cref="SchemaMigration.Embedded"/>). Each pending
/// migration runs in its own transaction together with its row in <c>schema_migrations</c>, under a transaction-scoped
/// advisory lock, so any number of silos may call <see cref="MigrateAsync"/> at once: one applies each migration, the
/// others wait for it and then find it applied. A migration that fails leaves no trace and is retried on the next run.
/// </summary>
/// <remarks>
/// Hand-written rather than taken from a served migration library: DbUp takes no lock, so silos starting together
/// would race; FluentMigrator writes migrations as C# classes, not <c>.sql</c> files; Evolve locks, but wants its own
/// file naming (<c>V1__name.sql</c>) and history table. What we need is a few dozen lines over Npgsql.
/// </remarks>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, TimeProvider time, ILogger<SchemaMigrator> logger)
{
    /// <summary>
    /// The advisory lock key every build of this product takes while migrating (the bytes of "ODmigrat"). Other
    /// applications sharing the database must not use it.
    /// </summary>
    public const long AdvisoryLockKey = 0x4F44_6D69_6772_6174;

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations
        (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL
        )
        """;

    private readonly IReadOnlyList<SchemaMigration> migrations = SchemaMigration.Embedded;

    internal SchemaMigrator(NpgsqlDataSource dataSource, TimeProvider time, ILogger<SchemaMigrator> logger, IReadOnlyList<SchemaMigration> migrations)
        : this(dataSource, time, logger) => this.migrations = migrations;

    /// <summary>
    /// Applies every migration the database does not have yet, in order, and returns those this call applied (none when
    /// the schema is current). Throws when an applied migration's script has changed since it was applied.
    /// </summary>
    public async Task<IReadOnlyList<SchemaMigration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var applied = new List<SchemaMigration>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var migration in migrations)
        {
            if (await ApplyAsync(connection, migration, cancellationToken))
            {
                applied.Add(migration);
            }
        }

        var newer = await NewerVersionsAsync(connection, cancellationToken);
        if (newer.Count > 0)
        {
            SiloLog.SchemaIsNewer(logger, string.Join(", ", newer), migrations.Count);
        }

        if (applied.Count == 0)
        {
            SiloLog.SchemaUpToDate(logger, migrations.Count);
        }

        return applied;
    }

    private async Task<bool> ApplyAsync(NpgsqlConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(CreateHistory, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand("SELECT checksum FROM schema_migrations WHERE version = @version", connection, transaction))
        {
            command.Parameters.AddWithValue("version", migration.Version);
            if (await command.ExecuteScalarAsync(cancellationToken) is string checksum)
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration} was changed after it was applied to this database (recorded checksum {checksum}, " +
                        $"this build's {migration.Checksum}). Applied migrations must not be edited: restore it and add a new migration.");
                }

                return false;
            }
        }

        await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @now)", connection, transaction))
        {
            command.Parameters.AddWithValue("version", migration.Version);
            command.Parameters.AddWithValue("name", migration.Name);
            command.Parameters.AddWithValue("checksum", migration.Checksum);
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        SiloLog.MigrationApplied(logger, migration.ToString(), (long)time.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    private async Task<List<int>> NewerVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var newer = new List<int>();
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations WHERE version > @known ORDER BY version", connection);
        command.Parameters.AddWithValue("known", migrations.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            newer.Add(reader.GetInt32(0));
        }

        return newer;
    }
}
