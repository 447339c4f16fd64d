using Orleans.Delivery.Runtime.Storage;

namespace Orleans.Delivery.Runtime;

/// <summary>
/// Calls grains: each call is one turn, run in this process against the shared store. Any process — gateway or
/// silo — can call any grain; the row lock makes the turns of one key run one at a time across all of them.
/// </summary>
public sealed class GrainClient(GrainStore store, GrainRegistry registry, TimeProvider time, WorkSignal signal)
{
    public GrainStore Store => store;

    public TimeProvider Time => time;

    /// <summary>Runs one turn of grain <paramref name="id"/> with <paramref name="message"/> and returns its response.</summary>
    public async Task<TResponse> CallAsync<TResponse>(GrainId id, object message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outcome = await RunAsync(id, new TurnInput.Message(message), null, cancellationToken);
        return outcome.Response switch
        {
            TResponse response => response,
            null when default(TResponse) is null => default!,
            var other => throw new InvalidCastException(
                $"Grain {id} answered {other?.GetType().Name ?? "null"} where {typeof(TResponse).Name} was expected."),
        };
    }

    /// <summary>Runs one turn whose response nobody needs.</summary>
    public Task TellAsync(GrainId id, object message, CancellationToken cancellationToken = default) =>
        CallAsync<object?>(id, message, cancellationToken);

    /// <summary>Reads a grain's state without a turn and without a lock: for queries that may be a moment stale.</summary>
    public async Task<TState> ReadAsync<TState>(GrainId id, CancellationToken cancellationToken = default)
        where TState : class
    {
        var definition = registry.Get(id.Type) as IStateReader<TState>
            ?? throw new ArgumentException($"Grain type '{id.Type}' does not hold a {typeof(TState).Name}.", nameof(id));
        var row = await store.ReadAsync(id, cancellationToken);
        return definition.ReadState(id.Key, row?.State);
    }

    internal async Task<TurnOutcome> RunAsync(GrainId id, TurnInput input, TurnLease? lease, CancellationToken cancellationToken)
    {
        var definition = registry.Get(id.Type);
        var outcome = await store.RunTurnAsync(id, time.GetUtcNow(), lease, frame => definition.Execute(frame, input), cancellationToken);
        if (outcome.PlannedWork)
        {
            signal.Pulse();
        }

        return outcome;
    }
}
