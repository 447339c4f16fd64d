using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

public sealed record OrderLineSummary(
    int LineNo,
    string Sku,
    string ProductName,
    ProductKind Kind,
    int Quantity,
    long TotalMinor,
    LineStatus Status);
