using Npgsql;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Servers;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task CreateDatabase_Twice_GivesDistinctUsableDatabases()
    {
        var server = await PostgresServer.Instance;

        var first = await server.CreateDatabaseAsync(nameof(PostgresServerTests));
        var second = await server.CreateDatabaseAsync(nameof(PostgresServerTests));

        await using (var one = new NpgsqlConnection(first))
        {
            await one.OpenAsync();
            await Execute(one, "CREATE TABLE marker (id int primary key); INSERT INTO marker VALUES (42);");
            Assert.Equal(42, await Scalar<int>(one, "SELECT id FROM marker"));
        }

        await using var two = new NpgsqlConnection(second);
        await two.OpenAsync();
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, await Scalar<string>(two, "SELECT current_database()"));
        Assert.Equal(new NpgsqlConnectionStringBuilder(second).Database, await Scalar<string>(two, "SELECT current_database()"));
        Assert.False(await Scalar<bool>(two, "SELECT to_regclass('public.marker') IS NOT NULL"));
    }

    [Fact]
    public async Task CreateDatabase_Concurrently_AllSucceedWithUniqueNames()
    {
        var server = await PostgresServer.Instance;

        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.CreateDatabaseAsync("concurrent")));

        var names = created.Select(c => new NpgsqlConnectionStringBuilder(c).Database).ToHashSet();
        Assert.Equal(8, names.Count);
        Assert.All(names, n => Assert.StartsWith("odt_concurrent_", n, StringComparison.Ordinal));
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = ANY(@names)", admin);
        command.Parameters.AddWithValue("names", names.ToArray());
        Assert.Equal(8L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task CreateDatabase_PrefixWithOddCharacters_KeepsOnlySafeOnes()
    {
        var server = await PostgresServer.Instance;

        var created = await server.CreateDatabaseAsync("Order \"Grain\"; DROP-Tests and-more");

        Assert.StartsWith("odt_ordergraindroptestsa_", new NpgsqlConnectionStringBuilder(created).Database, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(created);
        await connection.OpenAsync();
        Assert.Equal(1, await Scalar<int>(connection, "SELECT 1"));
    }

    [Fact]
    public async Task Instance_CalledTwice_IsTheSameServer()
    {
        var first = await PostgresServer.Instance;
        var second = await PostgresServer.Instance;

        Assert.Same(first, second);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
