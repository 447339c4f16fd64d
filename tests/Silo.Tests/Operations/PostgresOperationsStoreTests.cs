using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Operations;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>
/// The operations store contract on PostgreSQL, each test on a fresh database migrated by <see cref="SchemaMigrator"/>,
/// plus what only a database with concurrent transactions can get wrong: an append that meets its key in another
/// writer's open transaction.
/// </summary>
public sealed class PostgresOperationsStoreTests : OperationsStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private OperationsDatabase? database;

    private NpgsqlDataSource DataSource => database?.DataSource ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    protected override async Task<IOperationsStore> CreateStoreAsync()
    {
        database = await OperationsDatabase.CreateAsync("operations");
        return new PostgresOperationsStore(database.DataSource, database.Writes);
    }

    protected override async Task DisposeStoreAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Append_KeyHeldByAnOpenTransaction_WaitsAndAnswersWhatThatTransactionLeft(bool holderCommits)
    {
        await using var holder = await DataSource.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        long heldId;
        await using (var insert = new NpgsqlCommand(PostgresOperationsStore.Statement("append"), holder, transaction))
        {
            insert.Parameters.AddWithValue("stream", "alerts");
            insert.Parameters.AddWithValue("grain_key", "order-1");
            insert.Parameters.AddWithValue("step", "step");
            insert.Parameters.AddWithValue("at", At);
            insert.Parameters.Add(new NpgsqlParameter("entry", NpgsqlDbType.Jsonb) { Value = """{"by": "holder"}""" });
            heldId = (long)(await insert.ExecuteScalarAsync())!;
        }

        var append = Store.AppendAsync("alerts", "order-1", "step", At, """{"by": "appender"}""");
        await LockWaiters.WaitForAsync(DataSource, 1, Bound);
        if (holderCommits)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        var appended = await append.WaitAsync(Bound);

        var item = Assert.Single((await Store.ReadAsync("alerts", null, 10)).Items);
        Assert.Equal(new OperationsAppend(item.Id, Appended: !holderCommits), appended);
        Assert.Equal(holderCommits, item.Id == heldId);
        Assert.Equal(holderCommits ? "holder" : "appender", (string?)JsonNode.Parse(item.Entry)!["by"]);
    }
}
