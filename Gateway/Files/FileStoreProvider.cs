namespace Orleans.Delivery.Gateway.Files;

/// <summary>Where product files live.</summary>
public enum FileStoreProvider
{
    /// <summary>A folder on this machine, served by the gateway's own signed <c>/files/</c> URLs (single node).</summary>
    Local,

    /// <summary>An S3 bucket (AWS or S3-compatible), downloaded through pre-signed URLs.</summary>
    S3,
}
