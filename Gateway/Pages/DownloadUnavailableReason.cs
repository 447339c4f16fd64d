namespace Orleans.Delivery.Gateway.Pages;

/// <summary>Why a download link cannot give a file.</summary>
public enum DownloadUnavailableReason
{
    /// <summary>Every allowed download was used.</summary>
    LimitReached,

    /// <summary>The order was refunded, so its downloads were withdrawn.</summary>
    Revoked,

    /// <summary>The link is not one of ours, was cut short, or names nothing we know.</summary>
    UnknownLink,

    /// <summary>The link was genuine but has expired.</summary>
    ExpiredLink,

    /// <summary>The product's file cannot be found in the store's file storage; nothing was counted.</summary>
    FileMissing,
}
