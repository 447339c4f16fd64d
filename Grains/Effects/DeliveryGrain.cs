using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// The shell every product grain shares: its decider's state and its pending effects in one record, written by one
/// ETag-checked write; effects handed to this silo's <see cref="EffectRunner"/> after the write, never awaited by the
/// caller; wake-ups by the runner's timers, with a reminder as the durable backstop while anything is pending (after
/// a silo dies, the reminder activates the grain elsewhere and its effects run again).
/// </summary>
public abstract class DeliveryGrain<TState> : Grain, IEffectHost, IRemindable
    where TState : class
{
    /// <summary>The reminder a grain holds while it has work pending.</summary>
    public const string BackstopReminder = "pending-work";

    private readonly IPersistentState<GrainRecord<TState>> record;
    private readonly EffectRunner runner;
    private readonly ILogger logger;
    private readonly Dictionary<string, DateTimeOffset> inFlight = new(StringComparer.Ordinal);
    private bool? backstop;

    /// <summary>The backstop reminder as this activation registered it (with its ETag), so removing it needs no read.</summary>
    private IGrainReminder? backstopHandle;
    private bool dirty;
    private bool unwritten;

    protected DeliveryGrain(IPersistentState<GrainRecord<TState>> record, EffectRunner runner, TimeProvider time, ILogger logger)
    {
        this.record = record;
        this.runner = runner;
        this.logger = logger;
        Time = time;
    }

    protected TimeProvider Time { get; }

    protected ILogger Logger => logger;

    protected DateTimeOffset Now => Time.GetUtcNow();

    protected string Key => this.GetPrimaryKeyString();

    /// <summary>The decider's state (its initial state before the first write).</summary>
    protected TState State => record.State.State ?? Initial;

    /// <summary>The version of the last write; the next write is this plus one.</summary>
    protected long Version => record.State.Version;

    protected abstract TState Initial { get; }

    protected EffectOptions Options => runner.Options;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State.State is null)
        {
            record.State = new GrainRecord<TState> { State = Initial };
        }

        // A grain without work has no reminder to look for; one left behind by a crash fires once and is removed.
        backstop = record.State.HasWork ? null : false;
        return ScheduleAsync();
    }

    /// <summary>
    /// Writes <paramref name="next"/> with what <paramref name="plan"/> asks for, in one write, then hands due
    /// effects to the runner and sets the next wake-up. Throws when the write fails; a stale activation's write
    /// fails with <see cref="InconsistentStateException"/> and nothing it planned runs.
    /// </summary>
    protected async Task CommitAsync(TState next, Plan? plan = null)
    {
        var current = record.State;
        var version = current.Version + 1;
        var now = Now;
        var claims = new List<(PendingEffect Effect, EffectRunner.Slot Slot)>();
        try
        {
            var (effects, wakes) = plan is null ? (current.Effects, current.Wakes) : Merge(current, plan, version, now, claims);
            record.State = current with { State = next, Effects = effects, Wakes = wakes, Version = version };
            // Taken before the write: the fence of an effect claimed by it closes before the claim's lease can end.
            var claimedSince = TimeProvider.System.GetTimestamp();
            await WriteAsync();
            var id = this.GetGrainId();
            foreach (var (effect, slot) in claims)
            {
                inFlight[effect.Step] = now;
                runner.Run(new EffectDispatch(id, effect.Step, effect.Kind, effect.Payload, effect.Attempts, Fenced: true, effect.TraceParent, claimedSince), slot);
            }
        }
        finally
        {
            // The slots of a plan that was not written go back; a slot a dispatch took is not given back twice.
            foreach (var (_, slot) in claims)
            {
                slot.Dispose();
            }
        }

        await ScheduleAsync();
    }

    /// <summary>
    /// The effects and wake-ups of <paramref name="current"/> with what <paramref name="plan"/> adds. A fenced effect
    /// due now is claimed by the write of the plan when the runner has a slot for it at once (added to
    /// <paramref name="claims"/>): that write is ETag-checked like a claim, so the runner makes no write of its own.
    /// </summary>
    private (EquatableArray<PendingEffect> Effects, EquatableArray<GrainWake> Wakes) Merge(
        GrainRecord<TState> current, Plan plan, long version, DateTimeOffset now, List<(PendingEffect Effect, EffectRunner.Slot Slot)> claims)
    {
        var effects = current.Effects.ToList();
        var wakes = current.Wakes.ToList();
        var trace = TraceParent();
        foreach (var (kind, step, payload, dueAt, fenced) in plan.Effects)
        {
            if (effects.Exists(e => e.Step == step) || current.Done.Any(d => d.Step == step))
            {
                continue;
            }

            var effect = new PendingEffect(step, kind, payload, dueAt ?? now, 0, fenced, PlannedAt: now, TraceParent: trace);
            if (fenced && effect.DueAt <= now && runner.TryReserve() is { } slot)
            {
                effect = effect with { Attempts = 1, ClaimedBy = runner.LocalSilo, ClaimedAt = now };
                claims.Add((effect, slot));
            }

            effects.Add(effect);
        }

        for (var i = 0; i < plan.Entries.Count; i++)
        {
            var (stream, entry, at) = plan.Entries[i];
            effects.Add(new PendingEffect(
                $"append/{version}/{i}", OperationsEntryEffect.Kind, OperationsEntryEffect.Encode(new OperationsEntryEffect(stream, Key, entry, at)), now, 0, Fenced: false,
                PlannedAt: now, TraceParent: trace));
        }

        if (plan.Review is { } review)
        {
            effects.Add(new PendingEffect(
                $"review/{version}", ReviewChangeEffect.Kind, ReviewChangeEffect.Encode(new ReviewChangeEffect(Key, review.Reason, review.At, version)), now, 0, Fenced: false,
                PlannedAt: now, TraceParent: trace));
        }

        foreach (var name in plan.Cancels)
        {
            wakes.RemoveAll(w => w.Name == name);
        }

        foreach (var wake in plan.Wakes)
        {
            wakes.RemoveAll(w => w.Name == wake.Name);
            wakes.Add(wake);
        }

        return (effects.ToEquatableArray(), wakes.ToEquatableArray());
    }

    /// <summary>An effect answered with a reply (JSON of the grain's command). The effect is already taken out; commit the decision.</summary>
    protected virtual Task OnReplyAsync(PendingEffect effect, string reply) =>
        throw new InvalidOperationException($"{GetType().Name} does not take replies, but effect {effect.Kind} answered one.");

    /// <summary>A wake-up the grain asked for is due. It is already taken out; commit whatever is decided.</summary>
    protected virtual Task OnWakeAsync(string name) => Task.CompletedTask;

    /// <summary>An effect failed every attempt. It is already taken out; commit whatever is decided.</summary>
    protected virtual Task OnDeadLetteredAsync(PendingEffect effect, string reason) => Task.CompletedTask;

    /// <summary>A reminder of the grain's own (any but the backstop) fired; commit whatever is decided.</summary>
    protected virtual Task OnReminderAsync(string name) => Task.CompletedTask;

    /// <summary>A message another grain sent with <see cref="Plan.Send"/>; a repeat must change nothing.</summary>
    protected virtual Task OnMessageAsync(string message) =>
        throw new InvalidOperationException($"{GetType().Name} does not take messages.");

    public async Task TickAsync()
    {
        var now = Now;
        foreach (var wake in record.State.Wakes.Where(w => w.DueAt <= now).OrderBy(w => w.DueAt).ToList())
        {
            Take(r => r with { Wakes = r.Wakes.RemoveAll(w => w.Name == wake.Name) });
            EffectLog.Woke(logger, this.GetGrainId().ToString(), wake.Name);
            await OnWakeAsync(wake.Name);
            await FlushAsync();
        }

        await ScheduleAsync();
    }

    public async Task<bool> ClaimAsync(string step, int attempt)
    {
        if (Find(step) is not { Fenced: true } effect || effect.Attempts != attempt - 1)
        {
            return false;
        }

        var silo = runner.LocalSilo;
        var now = Now;
        Take(r => r with { Effects = r.Effects.Update(e => e.Step == step, e => e with { Attempts = attempt, ClaimedBy = silo, ClaimedAt = now }) });
        try
        {
            await FlushAsync();
        }
        catch
        {
            // Storage did not take the claim: hand the effect out again soon, rather than after the dispatch lease or
            // the reminder's tick (the reminder service itself may be failing to read its table right now).
            inFlight.Remove(step);
            runner.WakeAt(this.GetGrainId(), Now + Options.RetryBase);
            throw;
        }

        return true;
    }

    public async Task CompleteAsync(string step, int attempt, EffectReport report)
    {
        if (Find(step) is not { } effect || attempt != (effect.Fenced ? effect.Attempts : effect.Attempts + 1))
        {
            return;   // seen through already, or an older dispatch's late answer
        }

        inFlight.Remove(step);
        if (report.Kind == EffectReportKind.Done && IsTableRow(effect.Kind))
        {
            // An entry in an operations table is idempotent by its key, so its being done needs no write of its own:
            // the grain's next write carries it, or its deactivation. Should the grain be lost before either, the entry
            // is handed out again and written again as the same row.
            record.State = record.State with { Effects = record.State.Effects.RemoveAll(e => e.Step == step) };
            unwritten = true;
            await ScheduleAsync();
            return;
        }

        switch (report.Kind)
        {
            case EffectReportKind.Failed:
                var reason = report.Error ?? "failed";
                var attempts = attempt;
                if (attempts >= Options.MaxAttempts)
                {
                    EffectLog.DeadLettered(logger, this.GetGrainId().ToString(), step, attempts, reason);
                    Finish(effect with { Attempts = attempts, LastError = Truncate(reason) }, gaveUp: true);
                    await OnDeadLetteredAsync(effect with { Attempts = attempts, LastError = reason }, reason);
                }
                else
                {
                    EffectLog.AttemptFailed(logger, this.GetGrainId().ToString(), step, attempts, reason);
                    var retryAt = Now + Backoff.Delay(attempts, Options.RetryBase, Options.RetryMax, Random.Shared.NextDouble());
                    Take(r => r with
                    {
                        Effects = r.Effects.Update(
                            e => e.Step == step,
                            e => e with { Attempts = attempts, DueAt = retryAt, LastError = Truncate(reason), ClaimedBy = null, ClaimedAt = null }),
                    });
                }

                break;
            case EffectReportKind.Replied:
                Finish(effect with { Attempts = attempt }, gaveUp: false);
                await OnReplyAsync(effect, report.Reply ?? throw new ArgumentException("A reply without a message.", nameof(report)));
                break;
            default:
                Finish(effect with { Attempts = attempt }, gaveUp: false);
                break;
        }

        await FlushAsync();
        await ScheduleAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (unwritten && !dirty && reason.ReasonCode is DeactivationReasonCode.ActivationIdle or DeactivationReasonCode.ShuttingDown
            or DeactivationReasonCode.HighMemoryPressure or DeactivationReasonCode.Migrating)
        {
            // Entries done since the last write: recorded now so that a later activation does not hand them out again.
            try
            {
                record.State = record.State with { Version = record.State.Version + 1 };
                await record.WriteStateAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                EffectLog.SettleFailed(logger, e, this.GetGrainId().ToString());
            }
        }

        // The pending effects are this activation's to report; wherever the grain is activated next reports them.
        runner.Untrack(this.GetGrainId());
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task ReceiveAsync(string message, string idempotencyKey)
    {
        await OnMessageAsync(message);
        await FlushAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var due = new DateTimeOffset(DateTime.SpecifyKind(status.CurrentTickTime, DateTimeKind.Utc));
        DeliveryMetrics.ReminderLateness.Record(Math.Max(0, (Now - due).TotalSeconds), new KeyValuePair<string, object?>("reminder", reminderName));
        if (reminderName != BackstopReminder)
        {
            await OnReminderAsync(reminderName);
            return;
        }

        backstop = true;
        await TickAsync();
    }

    /// <summary>A row for an operations table: idempotent by its key, and not remembered once written.</summary>
    private static bool IsTableRow(string kind) => kind is OperationsEntryEffect.Kind or ReviewChangeEffect.Kind or OrderRowEffect.Kind;

    private PendingEffect? Find(string step) => record.State.Effects.FirstOrDefault(e => e.Step == step);

    private void Finish(PendingEffect effect, bool gaveUp)
    {
        if (IsTableRow(effect.Kind))
        {
            Take(r => r with { Effects = r.Effects.RemoveAll(e => e.Step == effect.Step) });
            return;
        }

        var remembered = Options.RememberedSteps;
        var finished = new FinishedEffect(effect.Step, effect.Kind, gaveUp, effect.Attempts, Now, effect.LastError);
        Take(r => r with
        {
            Effects = r.Effects.RemoveAll(e => e.Step == effect.Step),
            Done = (r.Done.Count >= remembered ? r.Done.Skip(r.Done.Count - remembered + 1) : r.Done).Append(finished).ToEquatableArray(),
        });
    }

    // Changes the record in memory; the next write (the hook's commit, or the flush after it) carries the change.
    private void Take(Func<GrainRecord<TState>, GrainRecord<TState>> change)
    {
        record.State = change(record.State);
        dirty = true;
    }

    private async Task FlushAsync()
    {
        if (dirty)
        {
            record.State = record.State with { Version = record.State.Version + 1 };
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            // What this activation holds may no longer be what is stored (the write may have been applied before the
            // connection broke, or another activation wrote first): the next call reads the record afresh.
            DeactivateOnIdle();
            throw;
        }

        dirty = false;
        unwritten = false;
    }

    private async Task ScheduleAsync()
    {
        var now = Now;
        var lease = Options.DispatchLease;
        var id = this.GetGrainId();
        DateTimeOffset? next = null;
        foreach (var effect in record.State.Effects)
        {
            // A dispatch that has not reported back within the lease (its runner was lost) is handed out again on the
            // next tick; the backstop reminder provides that tick.
            if (inFlight.TryGetValue(effect.Step, out var since))
            {
                if (now - since < lease)
                {
                    continue;
                }

                inFlight.Remove(effect.Step);
            }
            else if (effect is { ClaimedBy: { } claimant, ClaimedAt: { } claimedAt }
                && (runner.MayStillRun(claimant) ? lease : Options.ClaimLease) is var held && now - claimedAt < held)
            {
                // Claimed by a dispatch this activation did not make. On this silo (an earlier activation's, collected
                // or deactivated while membership changed) that dispatch may be calling right now: it reports back, or
                // the dispatch lease runs out. On another silo (dead, frozen or stopped) it sends nothing once the
                // claim lease has passed, so the effect is handed out again then and not before.
                next = Earliest(next, claimedAt + held);
                continue;
            }

            if (effect.DueAt <= now)
            {
                inFlight[effect.Step] = now;
                runner.Run(new EffectDispatch(id, effect.Step, effect.Kind, effect.Payload, effect.Attempts + 1, effect.Fenced, effect.TraceParent));
            }
            else
            {
                next = Earliest(next, effect.DueAt);
            }
        }

        foreach (var wake in record.State.Wakes)
        {
            next = Earliest(next, wake.DueAt);
        }

        if (next is { } at)
        {
            runner.WakeAt(id, at);
        }

        runner.Track(id, record.State.Effects);

        await KeepBackstopAsync(record.State.HasWork);
    }

    private async Task KeepBackstopAsync(bool wanted)
    {
        if (wanted && backstop != true)
        {
            var period = Options.BackstopPeriod;
            backstopHandle = await this.RegisterOrUpdateReminder(BackstopReminder, period, period);
            backstop = true;
        }
        else if (!wanted && backstop != false)
        {
            await RemoveBackstopAsync();
            backstopHandle = null;
            backstop = false;
        }
    }

    private async Task RemoveBackstopAsync()
    {
        if (backstopHandle is { } registered)
        {
            try
            {
                await this.UnregisterReminder(registered);
                return;
            }
            catch (ReminderException)
            {
                // The row changed since this activation registered it (a tick or another activation rewrote it):
                // remove the row as it is now.
            }
        }

        if (await this.GetReminder(BackstopReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// The W3C <c>traceparent</c> of the call this grain is serving: its Orleans span when one is sampled, else the one
    /// the caller sent along in the request context (Orleans' activity propagation puts it there).
    /// </summary>
    private static string? TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : RequestContext.Get("traceparent") as string;

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;

    private static string Truncate(string text) => text.Length > 2000 ? text[..2000] : text;
}
