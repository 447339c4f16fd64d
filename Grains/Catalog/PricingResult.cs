using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Catalog;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Priced), "priced")]
[JsonDerivedType(typeof(Rejected), "rejected")]
public abstract record PricingResult
{
    /// <summary>Every line priced; the total is what the payment must match.</summary>
    public sealed record Priced(EquatableArray<PricedLine> Lines, long TotalMinor, string Currency) : PricingResult;

    /// <summary>Every problem found, not just the first, so a cart can be fixed in one go.</summary>
    public sealed record Rejected(EquatableArray<PricingError> Errors) : PricingResult;
}
