namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// Log messages of the file store, signed file URLs and link tokens; event ids 2400–2499 are reserved for them.
/// Keys and codes are logged, never a signed URL or a token in full.
/// </summary>
internal static partial class FilesLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Stored file {Key} ({Length} bytes)")]
    public static partial void Stored(ILogger logger, string key, long length);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Refused upload of file {Key}: {ErrorCode}")]
    public static partial void UploadRefused(ILogger logger, string key, string errorCode);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Debug, Message = "Minted a download URL for file {Key}, reference {Reference}, expiring {ExpiresAt}")]
    public static partial void Minted(ILogger logger, string key, string reference, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2410, Level = LogLevel.Information, Message = "Refused a local file URL for {Key}: {ErrorCode}")]
    public static partial void LocalUrlRefused(ILogger logger, string key, string errorCode);

    [LoggerMessage(EventId = 2411, Level = LogLevel.Debug, Message = "Serving local file {Key}")]
    public static partial void LocalUrlServed(ILogger logger, string key);

    [LoggerMessage(EventId = 2420, Level = LogLevel.Warning, Message = "S3 refused upload of {Key} to bucket {Bucket}: {Status} {S3ErrorCode}")]
    public static partial void S3UploadFailed(ILogger logger, string key, string bucket, int status, string? s3ErrorCode);
}
