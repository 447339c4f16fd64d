using System.Collections.Concurrent;

namespace Orleans.Delivery.Runtime.Tests.Grains;

/// <summary>
/// Performs the journal's "record" effect: remembers every call (as an external system would) and answers the grain
/// with an entry, or fails as told.
/// </summary>
public sealed class RecordingEffectHandler : IEffectHandler
{
    public string Kind => "record";

    public ConcurrentQueue<EffectContext> Calls { get; } = new();

    /// <summary>Payload values whose effect always fails.</summary>
    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    public Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        Calls.Enqueue(context);
        var payload = context.Read(JournalJson.Default.RecordPayload);
        return Task.FromResult(Failing.ContainsKey(payload.Value)
            ? EffectResult.Retry($"{payload.Value} is set to fail")
            : EffectResult.Reply(new Append($"effect:{payload.Value}:{context.IdempotencyKey}")));
    }
}
