using System.Globalization;
using Npgsql;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// Everything the cluster keeps in PostgreSQL, read straight from its tables: every grain's stored record (its
/// version and payload: state, pending effects and wake-ups), reminders, the review queue, and where the operations
/// entries end. Two snapshots compared say whether anything changed.
/// </summary>
internal sealed record StoreSnapshot(
    IReadOnlyDictionary<string, string> Grains,
    IReadOnlyList<string> Reminders,
    IReadOnlyList<string> Review,
    long LastEntryId)
{
    public static async Task<StoreSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Grain storage keeps the key after a "k-" prefix (KeyPrefixedGrainStorage) in grain_id_extension.
        var grains = (await RowsAsync(connection, "SELECT state_name, substr(grain_id_extension, 3), version, encode(payload, 'escape') FROM orleans_grain_state"))
            .ToDictionary(r => Key(r[0], r[1]), r => $"v{r[2]} {r[3]}");
        var reminders = await LinesAsync(connection, "SELECT grain_id, reminder_name, start_time, period_ms FROM orleans_reminder ORDER BY 1, 2");
        var review = await LinesAsync(connection, "SELECT order_id, reason, version FROM operations_review ORDER BY 1");
        var lastEntry = (await RowsAsync(connection, "SELECT COALESCE(MAX(id), 0) FROM operations_entries"))[0][0];
        return new StoreSnapshot(grains, reminders, review, long.Parse(lastEntry!, CultureInfo.InvariantCulture));
    }

    /// <summary>The operations entries written after <paramref name="afterId"/>: (stream, grain key, entry).</summary>
    public static async Task<IReadOnlyList<(string Stream, string GrainKey, string Entry)>> EntriesAfterAsync(string connectionString, long afterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT stream, grain_key, entry::text FROM operations_entries WHERE id > @after ORDER BY id", connection);
        command.Parameters.AddWithValue("after", afterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
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
