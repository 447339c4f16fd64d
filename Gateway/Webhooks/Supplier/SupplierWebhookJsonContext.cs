using System.Text.Json.Serialization;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SupplierWebhookJson))]
internal sealed partial class SupplierWebhookJsonContext : JsonSerializerContext;
