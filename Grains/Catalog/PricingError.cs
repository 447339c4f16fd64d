namespace Orleans.Delivery.Grains.Catalog;

/// <summary>
/// Why a cart cannot be priced. <see cref="Code"/> is stable (empty-cart, too-many-lines, unknown-sku,
/// unavailable-product, invalid-quantity, mixed-currencies) so the gateway can map it to a problem detail.
/// </summary>
public sealed record PricingError(string Code, string? Sku, string Message);
