namespace Orleans.Delivery.Grains.Customers;

/// <summary>
/// A license a merchant's webhook delivered, kept in the buyer's account: one text per item (several with separate
/// multibuy). <see cref="Withdrawn"/>: its order was refunded or reversed, and the account no longer shows it.
/// </summary>
public sealed record AccountLicense(
    string OrderId,
    int LineNo,
    string ProductSku,
    string ProductName,
    string? Instructions,
    EquatableArray<string> Texts,
    DateTimeOffset DeliveredAt,
    bool Withdrawn = false)
{
    public override string ToString() => $"AccountLicense {{ OrderId = {OrderId}, LineNo = {LineNo}, Texts = {Texts.Count}, Withdrawn = {Withdrawn} }}";
}
