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
    bool Test);

/// <summary>A page of orders, newest first; <paramref name="Next"/> is the <c>Before</c> of the next page, null on the last.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderListPage")]
public sealed record OrderListPage(IReadOnlyList<OrderListItem> Items, string? Next);
