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
/// Both ways PostgreSQL plans a statement: for the values at hand (custom), and once for any values (generic), as it
/// does for the statements silos prepare after their first few runs.
/// </summary>
public sealed class GrainStorageQueryPlanPostgresTests
{
    /// <summary>The parameters as Orleans' AdoNetGrainStorage binds them: name, PostgreSQL type, value.</summary>
    private static readonly (string Name, string Type, DbType DbType, object Value)[] Parameters =
    [
        ("GrainIdHash", "integer", DbType.Int32, 7),
        ("GrainIdN0", "bigint", DbType.Int64, 0L),
        ("GrainIdN1", "bigint", DbType.Int64, 0L),
        ("GrainTypeHash", "integer", DbType.Int32, 9),
        ("GrainTypeString", "text", DbType.String, "order"),
        ("ServiceId", "text", DbType.String, "service"),
        ("GrainStateVersion", "integer", DbType.Int32, 3),
        ("PayloadBinary", "bytea", DbType.Binary, new byte[] { 1 }),
    ];

    public static TheoryData<string, string?, bool> Cases()
    {
        var cases = new TheoryData<string, string?, bool>();
        foreach (var key in new[] { "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey" })
        {
            foreach (var generic in new[] { false, true })
            {
                cases.Add(key, null, generic);
                cases.Add(key, "order-42", generic);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StorageQuery_ExtensionNullOrNot_MatchesTheExtensionInTheIndex(string queryKey, string? extension, bool generic)
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

        await using var explain = generic
            ? await GenericPlanAsync(connection, query, extension)
            : CustomPlan(connection, query, extension);
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

    /// <summary>EXPLAIN of the statement planned for these values.</summary>
    private static NpgsqlCommand CustomPlan(NpgsqlConnection connection, string query, string? extension)
    {
        var explain = new NpgsqlCommand("EXPLAIN " + query, connection);
        foreach (var (name, _, dbType, value) in Parameters)
        {
            explain.Parameters.Add(new NpgsqlParameter(name, dbType) { Value = value });
        }

        explain.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", DbType.String) { Value = (object?)extension ?? DBNull.Value });
        return explain;
    }

    /// <summary>
    /// EXPLAIN of the statement prepared with typed positional parameters and planned once for any values, on a table
    /// with no statistics yet, as a new cluster's is when its silos first prepare their statements.
    /// </summary>
    private static async Task<NpgsqlCommand> GenericPlanAsync(NpgsqlConnection connection, string query, string? extension)
    {
        var all = Parameters.Select(p => (p.Name, p.Type, Literal: Literal(p.Value)))
            .Append((Name: "GrainIdExtensionString", Type: "text", Literal: extension is null ? "NULL" : Literal(extension)))
            .ToArray();
        var positional = query;
        for (var i = 0; i < all.Length; i++)
        {
            positional = positional.Replace("@" + all[i].Name, "$" + (i + 1), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("@", positional, StringComparison.Ordinal);
        foreach (var statement in new[]
                 {
                     $"PREPARE storage_query ({string.Join(", ", all.Select(p => p.Type))}) AS {positional}",
                     "SET plan_cache_mode = force_generic_plan",
                 })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlCommand($"EXPLAIN EXECUTE storage_query ({string.Join(", ", all.Select(p => p.Literal))})", connection);
    }

    private static string Literal(object value) => value switch
    {
        string text => $"'{text}'",
        byte[] bytes => $"'\\x{Convert.ToHexString(bytes)}'::bytea",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
