using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>The storefront's checkout request.</summary>
public sealed record CheckoutRequest(CheckoutCustomer? Customer, IReadOnlyList<CheckoutItem>? Items);

public sealed record CheckoutCustomer(string? Email, string? Name, string? Id);

public sealed record CheckoutItem(string? Sku, int Quantity);

/// <summary>The storefront names the payment provider's order it created for one of our orders.</summary>
public sealed record PaymentReferenceRequest(string? Provider, string? Reference);

/// <summary>
/// The answer to <see cref="PaymentReferenceRequest"/>: <c>Recorded</c> is false when the order knew the reference
/// already (a retry), with the order's status either way.
/// </summary>
public sealed record PaymentReferenceAnswer(string OrderId, string Provider, string Reference, bool Recorded, string Status);

/// <summary>An operator's hand-entered codes for an order in review.</summary>
public sealed record MarkDeliveredRequest(IReadOnlyList<DeliveredCode>? Codes);

public sealed record RefundRequest(string? Reason);

public sealed record DownloadLimitRequest(int? Allowed);

/// <summary>One page of a stream, newest first; pass <c>Next</c> as <c>before</c> for the next page.</summary>
public sealed record StreamPage<T>(IReadOnlyList<StreamItem<T>> Items, long? Next);

public sealed record StreamItem<T>(long Id, string Grain, DateTimeOffset At, T Entry);

public sealed record ReviewItem(string OrderId, string Reason, DateTimeOffset Since);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CheckoutRequest))]
[JsonSerializable(typeof(PaymentReferenceRequest))]
[JsonSerializable(typeof(MarkDeliveredRequest))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(DownloadLimitRequest))]
[JsonSerializable(typeof(ProductDefinition))]
[JsonSerializable(typeof(StoreSettingsDefinition))]
public sealed partial class GatewayJson : JsonSerializerContext;
