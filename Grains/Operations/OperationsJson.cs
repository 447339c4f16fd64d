using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Operations;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(InboxState))]
[JsonSerializable(typeof(GrainRecord<InboxState>))]
[JsonSerializable(typeof(PendingEffect[]))]
[JsonSerializable(typeof(GrainWake[]))]
[JsonSerializable(typeof(FinishedEffect[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(UnmatchedWebhook))]
[JsonSerializable(typeof(AlertRecord))]
[JsonSerializable(typeof(DeliveryLogRecord))]
[JsonSerializable(typeof(DownloadRecord))]
[JsonSerializable(typeof(SupplierCallRecord))]
[JsonSerializable(typeof(OrderOutcomeRecord))]
[JsonSerializable(typeof(WebhookFailureRecord))]
[JsonSerializable(typeof(SupplierCircuitRecord))]
[JsonSerializable(typeof(SupplierBalanceReported))]
[JsonSerializable(typeof(AlertsState))]
[JsonSerializable(typeof(ActiveAlert[]))]
[JsonSerializable(typeof(GrainRecord<AlertsState>))]
[JsonSerializable(typeof(OperationsAlert))]
public sealed partial class OperationsJson : JsonSerializerContext;
