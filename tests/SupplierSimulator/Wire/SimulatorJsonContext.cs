using System.Text.Json.Serialization;

namespace Orleans.Delivery.SupplierSimulator.Wire;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BalanceJson))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(ScriptJson))]
[JsonSerializable(typeof(CountersJson))]
[JsonSerializable(typeof(IReadOnlyList<SupplierLedgerEntry>))]
[JsonSerializable(typeof(IReadOnlyList<WebhookDelivery>))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
