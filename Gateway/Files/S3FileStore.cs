using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.Util;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// Product files in an S3 bucket (AWS or S3-compatible), downloaded through pre-signed GET URLs that carry the
/// attachment file name and a signed delivery reference.
/// </summary>
public sealed class S3FileStore : IFileStore, IDisposable
{
    /// <summary>
    /// The signed query parameter that makes a URL unique to a customer, order and entitlement. S3 ignores query
    /// parameters starting with "x-" but keeps them in its access logs, where the reference finds the download.
    /// </summary>
    public const string ReferenceParameter = "x-delivery-ref";

    private readonly FileStoreOptions _options;
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly string _bucket;
    private readonly Protocol _protocol;
    private readonly ILogger _logger;

    public S3FileStore(IOptions<FileStoreOptions> options, ILogger<S3FileStore> logger)
        : this(FileStoreOptionsValidator.ValidOrThrow(options.Value), CreateClient(options.Value.S3), ownsClient: true, logger)
    {
    }

    internal S3FileStore(FileStoreOptions options, IAmazonS3 client, bool ownsClient, ILogger? logger = null)
    {
        _options = FileStoreOptionsValidator.ValidOrThrow(options);
        _client = client;
        _ownsClient = ownsClient;
        _bucket = options.S3.Bucket!;
        _protocol = options.S3.ServiceUrl is { } serviceUrl && serviceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? Protocol.HTTP
            : Protocol.HTTPS;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The client for these options: endpoint, region, addressing, credentials, and checksums only when required.</summary>
    public static AmazonS3Client CreateClient(S3FileStoreOptions s3)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,

            // The SDK's default (always compute, always validate) adds flexible checksums and trailers that several
            // S3-compatible services, s3rver among them, do not understand; S3 still gets what it requires.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(s3.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(s3.Region);
        }
        else
        {
            config.ServiceURL = s3.ServiceUrl;
            config.AuthenticationRegion = s3.Region;
        }

        return string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }

    public async Task<FilePutResult> PutAsync(string key, Stream content, string contentType, long? length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (FileUploadChecks.Refusal(key, contentType, length, _options.MaxUploadBytes) is { } refused)
        {
            return refused;
        }

        if (content.CanSeek)
        {
            var remaining = content.Length - content.Position;
            if (remaining > _options.MaxUploadBytes)
            {
                return Refuse(key, FilePutResult.TooLarge(_options.MaxUploadBytes));
            }

            if (length is { } declared && declared != remaining)
            {
                return Refuse(key, FilePutResult.Refused(FileErrorCodes.LengthMismatch, $"The body's length differs from the declared {declared:N0} bytes."));
            }

            await UploadAsync(key, content, contentType, cancellationToken);
            FilesLog.Stored(_logger, key, remaining);
            return FilePutResult.Ok(remaining);
        }

        // Without chunk encoding (which S3-compatible servers often lack), SigV4 signs the payload's hash, so the SDK
        // reads the body twice; a request stream cannot be read twice. A temporary file holds it instead of memory,
        // enforces the limit before anything reaches the bucket, and lets the SDK retry.
        var temporary = Path.Combine(Path.GetTempPath(), "orleans-delivery-upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var spool = new FileStream(
                temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            var copy = await FileUploadChecks.CopyAsync(content, spool, length, _options.MaxUploadBytes, cancellationToken);
            if (copy.Refusal is not null)
            {
                return Refuse(key, copy.Refusal);
            }

            spool.Position = 0;
            await UploadAsync(key, spool, contentType, cancellationToken);
            FilesLog.Stored(_logger, key, copy.Length);
            return FilePutResult.Ok(copy.Length);
        }
        finally
        {
            // DeleteOnClose covers the normal path; this covers a crash between create and open.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!FileKey.IsValid(key))
        {
            return false;
        }

        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public MintedUrl MintDownloadUrl(FileDownloadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        FileKey.ThrowIfInvalid(request.Key, nameof(request));
        var validity = FileUploadChecks.ValidityOf(request, _options.DownloadUrlValidity);
        var reference = DeliveryRef.For(request.CustomerId, request.OrderId, request.EntitlementId);
        var presign = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = request.Key,
            Verb = HttpVerb.GET,
            Protocol = _protocol,
            ResponseHeaderOverrides = { ContentDisposition = AttachmentDisposition.For(request.FileName) },
        };

        // The SDK turns Expires into X-Amz-Expires (rounded to whole seconds) against its clock for this endpoint,
        // which carries the skew it learnt from the server's responses, and S3 checks it against real time. So the
        // validity is counted from that same clock (the global corrected clock can be a second off it); ExpiresAt is
        // reported on the caller's.
        var endpoint = _client.Config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(presign)).URL;
        presign.Expires = CorrectClockSkew.GetCorrectedUtcNowForEndpoint(endpoint) + validity;
        presign.Parameters.Add(ReferenceParameter, reference);

        // Signing is local (no request to S3); GetPreSignedURL only resolves credentials, which the SDK caches.
        var url = _client.GetPreSignedURL(presign);
        var expiresAt = request.Now + validity;
        FilesLog.Minted(_logger, request.Key, reference, expiresAt);
        return new MintedUrl(new Uri(url), expiresAt);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task UploadAsync(string key, Stream body, string contentType, CancellationToken cancellationToken)
    {
        var put = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = contentType.Trim(),
            UseChunkEncoding = false,
        };
        try
        {
            await _client.PutObjectAsync(put, cancellationToken);
        }
        catch (AmazonS3Exception e)
        {
            FilesLog.S3UploadFailed(_logger, key, _bucket, (int)e.StatusCode, e.ErrorCode);
            throw;
        }
    }

    private FilePutResult Refuse(string key, FilePutResult refusal)
    {
        FilesLog.UploadRefused(_logger, key, refusal.ErrorCode!);
        return refusal;
    }
}
