namespace Orleans.Delivery.Silo;

/// <summary>The silo host's log messages; event ids 3000–3099 (payments use 3100–3199).</summary>
internal static partial class SiloLog
{
    [LoggerMessage(3000, LogLevel.Information, "Seeded {Count} products from {Path}")]
    public static partial void CatalogSeeded(ILogger logger, int count, string path);
}
