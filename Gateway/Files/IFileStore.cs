namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// Where product files are kept and how buyers download them: short-lived signed URLs, minted after the download
/// was counted. Implementations: <see cref="LocalFileStore"/> (single node) and <see cref="S3FileStore"/>.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="key"/>, streaming it (never whole in memory). Refused,
    /// with nothing stored, when the key is invalid, the content type is missing, the body exceeds
    /// <see cref="FileStoreOptions.MaxUploadBytes"/> or differs from <paramref name="length"/>.
    /// </summary>
    /// <param name="key">The object key (see <see cref="FileKey"/>).</param>
    /// <param name="content">The file's bytes; read to the end, not disposed.</param>
    /// <param name="contentType">Its media type, e.g. <c>application/pdf</c>; required.</param>
    /// <param name="length">Its length when known (a request's Content-Length); null to find out while reading.</param>
    /// <param name="cancellationToken">Cancels the upload; nothing is stored.</param>
    Task<FilePutResult> PutAsync(string key, Stream content, string contentType, long? length, CancellationToken cancellationToken = default);

    /// <summary>Whether a file is stored under <paramref name="key"/> (false for an invalid key).</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// A signed GET URL for the file, saved by the browser as the request's file name, unique to the customer, order
    /// and entitlement, valid from <see cref="FileDownloadRequest.Now"/> for the request's validity. Computed locally:
    /// no network call, and it does not check that the file exists.
    /// </summary>
    /// <exception cref="ArgumentException">The key is invalid, or the validity is not within (0, 7 days].</exception>
    MintedUrl MintDownloadUrl(FileDownloadRequest request);
}
