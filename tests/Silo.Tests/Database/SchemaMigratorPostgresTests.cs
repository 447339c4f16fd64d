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

    /// <summary>
    /// 0009 re-keys grain state on an expression of the key extension: the rows stored before it, with an extension
    /// and without one, are still found, read and written by the storage's statements after it.
    /// </summary>
    [Fact]
    public async Task Migrate_GrainStatesStoredBeforeTheKeyChange_AreReadAndWrittenAfterIt()
    {
        await using var database = await NewDatabaseAsync();
        await Migrator(database, [.. SchemaMigration.Embedded.Where(m => m.Version < 9)]).MigrateAsync();
        (long N0, long N1, string? Extension, string Payload, int Version)[] rows =
        [
            (0, 0, "k-order-1", "order", 3),
            (5, 7, null, "guid", 1),
            (5, 7, "x", "guid+x", 2),
        ];
        foreach (var row in rows)
        {
            await using var insert = database.CreateCommand("""
                INSERT INTO orleans_grain_state (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
                VALUES ('service', 'state', $1, $2, $3, convert_to($4, 'UTF8'), $5)
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = row.N0 });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.N1 });
            insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = row.Extension, DataTypeName = "text" });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.Payload });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.Version });
            await insert.ExecuteNonQueryAsync();
        }

        await Migrator(database).MigrateAsync();

        foreach (var row in rows)
        {
            await using (var read = await StorageCommandAsync(database, "ReadFromStorageKey", row.N0, row.N1, row.Extension, row.Version))
            await using (var reader = await read.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync(), $"no row for {row.Payload}");
                Assert.Equal(row.Payload, System.Text.Encoding.UTF8.GetString((byte[])reader[0]));
                Assert.Equal(row.Version, reader.GetInt32(1));
                Assert.False(await reader.ReadAsync());
            }

            await using var write = await StorageCommandAsync(database, "WriteToStorageKey", row.N0, row.N1, row.Extension, row.Version);
            Assert.Equal(row.Version + 1, (int)(await write.ExecuteScalarAsync())!);
        }

        Assert.Equal(
            ["-:2 written", "k-order-1:4 written", "x:3 written"],
            await RowsAsync(database, "SELECT coalesce(grain_id_extension, '-') || ':' || version || ' ' || convert_from(payload, 'UTF8') FROM orleans_grain_state ORDER BY grain_id_extension COLLATE \"C\" NULLS FIRST"));
    }

    /// <summary>A grain storage statement from OrleansQuery with its parameters, as Orleans' AdoNetGrainStorage binds them.</summary>
    private static async Task<NpgsqlCommand> StorageCommandAsync(NpgsqlDataSource database, string queryKey, long n0, long n1, string? extension, int version)
    {
        string query;
        await using (var text = database.CreateCommand("SELECT querytext FROM orleansquery WHERE querykey = $1"))
        {
            text.Parameters.Add(new NpgsqlParameter { Value = queryKey });
            query = (string)(await text.ExecuteScalarAsync())!;
        }

        var command = database.CreateCommand(query);
        command.Parameters.Add(new NpgsqlParameter("GrainIdHash", System.Data.DbType.Int32) { Value = 0 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", System.Data.DbType.Int64) { Value = n0 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", System.Data.DbType.Int64) { Value = n1 });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeHash", System.Data.DbType.Int32) { Value = 0 });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", System.Data.DbType.String) { Value = "state" });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", System.Data.DbType.String) { Value = (object?)extension ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("ServiceId", System.Data.DbType.String) { Value = "service" });
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", System.Data.DbType.Int32) { Value = version });
        command.Parameters.Add(new NpgsqlParameter("PayloadBinary", System.Data.DbType.Binary) { Value = System.Text.Encoding.UTF8.GetBytes("written") });
        return command;
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
