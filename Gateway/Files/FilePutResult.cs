namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// The outcome of an upload: stored (with its length), or refused with a stable code from
/// <see cref="FileErrorCodes"/> and a sentence. A refused upload leaves nothing stored under the key (an earlier
/// version of the same key stays as it was).
/// </summary>
public sealed record FilePutResult(bool Stored, long Length, string? ErrorCode, string? Error)
{
    public static FilePutResult Ok(long length) => new(true, length, null, null);

    public static FilePutResult Refused(string code, string error) => new(false, 0, code, error);

    public static FilePutResult TooLarge(long limit) =>
        Refused(FileErrorCodes.FileTooLarge, $"The file is larger than the {limit:N0} bytes allowed (Files:MaxUploadBytes).");
}
