using System.Globalization;
using Npgsql;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// Everything the engine keeps in PostgreSQL, read straight from its tables: every grain's version and state, the
/// outbox, reminders, secondary indexes, and where the log ends. Two snapshots compared say whether anything changed.
/// </summary>
internal sealed record StoreSnapshot(
    IReadOnlyDictionary<string, string> Grains,
    IReadOnlyList<string> Outbox,
    IReadOnlyList<string> Reminders,
    IReadOnlyList<string> Index,
    long LastLogId)
{
    public static async Task<StoreSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var grains = (await RowsAsync(connection, "SELECT grain_type, grain_key, version, state FROM od_grain"))
            .ToDictionary(r => Key(r[0], r[1]), r => $"v{r[2]} {r[3]}");
        var outbox = await LinesAsync(connection, "SELECT id, grain_type, grain_key, name, status, idempotency_key FROM od_outbox ORDER BY id");
        var reminders = await LinesAsync(connection, "SELECT grain_type, grain_key, name, due_at FROM od_reminder ORDER BY 1, 2, 3");
        var index = await LinesAsync(connection, "SELECT index_name, grain_type, grain_key, value FROM od_index ORDER BY 1, 2, 3");
        var lastLog = (await RowsAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM od_log"))[0][0];
        return new StoreSnapshot(grains, outbox, reminders, index, long.Parse(lastLog!, CultureInfo.InvariantCulture));
    }

    /// <summary>The log rows written after <paramref name="afterId"/>: (stream, grain type, grain key, entry).</summary>
    public static async Task<IReadOnlyList<(string Stream, string GrainType, string GrainKey, string Entry)>> LogAfterAsync(string connectionString, long afterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT stream, grain_type, grain_key, entry FROM od_log WHERE id > @after ORDER BY id", connection);
        command.Parameters.AddWithValue("after", afterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    }

    public static string Key(string? type, string? key) => $"{type}/{key}";

    private static async Task<List<string>> LinesAsync(NpgsqlConnection connection, string sql) =>
        (await RowsAsync(connection, sql)).Select(r => string.Join(" | ", r)).ToList();

    private static async Task<List<string?[]>> RowsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }
}
