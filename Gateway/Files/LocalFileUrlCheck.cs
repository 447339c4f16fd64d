namespace Orleans.Delivery.Gateway.Files;

/// <summary>What a local file URL's signature and expiry say.</summary>
public enum LocalFileUrlCheck
{
    Valid,
    Invalid,
    Expired,
}
