namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// One order as the <c>orders</c> table lists it, without visiting its grain: kept up to date by the order on each
/// change of these fields. <paramref name="Status"/> is spelled as on the order view (<c>pending_payment</c>, …);
/// <paramref name="CustomerEmail"/> is lower-case.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderListing")]
public sealed record OrderListing(
    string OrderId,
    string Status,
    string CustomerEmail,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<string> Skus,
    long TotalMinor,
    string Currency,
    bool Test)
{
    /// <summary>Every status an order can list with, as the order view spells it.</summary>
    public static IReadOnlyList<string> Statuses { get; } =
    [
        "pending_payment", "paid", "fulfilling", "awaiting_supplier", "retrying", "delivering", "delivered", "manual_review",
        "refunding", "refunded", "reversed",
    ];
}

/// <summary>
/// Which orders to list: every given field must match (<paramref name="From"/> inclusive, <paramref name="To"/>
/// exclusive, on the creation time; <paramref name="Email"/> case-insensitive; <paramref name="Product"/> a sku on any
/// line). Newest first; <paramref name="Before"/> is the cursor of the page.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderFilter")]
public sealed record OrderFilter(
    string? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Email = null,
    string? Product = null,
    bool? Test = null,
    long? Before = null,
    int Limit = 50);

/// <summary>
/// Which deliveries to list: every given field must match (<paramref name="OrderId"/>, <paramref name="Email"/>
/// case-insensitive, <paramref name="Product"/> a sku delivered, <paramref name="From"/> inclusive and
/// <paramref name="To"/> exclusive on the delivery time). Newest first; <paramref name="Before"/> is the page cursor.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.DeliveryFilter")]
public sealed record DeliveryFilter(
    string? OrderId = null,
    string? Email = null,
    string? Product = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? Before = null,
    int Limit = 100);

/// <summary>A page of orders, newest first; <paramref name="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderListingPage")]
public sealed record OrderListingPage(IReadOnlyList<OrderListing> Items, long? Next);
