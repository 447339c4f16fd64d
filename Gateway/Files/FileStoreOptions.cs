namespace Orleans.Delivery.Gateway.Files;

/// <summary>Product file storage (configuration section <c>Files</c>).</summary>
public sealed class FileStoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Files";

    /// <summary>512 MiB.</summary>
    public const long DefaultMaxUploadBytes = 512L * 1024 * 1024;

    /// <summary>S3 SigV4 pre-signed URLs last at most 7 days.</summary>
    public static readonly TimeSpan MaxDownloadUrlValidity = TimeSpan.FromDays(7);

    /// <summary>Which store to use. Default <see cref="FileStoreProvider.Local"/>.</summary>
    public FileStoreProvider Provider { get; set; } = FileStoreProvider.Local;

    /// <summary>
    /// Uploads larger than this are refused while they stream in, and nothing is stored. Default 512 MiB
    /// (<see cref="DefaultMaxUploadBytes"/>).
    /// </summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>
    /// How long a minted file URL works unless the request says otherwise. Default 5 minutes; at most 7 days. Keep it
    /// short: the durable link in the email mints a fresh one on every counted download.
    /// </summary>
    public TimeSpan DownloadUrlValidity { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Settings of the local store (section <c>Files:Local</c>).</summary>
    public LocalFileStoreOptions Local { get; set; } = new();

    /// <summary>Settings of the S3 store (section <c>Files:S3</c>).</summary>
    public S3FileStoreOptions S3 { get; set; } = new();
}
