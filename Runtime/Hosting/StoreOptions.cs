namespace Orleans.Delivery.Runtime;

/// <summary>Which store the grains live in (configuration section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>
    /// <c>sqlite</c> (the single-node default) or <c>postgres</c>. Default: <c>postgres</c> when
    /// <c>ConnectionStrings:Postgres</c> is set, else <c>sqlite</c>.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>The SQLite database file. Default <c>./data/orleans-delivery.db</c>.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "orleans-delivery.db");
}
