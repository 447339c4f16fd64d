using Orleans.Delivery.SupplierSimulator;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>What the fuzz aims at, and the secrets it signs hostile payloads with so they pass signature checks.</summary>
/// <param name="KnownOrders">Orders that exist before the fuzz; only requests the edge must refuse name them.</param>
/// <param name="KnownCustomers">Their customers.</param>
/// <param name="Now">The gateway's clock (signatures are fresh against it).</param>
/// <param name="StripeSecret">The Stripe endpoint secret.</param>
/// <param name="PayPalSign">Signs (transmission id, transmission time, body) as PayPal does.</param>
/// <param name="PayPalCertificateUrl">The certificate URL PayPal's headers point at.</param>
/// <param name="Supplier">Signs as the supplier does.</param>
/// <param name="StorefrontKey">A storefront API key.</param>
/// <param name="AdminKey">An admin API key.</param>
internal sealed record FuzzTargets(
    IReadOnlyList<string> KnownOrders,
    IReadOnlyList<string> KnownCustomers,
    DateTimeOffset Now,
    string StripeSecret,
    Func<string, string, byte[], string> PayPalSign,
    Uri PayPalCertificateUrl,
    SupplierWebhookSigner Supplier,
    string StorefrontKey,
    string AdminKey)
{
    /// <summary>Every id the fuzz invents for an order that does not exist starts with this.</summary>
    public const string UnknownPrefix = "fuzz-unknown-";
}
