using Npgsql;

namespace Orleans.Delivery.Silo.Database;

/// <summary>
/// <c>migrate [--ConnectionStrings:Postgres=...]</c>: applies the pending schema migrations to the PostgreSQL database
/// of <c>ConnectionStrings:Postgres</c> (from appsettings.json, the environment's <c>ConnectionStrings__Postgres</c> or
/// the command line) and exits, for operators who apply schema changes by hand before starting silos. Exit codes: 0
/// done (also when nothing was pending), 1 the database refused or could not be reached, 2 no connection string.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TimeProvider time)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. args] });
        var connectionString = builder.Configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await output.WriteLineAsync(
                "No PostgreSQL database to migrate: set ConnectionStrings:Postgres (environment ConnectionStrings__Postgres, " +
                "or dotnet run --project Silo -- migrate --ConnectionStrings:Postgres=\"Host=...;Database=...;Username=...\").");
            return 2;
        }

        using var host = builder.Build();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new SchemaMigrator(dataSource, time, host.Services.GetRequiredService<ILogger<SchemaMigrator>>());
        IReadOnlyList<SchemaMigration> applied;
        try
        {
            applied = await migrator.MigrateAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            await output.WriteLineAsync($"Migration failed: {e.Message}");
            return 1;
        }

        foreach (var migration in applied)
        {
            await output.WriteLineAsync($"Applied {migration}");
        }

        var latest = SchemaMigration.Embedded[^1];
        await output.WriteLineAsync(applied.Count == 0
            ? $"Nothing to apply: the schema is already at {latest}."
            : $"Applied {applied.Count} migration(s); the schema is at {latest}.");
        return 0;
    }

    /// <summary>Applies the pending migrations before a silo starts; throws when the database refuses.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance)
            .MigrateAsync(cancellationToken);
    }
}
