namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// The answer to a request for a local file URL: the file to stream, or a refusal with a stable code from
/// <see cref="FileErrorCodes"/>.
/// </summary>
public sealed record LocalFileAccess(string? ErrorCode, string? PhysicalPath, string? ContentType, string? FileName)
{
    public bool Granted => ErrorCode is null;

    public static LocalFileAccess Refused(string code) => new(code, null, null, null);
}
