using System.Net;
using System.Net.Sockets;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Database;

public sealed class MigrateCommandPostgresTests
{
    [Fact]
    public async Task Migrate_FreshDatabase_PrintsEachAppliedMigrationThenNothingOnTheSecondRun()
    {
        var setting = "--ConnectionStrings:Postgres=" + await (await PostgresServer.Instance).CreateDatabaseAsync("migrate_command");
        using var first = new StringWriter();
        using var second = new StringWriter();

        var firstExit = await MigrateCommand.RunAsync([setting], first, TimeProvider.System);
        var secondExit = await MigrateCommand.RunAsync([setting], second, TimeProvider.System);

        Assert.Equal(0, firstExit);
        Assert.Equal(
            [.. SchemaMigration.Embedded.Select(m => $"Applied {m}"), $"Applied {SchemaMigration.Embedded.Count} migration(s); the schema is at {SchemaMigration.Embedded[^1]}."],
            Lines(first));
        Assert.Equal(0, secondExit);
        Assert.Equal([$"Nothing to apply: the schema is already at {SchemaMigration.Embedded[^1]}."], Lines(second));
    }

    [Fact]
    public async Task Migrate_NoConnectionString_ExitsTwoAndSaysWhatToSet()
    {
        using var output = new StringWriter();

        // An empty value on the command line overrides any ConnectionStrings__Postgres in the test's environment.
        var exit = await MigrateCommand.RunAsync(["--ConnectionStrings:Postgres="], output, TimeProvider.System);

        Assert.Equal(2, exit);
        Assert.Contains("ConnectionStrings:Postgres", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Postgres", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_Migrate_DispatchesToTheCommand()
    {
        Assert.Equal(2, await Program.Main(["migrate", "--ConnectionStrings:Postgres="]));
    }

    [Fact]
    public async Task Migrate_NoServerListening_ExitsOne()
    {
        using var output = new StringWriter();

        var exit = await MigrateCommand.RunAsync(
            [$"--ConnectionStrings:Postgres=Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Timeout=5"], output, TimeProvider.System);

        Assert.Equal(1, exit);
        Assert.StartsWith("Migration failed:", output.ToString(), StringComparison.Ordinal);
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
