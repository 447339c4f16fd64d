using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Delivery.Silo.Hosting;

namespace Orleans.Delivery.Silo.Tests.Hosting;

/// <summary>The silo's PostgreSQL connection string: statements prepared unless the operator decides otherwise.</summary>
public sealed class PreparedStatementsTests
{
    private const string Given = "Host=db.internal;Port=5433;Username=delivery;Password=s3cret;Database=delivery";

    [Fact]
    public void WithPreparedStatements_NotSet_TurnsPreparationOnAndKeepsEverythingElse()
    {
        var tuned = new NpgsqlConnectionStringBuilder(SiloHosting.WithPreparedStatements(Given));

        Assert.Equal(SiloHosting.PreparedStatements, tuned.MaxAutoPrepare);
        Assert.Equal(("db.internal", 5433, "delivery", "s3cret", "delivery"), (tuned.Host, tuned.Port, tuned.Username, tuned.Password, tuned.Database));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("MaxAutoPrepare=0", 0)]
    [InlineData("max auto prepare=5", 5)]
    public void WithPreparedStatements_SetByTheOperator_IsLeftAsItIs(string setting, int expected)
    {
        var given = $"{Given};{setting}";

        var tuned = SiloHosting.WithPreparedStatements(given);

        Assert.Equal(given, tuned);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(tuned).MaxAutoPrepare);
    }

    [Fact]
    public void PostgresOf_ConfiguredConnection_IsTheOneWithPreparedStatements()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = Given }).Build();

        Assert.Equal(SiloHosting.PreparedStatements, new NpgsqlConnectionStringBuilder(SiloHosting.PostgresOf(configuration)).MaxAutoPrepare);
        Assert.Null(SiloHosting.PostgresOf(new ConfigurationBuilder().Build()));
    }
}
