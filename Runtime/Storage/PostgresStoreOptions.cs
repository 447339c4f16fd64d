namespace Orleans.Delivery.Runtime.Storage;

/// <summary>Settings of the PostgreSQL store.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>Npgsql connection string. Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long a statement waits for a row lock before failing. Default 5 seconds.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a statement may run. Default 30 seconds.</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a session may sit idle inside a transaction before the server ends it. Default 60 seconds.</summary>
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
