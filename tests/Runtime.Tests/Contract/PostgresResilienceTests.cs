using Orleans.Delivery.Testing.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Runtime.Storage;
using Orleans.Delivery.Runtime.Tests.Grains;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.Runtime.Tests.Contract;

/// <summary>What only PostgreSQL has: connections that can be lost, and notifications between processes.</summary>
public sealed class PostgresResilienceTests
{
    [Fact]
    public async Task Turn_AfterTheServerDroppedEveryConnection_SucceedsWithoutARestart()
    {
        var connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("resilience");
        await using var store = new PostgresGrainStore(PostgresGrainStore.CreateDataSource(new PostgresStoreOptions { ConnectionString = connectionString }), ownsDataSource: true);
        await store.MigrateAsync(TimeProvider.System.GetUtcNow());
        var client = new GrainClient(store, new GrainRegistry([new JournalGrain()]), TimeProvider.System, new WorkSignal());
        var id = new GrainId(JournalGrain.Type, $"journal-{Guid.NewGuid():N}");
        await client.TellAsync(id, new Append("before"));

        var dropped = await TerminateBackendsAsync(connectionString);

        await client.TellAsync(id, new Append("after"));
        Assert.True(dropped > 0);
        Assert.Equal(["before", "after"], (await client.ReadAsync<JournalState>(id)).Entries);
    }

    [Fact]
    public async Task Effect_PlannedByAnotherProcess_IsPickedUpByNotificationLongBeforeThePoll()
    {
        var connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("notify");
        var recorder = new RecordingEffectHandler();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Silo:PollInterval"] = "00:10:00",
        });
        builder.Services.AddGrainStore(builder.Configuration);
        builder.Services.AddSilo(builder.Configuration);
        builder.Services.AddGrain<JournalGrain>();
        builder.Services.AddSingleton(recorder);
        builder.Services.AddEffectHandler<RecordingEffectHandler>();
        using var silo = builder.Build();
        var dispatched = new TaskCompletionSource<EffectDispatched>(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.Services.GetRequiredService<SiloWorker>().Dispatched += d => dispatched.TrySetResult(d);
        await silo.StartAsync();
        // Let the silo's first idle round begin its ten-minute wait.
        await silo.Services.GetRequiredService<SiloWorker>().RunOnceAsync();

        // Another process: its own connection pool and its own in-process signal, which the silo never sees.
        await using var gatewayStore = new PostgresGrainStore(PostgresGrainStore.CreateDataSource(new PostgresStoreOptions { ConnectionString = connectionString }), ownsDataSource: true);
        var gateway = new GrainClient(gatewayStore, new GrainRegistry([new JournalGrain()]), TimeProvider.System, new WorkSignal());
        var id = new GrainId(JournalGrain.Type, $"journal-{Guid.NewGuid():N}");
        await WaitForListenerAsync(connectionString);
        await gateway.TellAsync(id, new PlanEffect("wake", "wake"));

        var done = await dispatched.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((id, DispatchOutcome.Completed), (done.Source, done.Outcome));
        await silo.StopAsync();
    }

    private static async Task WaitForListenerAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 300; i++)
        {
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN od_work'", connection);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Yield();
            await using var pause = new NpgsqlCommand("SELECT pg_sleep(0.05)", connection);
            await pause.ExecuteNonQueryAsync();
        }

        throw new TimeoutException("The silo's listener never connected.");
    }

    private static async Task<int> TerminateBackendsAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        cmd.Parameters.AddWithValue("db", database!);
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }
}
