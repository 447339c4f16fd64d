namespace Orleans.Delivery.Gateway.Pages;

/// <summary>What a link token opens; a token of one purpose is refused for any other.</summary>
public enum LinkPurpose
{
    /// <summary>The durable download link of one entitlement, in the delivery email.</summary>
    Download,

    /// <summary>The magic link to the buyer's "Digital Products" page.</summary>
    Account,

    /// <summary>The link to one order's page.</summary>
    Order,
}
