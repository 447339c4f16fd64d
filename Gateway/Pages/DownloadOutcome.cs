namespace Orleans.Delivery.Gateway.Pages;

/// <summary>What a download action came to.</summary>
public enum DownloadOutcome
{
    /// <summary>One download was counted and a fresh file URL minted.</summary>
    Minted,

    /// <summary>The customer has no entitlement with that id. Nothing counted.</summary>
    UnknownEntitlement,

    /// <summary>Every allowed download was used. Nothing counted.</summary>
    LimitReached,

    /// <summary>The order was refunded. Nothing counted.</summary>
    Revoked,

    /// <summary>The product's file is not in the file store (or the product left the catalog). Nothing counted.</summary>
    FileMissing,
}
