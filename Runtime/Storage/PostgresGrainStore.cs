using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Orleans.Delivery.Runtime.Storage;

/// <summary>The grain store for clusters: any number of silos and gateways share one PostgreSQL database.</summary>
public sealed class PostgresGrainStore : GrainStore
{
    private readonly bool ownsDataSource;

    public PostgresGrainStore(NpgsqlDataSource dataSource, bool ownsDataSource = false)
        : base("Postgres")
    {
        DataSource = dataSource;
        this.ownsDataSource = ownsDataSource;
    }

    public override string Name => "postgres";

    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Builds a data source whose every connection carries the lock, statement and idle-in-transaction timeouts, so
    /// no turn can hold a grain's lock forever.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(PostgresStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options.ConnectionString));
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var settings = string.Join(' ',
            $"-c lock_timeout={Ms(options.LockTimeout)}",
            $"-c statement_timeout={Ms(options.StatementTimeout)}",
            $"-c idle_in_transaction_session_timeout={Ms(options.IdleInTransactionTimeout)}");
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? settings : $"{builder.Options} {settings}";
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 30;
        }

        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    private protected override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken);

    private protected override ValueTask ReleaseAsync(DbConnection connection) => connection.DisposeAsync();

    // A server that ended the session (restart, failover, pg_terminate_backend) rolled the transaction back, so the
    // work may be run again on a fresh connection; so may a lost socket or a full pool.
    private protected override bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    public override async ValueTask DisposeAsync()
    {
        if (ownsDataSource)
        {
            await DataSource.DisposeAsync();
        }
    }

    private static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
