using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Storage.Sqlite;

/// <summary>
/// Orleans reminders in one SQLite file, for the single node. Every upsert gives the row a new ETag; a removal
/// takes effect only with the row's current ETag. Each row carries its grain's uniform hash, so a silo reads the
/// reminders of its ring range with one indexed query.
/// </summary>
/// <remarks>
/// Written here because no served library fits: Orleans' ADO.NET reminder table has no SQLite queries, and no other
/// Orleans reminder package targets SQLite. Reminder writes are rare (a grain registering or cancelling one), so
/// each runs in its own short transaction on a pooled connection.
/// </remarks>
public sealed class SqliteReminderTable : IReminderTable
{
    private readonly SqliteReminderTableOptions options;
    private readonly ILogger logger;
    private string? connectionString;

    /// <summary>Creates the table; the file is opened and the table created by <see cref="StartAsync"/>.</summary>
    public SqliteReminderTable(IOptions<SqliteReminderTableOptions> options, ILogger<SqliteReminderTable> logger)
    {
        this.options = options.Value;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var prepared = SqliteDatabase.PrepareFile(options.DatabasePath);
        await SqliteDatabase.CreateSchemaAsync(prepared, "reminders-schema", cancellationToken);
        connectionString = prepared;
        SqliteStorageLog.ReminderTableOpened(logger, Path.GetFullPath(options.DatabasePath));
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (connectionString is not null)
        {
            SqliteDatabase.ReleasePool(connectionString);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync("reminders-read-grain", p => p.AddWithValue("@grain_id", grainId.ToString()));

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        ReadAsync(begin < end ? "reminders-read-range" : "reminders-read-range-wrapped", p =>
        {
            p.AddWithValue("@begin", (long)begin);
            p.AddWithValue("@end", (long)end);
        });

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await ReadAsync("reminders-read-row", p =>
        {
            p.AddWithValue("@grain_id", grainId.ToString());
            p.AddWithValue("@reminder_name", reminderName);
        });
        return rows.Reminders.SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        // A fresh random ETag rather than a counter: a reminder removed and registered again must not get back an
        // ETag that an old holder could still remove it with.
        var etag = Guid.NewGuid().ToString("N");
        await ExecuteAsync("reminders-upsert", p =>
        {
            p.AddWithValue("@grain_id", entry.GrainId.ToString());
            p.AddWithValue("@reminder_name", entry.ReminderName);
            p.AddWithValue("@grain_hash", (long)entry.GrainId.GetUniformHashCode());
            p.AddWithValue("@start_at", ToUtc(entry.StartAt).Ticks);
            p.AddWithValue("@period", entry.Period.Ticks);
            p.AddWithValue("@etag", etag);
        });
        return etag;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        await ExecuteAsync("reminders-remove", p =>
        {
            p.AddWithValue("@grain_id", grainId.ToString());
            p.AddWithValue("@reminder_name", reminderName);
            p.AddWithValue("@etag", eTag);
        }) == 1;

    /// <inheritdoc />
    public async Task TestOnlyClearTable() => await ExecuteAsync("reminders-clear", _ => { });

    // Orleans hands over UTC times; a local time is converted rather than stored with the wrong offset.
    private static DateTime ToUtc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;

    private async Task<ReminderTableData> ReadAsync(string statement, Action<SqliteParameterCollection> bind)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement(statement);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync())
        {
            rows.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return new ReminderTableData(rows);
    }

    private async Task<int> ExecuteAsync(string statement, Action<SqliteParameterCollection> bind)
    {
        await using var connection = await SqliteDatabase.OpenAsync(ConnectionString, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement(statement);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private string ConnectionString =>
        connectionString ?? throw new InvalidOperationException("The SQLite reminder table is not started.");
}
