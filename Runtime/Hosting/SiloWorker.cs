using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Runtime.Storage;

namespace Orleans.Delivery.Runtime;

/// <summary>
/// One silo's work: claim due reminders and outbox rows under a lease, run them, record the result. A round is
/// driven by <see cref="SiloHostedService"/> in production and called directly by tests.
/// </summary>
public sealed class SiloWorker
{
    private readonly GrainClient client;
    private readonly GrainStore store;
    private readonly IReadOnlyDictionary<string, IEffectHandler> handlers;
    private readonly SiloOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<SiloWorker> logger;

    public SiloWorker(
        GrainClient client,
        IEnumerable<IEffectHandler> handlers,
        IOptions<SiloOptions> options,
        TimeProvider time,
        ILogger<SiloWorker> logger)
    {
        this.client = client;
        store = client.Store;
        this.handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    public string SiloId => options.SiloId;

    /// <summary>Raised after each outbox row this silo ran, whatever became of it.</summary>
    public event Action<EffectDispatched>? Dispatched;

    /// <summary>Raised after each reminder tick this silo delivered.</summary>
    public event Action<GrainId, ReminderTick>? ReminderFired;

    /// <summary>Runs one round: every due reminder and outbox row this silo can claim. Returns how many it ran.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var work = await ClaimAsync(cancellationToken);
        await RunAsync(work, cancellationToken);
        return work.Count;
    }

    /// <summary>Claims due work under this silo's lease without running it.</summary>
    internal async Task<ClaimedWork> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reminders = await store.ClaimRemindersAsync(options.SiloId, now, options.ReminderLease, options.BatchSize, cancellationToken);
        var outbox = await store.ClaimOutboxAsync(options.SiloId, now, options.OutboxLease, options.BatchSize, cancellationToken);
        return new ClaimedWork(reminders, outbox);
    }

    internal async Task RunAsync(ClaimedWork work, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(work.Reminders, parallel, async (r, ct) => await FireAsync(r, ct));
        await Parallel.ForEachAsync(work.Outbox, parallel, async (o, ct) => await DispatchAsync(o, ct));
    }

    private async Task FireAsync(ClaimedReminder reminder, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var missed = 0;
        DateTimeOffset? next = null;
        if (reminder.Period is { } period)
        {
            // Stay on the grid: the next tick is the first grid point after now, however late this one runs.
            missed = (int)Math.Max(0, Math.Floor((now - reminder.DueAt) / period));
            next = reminder.DueAt + (period * (missed + 1));
        }

        var tick = new ReminderTick(reminder.Name, reminder.DueAt, missed, reminder.Period);
        try
        {
            var outcome = await client.RunAsync(
                reminder.Grain,
                new TurnInput.Reminder(tick),
                new TurnLease.Reminder(reminder.Name, next, reminder.Token),
                cancellationToken);
            if (outcome.Committed)
            {
                RuntimeLog.ReminderFired(logger, options.SiloId, reminder.Name, reminder.Grain);
                ReminderFired?.Invoke(reminder.Grain, tick);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            RuntimeLog.ReminderFailed(logger, e, reminder.Name, reminder.Grain);
        }
    }

    private async Task DispatchAsync(ClaimedOutbox row, CancellationToken cancellationToken)
    {
        var outcome = row.Kind == OutboxKind.Message
            ? await DeliverMessageAsync(row, cancellationToken)
            : await PerformEffectAsync(row, cancellationToken);
        Dispatched?.Invoke(new EffectDispatched(options.SiloId, row.Id, row.Source, row.Kind, row.Name, row.IdempotencyKey, row.Attempts, outcome));
    }

    private async Task<DispatchOutcome> DeliverMessageAsync(ClaimedOutbox row, CancellationToken cancellationToken)
    {
        try
        {
            var target = row.Target ?? throw new InvalidOperationException($"Message {row.Id} has no target.");
            var outcome = await client.RunAsync(target, new TurnInput.SerializedMessage(row.Payload), new TurnLease.Outbox(row.Id, row.Token), cancellationToken);
            return Completed(row, outcome.Committed);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(row, Describe(e), cancellationToken);
        }
    }

    private async Task<DispatchOutcome> PerformEffectAsync(ClaimedOutbox row, CancellationToken cancellationToken)
    {
        EffectResult result;
        if (!handlers.TryGetValue(row.Name, out var handler))
        {
            result = EffectResult.Retry($"no handler for effect '{row.Name}' on silo {options.SiloId}");
        }
        else
        {
            // The handler must finish well inside the lease, so that no other silo starts the same effect meanwhile.
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(options.OutboxLease * 0.8);
            try
            {
                result = await handler.HandleAsync(
                    new EffectContext(row.Id, row.Source, row.Name, row.IdempotencyKey, row.Payload, row.Attempts, time.GetUtcNow()),
                    budget.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                result = EffectResult.Retry(Describe(e));
            }
        }

        try
        {
            switch (result)
            {
                case EffectResult.Replied reply:
                    var outcome = await client.RunAsync(row.Source, new TurnInput.Message(reply.Message), new TurnLease.Outbox(row.Id, row.Token), cancellationToken);
                    return Completed(row, outcome.Committed);
                case EffectResult.Failed failed:
                    return await FailAsync(row, failed.Reason, cancellationToken);
                default:
                    return Completed(row, await store.CompleteOutboxAsync(row.Id, row.Token, time.GetUtcNow(), cancellationToken));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(row, Describe(e), cancellationToken);
        }
    }

    private DispatchOutcome Completed(ClaimedOutbox row, bool committed)
    {
        if (!committed)
        {
            RuntimeLog.LeaseLost(logger, row.Id, row.Name, row.Source);
            return DispatchOutcome.LeaseLost;
        }

        return DispatchOutcome.Completed;
    }

    private async Task<DispatchOutcome> FailAsync(ClaimedOutbox row, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (row.Attempts >= options.MaxAttempts)
        {
            RuntimeLog.OutboxDeadLettered(logger, row.Id, row.Name, row.Source, row.Attempts, reason);
            var letter = new DeadLetter(row.Id, row.Name, row.IdempotencyKey, row.Attempts, reason);
            var outcome = await client.RunAsync(row.Source, new TurnInput.EffectDeadLettered(letter), new TurnLease.DeadOutbox(row.Id, row.Token, reason), cancellationToken);
            return outcome.Committed ? DispatchOutcome.DeadLettered : DispatchOutcome.LeaseLost;
        }

        RuntimeLog.OutboxAttemptFailed(logger, row.Id, row.Name, row.Source, row.Attempts, reason);
        var retryAt = now + Backoff.Delay(row.Attempts, options.RetryBase, options.RetryMax, Random.Shared.NextDouble());
        return await store.FailOutboxAsync(row.Id, row.Token, now, retryAt, reason, cancellationToken)
            ? DispatchOutcome.Retrying
            : DispatchOutcome.LeaseLost;
    }

    // Exception messages stay inside the outbox row and the log; they never reach an HTTP caller.
    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}

/// <summary>Work one silo claimed in one round.</summary>
internal sealed record ClaimedWork(IReadOnlyList<ClaimedReminder> Reminders, IReadOnlyList<ClaimedOutbox> Outbox)
{
    public int Count => Reminders.Count + Outbox.Count;
}
