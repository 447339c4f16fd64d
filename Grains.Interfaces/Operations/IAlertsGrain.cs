using Orleans.Concurrency;

namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// The operations alert rules (one grain, key <see cref="Default"/>), evaluated on a reminder: supplier response time,
/// order failure rate, supplier balance (read by an effect, never inside a call), paid orders left undelivered,
/// inbound webhook failures. Each alert is raised
/// once when its condition starts and once more, as resolved, when it clears; test orders never count.
/// </summary>
public interface IAlertsGrain : IGrainWithStringKey
{
    public const string Default = "alerts";

    /// <summary>Makes sure the evaluation reminder is registered; repeating it changes nothing.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Evaluates every rule now, raises and resolves alerts, and answers the alerts open afterwards.</summary>
    Task<IReadOnlyList<OpenAlert>> EvaluateAsync(CancellationToken cancellationToken = default);

    /// <summary>The alerts open now, with the figures that raised them.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<OpenAlert>> GetOpenAsync(CancellationToken cancellationToken = default);

    /// <summary>The supplier balance as last read for the balance rule, with its age; null before any read answered.</summary>
    [AlwaysInterleave]
    Task<SupplierBalanceReading?> GetSupplierBalanceAsync(CancellationToken cancellationToken = default);
}

/// <summary>An alert whose condition holds: its rule (stable kebab-case name), the message with its figures, and since when.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OpenAlert")]
public sealed record OpenAlert(string Rule, string Message, DateTimeOffset Since);

/// <summary>
/// Records what operations statistics need from outside the grains (a gateway's failed inbound webhooks), into the
/// operations tables. Stateless: any silo answers.
/// </summary>
public interface IOperationsRecorderGrain : IGrainWithStringKey
{
    public const string Default = "recorder";

    /// <summary>
    /// Keeps one inbound webhook failure (a rejected signature, a processing error) under <paramref name="id"/>, once,
    /// stamped with the silo's clock. <paramref name="reason"/> never holds the body.
    /// </summary>
    Task RecordWebhookFailureAsync(string id, string source, int status, string reason, CancellationToken cancellationToken = default);
}
