using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Demo.Supplier;

internal sealed record DemoBalanceJson(
    [property: JsonPropertyName("balance")] decimal Balance,
    [property: JsonPropertyName("currency")] string Currency);
