using Npgsql;

namespace Orleans.Delivery.Testing;

public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;
    public override DateTimeOffset GetUtcNow() => now;
    public void Advance(TimeSpan by) => now += by;
    public void SetUtcNow(DateTimeOffset value) => now = value;
}

public sealed class PostgresServer
{
    public static PostgresServer Instance { get; } = new();
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var admin = Environment.GetEnvironmentVariable("ORLEANS_DELIVERY_TEST_PG") ?? throw new InvalidOperationException("no pg");
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var c = new NpgsqlConnection(admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }
}
