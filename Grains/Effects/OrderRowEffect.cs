using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// The order's row of the orders listing, written whenever its status changes; a row older than the one stored
/// (<paramref name="Version"/>: the order's event sequence) changes nothing, so a late retry never rolls it back.
/// </summary>
public sealed record OrderRowEffect(OrderListItem Row, long Version)
{
    public const string Kind = "operations-order";

    public static OrderRowEffect Of(OrderState state) => new(
        new OrderListItem(
            state.OrderId,
            OrderViews.Status(state.Status),
            state.Customer.Email,
            state.CreatedAt ?? DateTimeOffset.MinValue,
            state.AcceptedPayment?.ReceivedAt,
            state.DeliveredAt,
            state.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList(),
            state.AmountMinor,
            state.Currency,
            state.Test),
        state.Sequence);

    public static string Encode(OrderRowEffect row) => JsonSerializer.Serialize(row, OrderRowJson.Default.OrderRowEffect);

    public static OrderRowEffect Decode(string payload) =>
        JsonSerializer.Deserialize(payload, OrderRowJson.Default.OrderRowEffect) ?? throw new JsonException("An order row is empty.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OrderRowEffect))]
internal sealed partial class OrderRowJson : JsonSerializerContext;
