namespace Orleans.Delivery.Silo.Storage.Sqlite;

/// <summary>The SQLite grain storage's and reminder table's log messages; event ids 3450–3499.</summary>
internal static partial class SqliteStorageLog
{
    [LoggerMessage(3450, LogLevel.Information, "Grain storage {Provider} keeps state in {DatabasePath}")]
    public static partial void GrainStorageOpened(ILogger logger, string provider, string databasePath);

    [LoggerMessage(3451, LogLevel.Debug, "Grain storage {Provider} refused a write of {StateName} for {GrainId}: stored ETag {StoredETag}, given {GivenETag}")]
    public static partial void StaleWrite(ILogger logger, string provider, string stateName, string grainId, string? storedETag, string? givenETag);

    [LoggerMessage(3452, LogLevel.Error, "Grain storage {Provider} failed to commit a batch of {Count} writes")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string provider, int count);

    [LoggerMessage(3453, LogLevel.Information, "Reminders are kept in {DatabasePath}")]
    public static partial void ReminderTableOpened(ILogger logger, string databasePath);
}
