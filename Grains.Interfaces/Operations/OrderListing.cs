namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// Filters of the orders listing; every filter left null matches all. <paramref name="From"/> (inclusive) and
/// <paramref name="To"/> (exclusive) bound the creation time; <paramref name="Email"/> matches any part of the buyer's
/// email, ignoring case; <paramref name="Product"/> is a SKU the order contains; <paramref name="Before"/> is the
/// <see cref="OrderListPage.Next"/> of the previous page.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderQuery")]
public sealed record OrderQuery(
    string? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Email = null,
    string? Product = null,
    bool? Test = null,
    string? Before = null,
    int Limit = 50);

/// <summary>One order as the listing shows it.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderListItem")]
public sealed record OrderListItem(
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

/// <summary>A page of orders, newest first; <paramref name="Next"/> is the <c>Before</c> of the next page, null on the last.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderListPage")]
public sealed record OrderListPage(IReadOnlyList<OrderListItem> Items, string? Next);

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
