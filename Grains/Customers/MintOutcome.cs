using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Customers;

/// <summary>The answer to a download-link request: a refusal is a result, not an exception.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Minted), "minted")]
[JsonDerivedType(typeof(Refused), "refused")]
public abstract record MintOutcome
{
    /// <summary>A link may be signed now; the download was counted. <see cref="DownloadsLeft"/> null means unlimited.</summary>
    public sealed record Minted(Entitlement Entitlement, int DownloadsUsed, int? DownloadsLeft) : MintOutcome;

    public sealed record Refused(MintRefusal Reason) : MintOutcome;
}
