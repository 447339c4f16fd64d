namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// Webhooks that were verified but match no order (key: the sender, e.g. "stripe"). They are answered so the
/// sender stops retrying, and kept here for an operator to inspect.
/// </summary>
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>Keeps one unmatched webhook; the same event id twice is kept once.</summary>
    Task KeepUnmatchedAsync(UnmatchedWebhook webhook, CancellationToken cancellationToken = default);
}

/// <summary>A verified webhook that matched no order. <paramref name="Summary"/> never holds secrets or codes.</summary>
[GenerateSerializer, Immutable, Alias("delivery.UnmatchedWebhook")]
public sealed record UnmatchedWebhook(string Source, string EventId, string? Reference, string Reason, string Summary);
