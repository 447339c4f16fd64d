using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orleans.Delivery.Silo.Tests.Storage.Sqlite;

/// <summary>The single node's promise: a silo on SQLite default storage and SQLite reminders, stopped and started
/// again on the same file, finds its grains' state and reminders where it left them.</summary>
public sealed class SqliteSiloRestartTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"orleans-delivery-sqlite-restart-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(folder, "data", "orleans.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Restart_SameFile_GrainStateAndRemindersSurvive()
    {
        var key = $"order-{Guid.NewGuid():N}";
        var first = await StartSiloAsync();
        try
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>(key);
            await grain.SetAsync("paid");
            await grain.SetAsync("delivered");
            await grain.RemindAsync("poll-supplier");
        }
        finally
        {
            await TestSilo.StopAsync(first);
        }

        var second = await StartSiloAsync();
        try
        {
            var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>(key);

            var state = await again.GetAsync();
            Assert.Equal("delivered", state.Text);
            Assert.Equal(2, state.Number);
            Assert.True(await again.HasReminderAsync("poll-supplier"));
            Assert.False(await again.HasReminderAsync("never-registered"));
            await again.SetAsync("refunded");
            Assert.Equal(3, (await again.GetAsync()).Number);
        }
        finally
        {
            await TestSilo.StopAsync(second);
        }
    }

    private Task<IHost> StartSiloAsync() =>
        TestSilo.StartAsync("sqlite-restart", silo => silo
            .AddSqliteGrainStorageAsDefault(DatabasePath)
            .UseSqliteReminderService(DatabasePath));
}
