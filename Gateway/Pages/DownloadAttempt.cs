using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>A download action's result: the minted URL, or why none was, with what the pages need to say so.</summary>
/// <param name="Outcome">Minted, or the refusal.</param>
/// <param name="Store">The store's branding, for the page that answers.</param>
/// <param name="Entitlement">The entitlement as it is after the action; null when unknown.</param>
/// <param name="Url">The fresh file URL when minted. Never log it.</param>
/// <param name="File">The file minted for; null when refused before the file was looked up.</param>
public sealed record DownloadAttempt(DownloadOutcome Outcome, StoreBranding Store, EntitlementView? Entitlement, MintedUrl? Url, ProductFile? File = null)
{
    public bool Minted => Outcome == DownloadOutcome.Minted;
}
