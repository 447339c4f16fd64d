namespace Orleans.Delivery.Gateway.Files;

/// <summary>The S3 file store (section <c>Files:S3</c>).</summary>
public sealed class S3FileStoreOptions
{
    /// <summary>The bucket holding the product files. Required.</summary>
    public string? Bucket { get; set; }

    /// <summary>
    /// The AWS region of the bucket, e.g. <c>eu-west-1</c>; with <see cref="ServiceUrl"/> the region requests are signed
    /// for. Default <c>us-east-1</c>.
    /// </summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// The endpoint of an S3-compatible service (MinIO, R2, a test server), e.g. <c>http://127.0.0.1:9000</c>. Default:
    /// none, i.e. AWS's endpoint for <see cref="Region"/>.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which most S3-compatible services need. Default false.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// Access key id. Default: none, in which case the AWS SDK's default credential chain is used (environment,
    /// profile, instance or task role). Set together with <see cref="SecretKey"/>.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret access key. Default: none (see <see cref="AccessKey"/>).</summary>
    public string? SecretKey { get; set; }
}
