using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Database;

/// <summary>
/// The grain storage statements find their row through the unique key, the grain key's NULL-able extension included:
/// a match the index cannot serve would scan every string-keyed grain of a state (their two integer halves are 0).
/// </summary>
public sealed class GrainStorageQueryPlanPostgresTests
{
    public static TheoryData<string, string?> Cases()
    {
        var cases = new TheoryData<string, string?>();
        foreach (var key in new[] { "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey" })
        {
            cases.Add(key, null);
            cases.Add(key, "order-42");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StorageQuery_ExtensionNullOrNot_MatchesTheExtensionInTheIndex(string queryKey, string? extension)
    {
        await using var database = NpgsqlDataSource.Create(await (await PostgresServer.Instance).CreateDatabaseAsync("storage_plan"));
        await new SchemaMigrator(database, TimeProvider.System, NullLoggerFactory.Instance.CreateLogger<SchemaMigrator>()).MigrateAsync();
        await using var connection = await database.OpenConnectionAsync();
        string query;
        await using (var read = new NpgsqlCommand("SELECT querytext FROM orleansquery WHERE querykey = @key", connection))
        {
            read.Parameters.AddWithValue("key", queryKey);
            query = (string)(await read.ExecuteScalarAsync())!;
        }

        // Planning only: with sequential scans priced out, a scan that cannot use the key shows as a Filter.
        await using (var set = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + query, connection);
        // Typed as Orleans' AdoNetGrainStorage binds them.
        explain.Parameters.Add(new NpgsqlParameter("GrainIdHash", DbType.Int32) { Value = 7 });
        explain.Parameters.Add(new NpgsqlParameter("GrainIdN0", DbType.Int64) { Value = 0L });
        explain.Parameters.Add(new NpgsqlParameter("GrainIdN1", DbType.Int64) { Value = 0L });
        explain.Parameters.Add(new NpgsqlParameter("GrainTypeHash", DbType.Int32) { Value = 9 });
        explain.Parameters.Add(new NpgsqlParameter("GrainTypeString", DbType.String) { Value = "order" });
        explain.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", DbType.String) { Value = (object?)extension ?? DBNull.Value });
        explain.Parameters.Add(new NpgsqlParameter("ServiceId", DbType.String) { Value = "service" });
        explain.Parameters.Add(new NpgsqlParameter("GrainStateVersion", DbType.Int32) { Value = 3 });
        explain.Parameters.Add(new NpgsqlParameter("PayloadBinary", DbType.Binary) { Value = new byte[] { 1 } });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join(Environment.NewLine, plan);
        Assert.Contains(plan, line => line.Contains("Index Cond:", StringComparison.Ordinal) && line.Contains("grain_id_extension", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Filter:", StringComparison.Ordinal) && line.Contains("grain_id_extension", StringComparison.Ordinal));
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
    }
}
