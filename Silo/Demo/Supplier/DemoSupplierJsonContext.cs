using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Demo.Supplier;

[JsonSerializable(typeof(DemoOrderRequestJson))]
[JsonSerializable(typeof(DemoOrderJson))]
[JsonSerializable(typeof(DemoErrorJson))]
[JsonSerializable(typeof(DemoBalanceJson))]
internal sealed partial class DemoSupplierJsonContext : JsonSerializerContext;
