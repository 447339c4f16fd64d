using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Database;

public sealed class SchemaMigratorPostgresTests
{
    /// <summary>Every query key Orleans 10.4.2's ADO.NET clustering, grain storage and reminders read from OrleansQuery.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
        "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task Migrate_FreshDatabase_AppliesEveryMigrationInOrderAndRecordsIt()
    {
        await using var database = await NewDatabaseAsync();

        var applied = await Migrator(database).MigrateAsync();

        Assert.Equal(SchemaMigration.Embedded, applied);
        Assert.Equal(
            SchemaMigration.Embedded.Select(m => $"{m.Version} {m.Name} {m.Checksum}"),
            await RowsAsync(database, "SELECT version || ' ' || name || ' ' || checksum FROM schema_migrations ORDER BY version"));
        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), await RowsAsync(database, "SELECT querykey FROM orleansquery ORDER BY querykey COLLATE \"C\""));
    }

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothingAndChangesNothing()
    {
        await using var database = await NewDatabaseAsync();
        await Migrator(database).MigrateAsync();
        var before = await SchemaAsync(database);

        var applied = await Migrator(database).MigrateAsync();

        Assert.Empty(applied);
        Assert.Equal(before, await SchemaAsync(database));
    }

    [Fact]
    public async Task Migrate_ThreeAtOnceOnAFreshDatabase_AllSucceedAndEachMigrationIsAppliedOnce()
    {
        var connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("migrate_race");
        // Three silos: three processes, three data sources.
        var sources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            var runs = await Task.WhenAll(sources.Select(source => Task.Run(() => Migrator(source).MigrateAsync())));

            Assert.Equal(SchemaMigration.Embedded, runs.SelectMany(applied => applied).OrderBy(m => m.Version));
            Assert.Equal(
                SchemaMigration.Embedded.Select(m => m.Version.ToString()),
                await RowsAsync(sources[0], "SELECT version::text FROM schema_migrations ORDER BY version"));
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Migrate_FailingMigration_LeavesNoTraceAndIsAppliedOnceFixed()
    {
        await using var database = await NewDatabaseAsync();
        var next = SchemaMigration.Embedded.Count + 1;
        List<SchemaMigration> broken = [.. SchemaMigration.Embedded, new(next, "broken", "CREATE TABLE half_done (id integer); SELECT 1 / 0;")];
        List<SchemaMigration> fixedUp = [.. SchemaMigration.Embedded, new(next, "broken", "CREATE TABLE half_done (id integer);")];

        await Assert.ThrowsAsync<PostgresException>(() => Migrator(database, broken).MigrateAsync());

        Assert.Equal(["0"], await RowsAsync(database, "SELECT count(*)::text FROM pg_tables WHERE tablename = 'half_done'"));
        Assert.Equal(SchemaMigration.Embedded.Count.ToString(), Assert.Single(await RowsAsync(database, "SELECT count(*)::text FROM schema_migrations")));
        Assert.Equal(next, Assert.Single(await Migrator(database, fixedUp).MigrateAsync()).Version);
    }

    [Fact]
    public async Task Migrate_AppliedMigrationEdited_RefusesAndNamesIt()
    {
        await using var database = await NewDatabaseAsync();
        await Migrator(database).MigrateAsync();
        var first = SchemaMigration.Embedded[0];
        List<SchemaMigration> edited = [first with { Sql = first.Sql + "\n-- edited\n" }, .. SchemaMigration.Embedded.Skip(1)];

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(database, edited).MigrateAsync());

        Assert.Contains("0001_orleans_query", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<NpgsqlDataSource> NewDatabaseAsync() =>
        NpgsqlDataSource.Create(await (await PostgresServer.Instance).CreateDatabaseAsync("migrate"));

    private static SchemaMigrator Migrator(NpgsqlDataSource database, IReadOnlyList<SchemaMigration>? migrations = null) =>
        new(database, TimeProvider.System, NullLoggerFactory.Instance.CreateLogger<SchemaMigrator>(), migrations ?? SchemaMigration.Embedded);

    /// <summary>The tables, columns, indexes, sequences, query rows and history of the public schema, as text.</summary>
    private static Task<List<string>> SchemaAsync(NpgsqlDataSource database) => RowsAsync(database, """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'sequence ' || sequencename || ' ' || coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public'
        UNION ALL SELECT 'query ' || querykey || ' ' || md5(querytext) FROM orleansquery
        UNION ALL SELECT 'migration ' || version || ' ' || checksum || ' ' || applied_at FROM schema_migrations
        ORDER BY 1
        """);

    private static async Task<List<string>> RowsAsync(NpgsqlDataSource database, string sql)
    {
        var rows = new List<string>();
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
