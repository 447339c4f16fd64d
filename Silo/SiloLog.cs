namespace Orleans.Delivery.Silo;

/// <summary>The silo host's log messages; event ids 3000–3099 (payments use 3100–3199).</summary>
internal static partial class SiloLog
{
    [LoggerMessage(3000, LogLevel.Information, "Seeded {Count} products from {Source} into the empty store")]
    public static partial void CatalogSeeded(ILogger logger, int count, string source);

    [LoggerMessage(3001, LogLevel.Information, "The store already has a catalog; {Source} was not seeded (the admin API changes the catalog)")]
    public static partial void CatalogSeedSkipped(ILogger logger, string source);

    [LoggerMessage(3002, LogLevel.Information, "Stored the demo e-book under {FileKey}")]
    public static partial void DemoFileStored(ILogger logger, string fileKey);

    [LoggerMessage(3003, LogLevel.Warning,
        "Demo mode: payments signed with the test secret in {StripeSecretFile} are taken as real, codes come from the demo supplier at {SupplierUrl}, emails are written to {MailFolder}. Never expose a demo node.")]
    public static partial void DemoModeOn(ILogger logger, string stripeSecretFile, Uri supplierUrl, string mailFolder);

    [LoggerMessage(3013, LogLevel.Warning, "Demo mode: the operator console (/console/) takes the password kept in {PasswordFile}")]
    public static partial void DemoConsolePassword(ILogger logger, string passwordFile);

    [LoggerMessage(3010, LogLevel.Information, "Applied schema migration {Migration} in {ElapsedMs} ms")]
    public static partial void MigrationApplied(ILogger logger, string migration, long elapsedMs);

    [LoggerMessage(3011, LogLevel.Information, "The database schema is up to date ({Count} migrations)")]
    public static partial void SchemaUpToDate(ILogger logger, int count);

    [LoggerMessage(3012, LogLevel.Warning, "The database has migrations {Versions} that this build does not know (it knows 1-{Known}); a newer build migrated it")]
    public static partial void SchemaIsNewer(ILogger logger, string versions, int known);
}
