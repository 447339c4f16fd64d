using System.Text.Json.Serialization;

namespace Orleans.Delivery.SupplierSimulator.Wire;

// Body of PUT /_sim/skus/{sku} and PUT /_sim/references/{reference}: { "behaviour": "error-500:2" }.
internal sealed record ScriptJson([property: JsonPropertyName("behaviour")] string? Behaviour);
