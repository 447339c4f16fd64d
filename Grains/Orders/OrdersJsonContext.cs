using System.Text.Json.Serialization;
using Orleans.Delivery.Grains.Effects;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Source-generated JSON for the order's state, commands, events, effects and reminder changes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OrderState))]
[JsonSerializable(typeof(GrainRecord<OrderState>))]
[JsonSerializable(typeof(PendingEffect[]))]
[JsonSerializable(typeof(GrainWake[]))]
[JsonSerializable(typeof(FinishedEffect[]))]
[JsonSerializable(typeof(OrderCommand))]
[JsonSerializable(typeof(OrderEvent))]
[JsonSerializable(typeof(OrderEffect))]
[JsonSerializable(typeof(ReminderChange))]
[JsonSerializable(typeof(OrderTurn))]
[JsonSerializable(typeof(OrderSummary))]
[JsonSerializable(typeof(OrderEvent[]))]
[JsonSerializable(typeof(OrderEffect[]))]
[JsonSerializable(typeof(ReminderChange[]))]
[JsonSerializable(typeof(OrderLine[]))]
[JsonSerializable(typeof(OrderLineSummary[]))]
[JsonSerializable(typeof(LineProgress[]))]
[JsonSerializable(typeof(PaymentRecord[]))]
[JsonSerializable(typeof(RefundRecord[]))]
[JsonSerializable(typeof(RefundPlan[]))]
[JsonSerializable(typeof(ScheduledWake[]))]
[JsonSerializable(typeof(EmailRecord[]))]
[JsonSerializable(typeof(HistoryEntry[]))]
[JsonSerializable(typeof(DeliveryLogEntry[]))]
[JsonSerializable(typeof(CodeItem[]))]
[JsonSerializable(typeof(Catalog.MerchantStaticField[]))]
[JsonSerializable(typeof(DeliveryContent[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(ProviderOrderId[]))]
[JsonSerializable(typeof(int[]))]
// Both result hierarchies have a nested Failed; the generator needs distinct names for them.
[JsonSerializable(typeof(SupplierResult.Failed), TypeInfoPropertyName = "SupplierResultFailed")]
[JsonSerializable(typeof(MerchantWebhookResult.Failed), TypeInfoPropertyName = "MerchantWebhookResultFailed")]
public sealed partial class OrdersJsonContext : JsonSerializerContext;
