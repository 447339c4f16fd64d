using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Silo.Storage.Sqlite;
using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Tests.Storage.Sqlite;

/// <summary>The contract suite against a <see cref="SqliteReminderTable"/> on a database file of each test's own,
/// plus what only a file-backed table can get wrong.</summary>
public sealed class SqliteReminderTableTests(SqliteSiloFixture silo) : ReminderTableContract, IClassFixture<SqliteSiloFixture>
{
    private readonly List<SqliteReminderTable> opened = [];
    private string databasePath = "";

    protected override async Task<IReminderTable> CreateTableAsync()
    {
        databasePath = silo.NewDatabasePath();
        return await OpenAsync(databasePath);
    }

    protected override async Task DisposeTableAsync()
    {
        foreach (var table in opened)
        {
            await table.StopAsync();
        }

        var folder = Path.GetDirectoryName(databasePath)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Upsert_ThenReopenTheFile_RowAndETagSurvive()
    {
        var grain = NewGrainId();
        var etag = await Table.UpsertRow(Entry(grain, "durable", TimeSpan.FromHours(1)));
        await Table.StopAsync();

        var reopened = await OpenAsync(databasePath);
        var row = await reopened.ReadRow(grain, "durable");

        Assert.NotNull(row);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(TimeSpan.FromHours(1), row.Period);
        Assert.True(await reopened.RemoveRow(grain, "durable", etag!));
    }

    [Fact]
    public async Task TestOnlyClearTable_RemovesEveryRow()
    {
        var (first, second) = (NewGrainId(), NewGrainId());
        await Table.UpsertRow(Entry(first, "a"));
        await Table.UpsertRow(Entry(second, "b"));

        await Table.TestOnlyClearTable();

        Assert.Empty((await Table.ReadRows(0u, 0u)).Reminders);
    }

    [Fact]
    public async Task Upsert_LocalStartTime_IsStoredAsUtc()
    {
        var grain = NewGrainId();
        var utc = new DateTime(2026, 6, 1, 8, 30, 0, DateTimeKind.Utc);
        await Table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "local", StartAt = utc.ToLocalTime(), Period = TimeSpan.FromMinutes(2) });

        var row = await Table.ReadRow(grain, "local");

        Assert.Equal(utc, row!.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
    }

    [Fact]
    public async Task Registered_Table_IsTheSqliteTableAndServesTheSilo()
    {
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grain = NewGrainId();

        var etag = await table.UpsertRow(Entry(grain, "silo"));

        Assert.IsType<SqliteReminderTable>(table);
        Assert.Equal(etag, (await table.ReadRow(grain, "silo"))?.ETag);
        Assert.True(await table.RemoveRow(grain, "silo", etag!));
    }

    [Fact]
    public void Options_EmptyDatabasePath_FailValidation()
    {
        var result = new SqliteReminderTableOptionsValidator().Validate(Options.DefaultName, new SqliteReminderTableOptions { DatabasePath = " " });

        Assert.True(result.Failed);
    }

    private async Task<SqliteReminderTable> OpenAsync(string path)
    {
        var table = new SqliteReminderTable(
            Options.Create(new SqliteReminderTableOptions { DatabasePath = path }),
            NullLogger<SqliteReminderTable>.Instance);
        opened.Add(table);
        await table.StartAsync();
        return table;
    }
}
