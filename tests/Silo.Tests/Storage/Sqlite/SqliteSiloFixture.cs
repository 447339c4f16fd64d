using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Tests.Storage.Sqlite;

/// <summary>
/// A started one-silo Orleans host (localhost clustering on free ports) with the SQLite grain storage registered as
/// <see cref="StorageName"/> and the SQLite reminder table, both on a file in a temporary folder that is deleted
/// afterwards. It also lends Orleans' serializer and activators to providers the tests build themselves.
/// </summary>
public sealed class SqliteSiloFixture : IAsyncLifetime
{
    /// <summary>The name the silo's SQLite grain storage is registered under.</summary>
    public const string StorageName = "sqlite-tests";

    private IHost? host;

    /// <summary>A folder of this fixture's own, deleted with it.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"orleans-delivery-sqlite-{Guid.NewGuid():N}");

    /// <summary>The silo's database file.</summary>
    public string SiloDatabasePath => Path.Combine(Folder, "silo", "orleans.db");

    /// <summary>The started silo's services.</summary>
    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("The silo is started in InitializeAsync.");

    /// <summary>The silo's grain storage serializer, for providers built by a test.</summary>
    public IGrainStorageSerializer Serializer => Services.GetRequiredService<IGrainStorageSerializer>();

    /// <summary>The silo's activators, for providers built by a test.</summary>
    public IActivatorProvider Activators => Services.GetRequiredService<IActivatorProvider>();

    /// <summary>A database file path of its own, in a folder not yet created.</summary>
    public string NewDatabasePath() => Path.Combine(Folder, Guid.NewGuid().ToString("N"), "orleans.db");

    public async Task InitializeAsync() =>
        host = await TestSilo.StartAsync($"sqlite-tests-{Guid.NewGuid():N}", silo => silo
            .AddSqliteGrainStorage(StorageName, SiloDatabasePath)
            .UseSqliteReminderService(SiloDatabasePath));

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await TestSilo.StopAsync(host);
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
