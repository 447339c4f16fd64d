using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// Product files in a folder on this machine, downloaded through the gateway's own signed <c>/files/</c> URLs
/// (<see cref="LocalFileEndpoints"/>). The single-node default.
/// </summary>
/// <remarks>
/// A file under key <c>k</c> is <c>{RootPath}/k</c>, so an operator may also copy files in by hand; its content type
/// is kept beside it in <c>{RootPath}/.meta/k.type</c> (guessed from the extension for files copied in). Uploads go
/// to <c>{RootPath}/.tmp</c> first and are moved into place only once whole and within the size limit.
/// </remarks>
public sealed class LocalFileStore : IFileStore
{
    private const string MetaFolder = ".meta";
    private const string TempFolder = ".tmp";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly FileStoreOptions _options;
    private readonly LocalFileUrlSigner _signer;
    private readonly ILogger _logger;
    private readonly string _root;
    private readonly string _publicBase;

    public LocalFileStore(IOptions<FileStoreOptions> options, ILogger<LocalFileStore> logger)
        : this(options.Value, SecretOf(FileStoreOptionsValidator.ValidOrThrow(options.Value).Local), logger)
    {
    }

    internal LocalFileStore(FileStoreOptions options, string secret, ILogger? logger = null)
    {
        _options = FileStoreOptionsValidator.ValidOrThrow(options);
        _signer = new LocalFileUrlSigner(PersistedSecret.KeyBytes(secret));
        _logger = logger ?? NullLogger.Instance;
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Local.RootPath));
        _publicBase = options.Local.PublicBaseUrl.TrimEnd('/');
    }

    /// <summary>The folder files are kept in, as an absolute path.</summary>
    public string RootPath => _root;

    public async Task<FilePutResult> PutAsync(string key, Stream content, string contentType, long? length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (FileUploadChecks.Refusal(key, contentType, length, _options.MaxUploadBytes) is { } refused)
        {
            return refused;
        }

        Directory.CreateDirectory(Path.Combine(_root, TempFolder));
        var temporary = Path.Combine(_root, TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            long written;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var copy = await FileUploadChecks.CopyAsync(content, file, length, _options.MaxUploadBytes, cancellationToken);
                if (copy.Refusal is not null)
                {
                    FilesLog.UploadRefused(_logger, key, copy.Refusal.ErrorCode!);
                    return copy.Refusal;
                }

                written = copy.Length;
            }

            var target = PathOf(key);
            var meta = MetaPathOf(key);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Directory.CreateDirectory(Path.GetDirectoryName(meta)!);
            }
            catch (IOException)
            {
                // "a/b" cannot be stored while "a" is a file, nor "a" while "a/b" exists: S3 would allow it, a folder cannot.
                return FilePutResult.Refused(FileErrorCodes.InvalidFileKey, $"The key '{key}' clashes with a stored file's path.");
            }

            if (Directory.Exists(target))
            {
                return FilePutResult.Refused(FileErrorCodes.InvalidFileKey, $"The key '{key}' clashes with a stored file's path.");
            }

            await File.WriteAllTextAsync(meta, contentType.Trim(), Encoding.UTF8, cancellationToken);
            File.Move(temporary, target, overwrite: true);
            FilesLog.Stored(_logger, key, written);
            return FilePutResult.Ok(written);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(FileKey.IsValid(key) && File.Exists(PathOf(key)));

    public MintedUrl MintDownloadUrl(FileDownloadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        FileKey.ThrowIfInvalid(request.Key, nameof(request));
        var expiresAt = request.Now + FileUploadChecks.ValidityOf(request, _options.DownloadUrlValidity);
        var expires = expiresAt.ToUnixTimeSeconds();
        var reference = DeliveryRef.For(request.CustomerId, request.OrderId, request.EntitlementId);
        var name = AttachmentDisposition.Clean(request.FileName);
        var signature = _signer.Sign(request.Key, expires, reference, name);
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{_publicBase}/files/{request.Key}?expires={expires}&ref={reference}&name={Uri.EscapeDataString(name)}&sig={signature}");
        var minted = new MintedUrl(new Uri(url), DateTimeOffset.FromUnixTimeSeconds(expires));
        FilesLog.Minted(_logger, request.Key, reference, minted.ExpiresAt);
        return minted;
    }

    /// <summary>
    /// Checks a request for <c>/files/{key}</c> (signature first, then expiry against <paramref name="now"/>) and
    /// answers the file to stream.
    /// </summary>
    public LocalFileAccess Open(string key, string? expires, string? reference, string? name, string? signature, DateTimeOffset now)
    {
        switch (_signer.Check(key, expires, reference, name, signature, now))
        {
            case LocalFileUrlCheck.Invalid:
                return LocalFileAccess.Refused(FileErrorCodes.LinkInvalid);
            case LocalFileUrlCheck.Expired:
                return LocalFileAccess.Refused(FileErrorCodes.LinkExpired);
        }

        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return LocalFileAccess.Refused(FileErrorCodes.FileNotFound);
        }

        return new LocalFileAccess(null, path, ContentTypeOf(key, path), name);
    }

    private string ContentTypeOf(string key, string path)
    {
        var meta = MetaPathOf(key);
        if (File.Exists(meta) && MediaTypeHeaderValue.TryParse(File.ReadAllText(meta, Encoding.UTF8).Trim(), out var stored))
        {
            return stored.ToString();
        }

        return ContentTypes.TryGetContentType(path, out var guessed) ? guessed : "application/octet-stream";
    }

    private string PathOf(string key) => Inside(_root, key);

    private string MetaPathOf(string key) => Inside(Path.Combine(_root, MetaFolder), key + ".type");

    private static string Inside(string folder, string relative)
    {
        // FileKey already rules out "..", rooted paths and backslashes; this is the second lock on the same door.
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        return full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException("The key leads outside the file store.", nameof(relative));
    }

    private static string SecretOf(LocalFileStoreOptions local) =>
        string.IsNullOrEmpty(local.Secret) ? PersistedSecret.LoadOrCreate(local.SecretFile) : local.Secret;
}
