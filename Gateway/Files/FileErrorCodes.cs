namespace Orleans.Delivery.Gateway.Files;

/// <summary>Stable error codes of the file side; they go into the Problem Details <c>code</c>.</summary>
public static class FileErrorCodes
{
    /// <summary>A signed file URL past its expiry.</summary>
    public const string LinkExpired = "link_expired";

    /// <summary>A signed URL or link token that is malformed, tampered with or signed with an unknown secret.</summary>
    public const string LinkInvalid = "link_invalid";

    /// <summary>A valid URL whose file is no longer in the store.</summary>
    public const string FileNotFound = "file_not_found";

    public const string FileTooLarge = "file_too_large";
    public const string InvalidFileKey = "invalid_file_key";
    public const string MissingContentType = "missing_content_type";

    /// <summary>The body was shorter or longer than the length the caller declared.</summary>
    public const string LengthMismatch = "length_mismatch";
}
