using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Supplier;

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SupplierOrderRequestJson))]
[JsonSerializable(typeof(SupplierBalanceJson))]
[JsonSerializable(typeof(SupplierErrorJson))]
internal sealed partial class SupplierJsonContext : JsonSerializerContext;
