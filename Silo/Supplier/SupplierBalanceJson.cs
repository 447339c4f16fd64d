using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Supplier;

internal sealed record SupplierBalanceJson(
    [property: JsonPropertyName("balance")] decimal? Balance,
    [property: JsonPropertyName("currency")] string? Currency);
