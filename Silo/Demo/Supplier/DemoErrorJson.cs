using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Demo.Supplier;

internal sealed record DemoErrorJson([property: JsonPropertyName("error")] string Error);
