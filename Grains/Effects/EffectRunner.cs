using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Grains.Orders;
using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// One hand-out of one effect by its grain to the runner of the grain's silo; <paramref name="TraceParent"/> is the W3C
/// <c>traceparent</c> of the call that planned it, if known. <paramref name="ClaimedSince"/>: for a fenced effect the
/// grain claimed in the write that planned it, this process's monotonic timestamp taken before that write (the fence
/// runs from there); null when the runner claims it.
/// </summary>
public sealed record EffectDispatch(GrainId Grain, string Step, string Kind, string Payload, int Attempt, bool Fenced, string? TraceParent = null, long? ClaimedSince = null);

/// <summary>
/// How one dispatch ended on this silo's runner, as its <see cref="EffectRunner.Dispatched"/> event tells it;
/// <paramref name="ClaimedWithPlan"/>: a fenced effect its grain claimed in the write that planned it.
/// </summary>
public sealed record EffectDispatched(GrainId Grain, string Step, string Kind, int Attempt, DispatchOutcome Outcome, bool ClaimedWithPlan = false);

public enum DispatchOutcome
{
    /// <summary>Performed and recorded: done or answered.</summary>
    Completed,

    /// <summary>Performed and failed; recorded for a retry or as given up.</summary>
    Failed,

    /// <summary>The claim was refused or failed: nothing was called.</summary>
    NotClaimed,

    /// <summary>Performed, but the result could not be recorded.</summary>
    Unrecorded,
}

/// <summary>
/// Runs the effects the grains of this silo hand it, outside any grain call: a fenced effect is claimed by its grain
/// (an ETag-checked write) just before the call, either by the write that planned it (when a slot was free for it at
/// once) or by one the runner asks for, the handler does the I/O, and the result is reported back with a
/// grain call that is a no-op when repeated. A result that cannot be recorded is retried as a record, never as a new
/// call. Also wakes grains at the times they ask for; a grain's reminder is the durable backstop for both.
/// </summary>
public sealed partial class EffectRunner : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan[] ReportDelays =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    private readonly IGrainFactory grains;
    private readonly Dictionary<string, IEffectHandler> handlers;
    private readonly EffectActivity activity;
    private readonly TimeProvider time;
    private readonly EffectOptions options;
    private readonly ILogger<EffectRunner> logger;
    private readonly SemaphoreSlim concurrency;
    private readonly ConcurrentDictionary<GrainId, (DateTimeOffset At, ITimer Timer)> wakes = new();
    private readonly CancellationTokenSource closing = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int underway;
    private readonly ILocalSiloDetails silo;
    private readonly ConcurrentDictionary<GrainId, (int Count, DateTimeOffset Oldest)> pending = new();
    private readonly IDisposable pendingGauge;

    public EffectRunner(
        IGrainFactory grains,
        IEnumerable<IEffectHandler> handlers,
        EffectActivity activity,
        TimeProvider time,
        IOptions<EffectOptions> options,
        ILogger<EffectRunner> logger,
        ILocalSiloDetails silo)
    {
        this.silo = silo;
        this.grains = grains;
        this.handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        this.activity = activity;
        this.time = time;
        this.options = options.Value;
        this.logger = logger;
        concurrency = new SemaphoreSlim(this.options.MaxConcurrency);
        pendingGauge = DeliveryMetrics.ObservePendingEffects(silo.SiloAddress.ToString(), () => Backlog);
    }

    /// <summary>
    /// The effects the grains active on this silo hold and have not seen through, and how long ago the oldest of them
    /// was planned (an effect stored before that time was kept counts from when it is due).
    /// </summary>
    public DeliveryMetrics.Backlog Backlog
    {
        get
        {
            long count = 0;
            DateTimeOffset? oldest = null;
            foreach (var (_, held) in pending)
            {
                count += held.Count;
                oldest = oldest is { } o && o <= held.Oldest ? o : held.Oldest;
            }

            return new DeliveryMetrics.Backlog(count, oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero);
        }
    }

    /// <summary>What <paramref name="grain"/>, active here, holds now (for <see cref="Backlog"/>).</summary>
    public void Track(GrainId grain, IReadOnlyCollection<PendingEffect> effects)
    {
        if (effects.Count == 0)
        {
            pending.TryRemove(grain, out _);
            return;
        }

        pending[grain] = (effects.Count, effects.Min(e => e.PlannedAt ?? e.DueAt));
    }

    /// <summary><paramref name="grain"/> is no longer active here.</summary>
    public void Untrack(GrainId grain) => pending.TryRemove(grain, out _);

    public EffectOptions Options => options;

    /// <summary>This silo, as a claim names it.</summary>
    public string LocalSilo => silo.SiloAddress.ToParsableString();

    /// <summary>
    /// Whether a dispatch claimed on <paramref name="claimant"/> may still be running on this silo's runner: the claim
    /// names this very silo (same address and generation), so the dispatch of an earlier activation of the grain here
    /// may be calling right now. A claim by another silo is taken over: that silo is dead, or has lost the grain to this
    /// activation; waiting for membership to say which would hold the work up for as long as no silo is left to vote
    /// the dead ones out (every silo killed at once).
    /// </summary>
    public bool MayStillRun(string claimant) => claimant == LocalSilo;

    /// <summary>Raised after each dispatch this runner made (for metrics and tests).</summary>
    public event Action<EffectDispatched>? Dispatched;

    /// <summary>Starts <paramref name="dispatch"/> now, off the caller's grain turn.</summary>
    public void Run(EffectDispatch dispatch) => Start(dispatch, reserved: false);

    /// <summary>
    /// Takes one of the runner's <see cref="EffectOptions.MaxConcurrency"/> slots now, for an effect its grain claims in
    /// the write that plans it: the dispatch then starts the moment that write is done, well inside its fence. Null when
    /// every slot is taken or the silo is stopping; the runner then claims the effect itself when a slot frees.
    /// </summary>
    public Slot? TryReserve()
    {
        lock (gate)
        {
            if (closing.IsCancellationRequested)
            {
                return null;
            }
        }

        return concurrency.Wait(0) ? new Slot(this) : null;
    }

    /// <summary>Starts <paramref name="dispatch"/> in <paramref name="slot"/>, which it releases when done.</summary>
    public void Run(EffectDispatch dispatch, Slot slot)
    {
        if (!slot.Take())
        {
            throw new InvalidOperationException($"The slot for {dispatch.Step} was already used or given back.");
        }

        Start(dispatch, reserved: true);
    }

    private void Start(EffectDispatch dispatch, bool reserved)
    {
        lock (gate)
        {
            if (closing.IsCancellationRequested)
            {
                if (reserved)
                {
                    concurrency.Release();
                }

                return;
            }

            underway++;
        }

        activity.Begin();
        _ = Task.Run(() => RunAsync(dispatch, reserved));
    }

    /// <summary>Calls the grain's <see cref="IEffectHost.TickAsync"/> at <paramref name="at"/> (or now), unless an earlier wake-up is set.</summary>
    public void WakeAt(GrainId grain, DateTimeOffset at)
    {
        if (closing.IsCancellationRequested)
        {
            return;
        }

        var delay = at - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            Unschedule(grain);
            activity.Begin();
            _ = Task.Run(() => TickAsync(grain));
            return;
        }

        if (wakes.TryGetValue(grain, out var existing) && existing.At <= at)
        {
            return;
        }

        var timer = time.CreateTimer(static s => ((WakeUp)s!).Fire(), new WakeUp(this, grain, at), delay, Timeout.InfiniteTimeSpan);
        if (wakes.TryGetValue(grain, out var replaced))
        {
            replaced.Timer.Dispose();
        }

        wakes[grain] = (at, timer);
        activity.Scheduled(this, grain.ToString(), at);
    }

    /// <summary>
    /// When the silo stops, first of all and while its grains are still active here: nothing new starts, dispatches
    /// still queued are dropped (their grains hand them out again wherever they are activated next), and the calls
    /// under way finish and record their results, within <see cref="EffectOptions.HandlerTimeout"/> or the host's
    /// shutdown timeout, whichever ends first. Only then is anything still running cancelled: a call cut off in the
    /// middle is one whose outcome nobody knows, and a stop as an orchestrator makes it must not leave one.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EffectRunner), ServiceLifecycleStage.Active, _ => Task.CompletedTask, StopAsync);

    // The token sources are not disposed: a lifecycle stop may come after the container's disposal, and a cancelled
    // source holds nothing worth releasing.
    public void Dispose()
    {
        Close();
        stopping.Cancel();
    }

    private async Task StopAsync(CancellationToken shutdown)
    {
        Close();
        try
        {
            await drained.Task.WaitAsync(options.HandlerTimeout, TimeProvider.System, shutdown);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            EffectLog.StoppedUnfinished(logger, Volatile.Read(ref underway));
        }
        finally
        {
            stopping.Cancel();
        }
    }

    private void Close()
    {
        // A stopping silo reports no pending work of its own: its grains hand it out again wherever they are next activated.
        pendingGauge.Dispose();
        lock (gate)
        {
            if (closing.IsCancellationRequested)
            {
                return;
            }

            closing.Cancel();
            if (underway == 0)
            {
                drained.TrySetResult();
            }
        }

        foreach (var (grain, wake) in wakes)
        {
            wake.Timer.Dispose();
            activity.Unscheduled(this, grain.ToString());
        }

        wakes.Clear();
    }

    private void Ended()
    {
        lock (gate)
        {
            if (--underway == 0 && closing.IsCancellationRequested)
            {
                drained.TrySetResult();
            }
        }
    }

    private void Fired(GrainId grain, DateTimeOffset at)
    {
        // Begun before the timer callback returns: a clock advanced by a test sees this work under way at once.
        if (!wakes.TryGetValue(grain, out var current) || current.At != at || !wakes.TryRemove(new KeyValuePair<GrainId, (DateTimeOffset, ITimer)>(grain, current)))
        {
            return;
        }

        current.Timer.Dispose();
        activity.Unscheduled(this, grain.ToString());
        activity.Begin();
        _ = Task.Run(() => TickAsync(grain));
    }

    private void Unschedule(GrainId grain)
    {
        if (wakes.TryRemove(grain, out var removed))
        {
            removed.Timer.Dispose();
            activity.Unscheduled(this, grain.ToString());
        }
    }

    private async Task TickAsync(GrainId grain)
    {
        try
        {
            await grains.GetGrain<IEffectHost>(grain).TickAsync();
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // The grain's reminder wakes it again.
            EffectLog.TickFailed(logger, e, grain.ToString());
        }
        finally
        {
            activity.End();
        }
    }

    private async Task RunAsync(EffectDispatch dispatch, bool reserved)
    {
        try
        {
            if (!reserved)
            {
                await concurrency.WaitAsync(closing.Token);
            }

            try
            {
                // Not begun before the silo began to stop: left to the grain's next activation.
                if (!closing.IsCancellationRequested)
                {
                    await DispatchAsync(dispatch);
                }
            }
            finally
            {
                concurrency.Release();
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            EffectLog.DispatchFailed(logger, e, dispatch.Grain.ToString(), dispatch.Step);
        }
        finally
        {
            Ended();
            activity.End();
        }
    }

    private async Task DispatchAsync(EffectDispatch dispatch)
    {
        using var span = StartSpan(dispatch);
        var host = grains.GetGrain<IEffectHost>(dispatch.Grain);

        // Fenced from before the claim is asked for (or from before the grain's write that claimed it with its plan), so
        // the fence closes before the claim's lease can end.
        using var fence = dispatch.Fenced ? EffectFence.Enter(options.ClaimSendWindow, dispatch.ClaimedSince) : null;
        if (dispatch is { Fenced: true, ClaimedSince: null } && !await ClaimAsync(host, dispatch))
        {
            Tell(dispatch, DispatchOutcome.NotClaimed);
            return;
        }

        var report = await PerformAsync(dispatch);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await host.CompleteAsync(dispatch.Step, dispatch.Attempt, report);
                Tell(dispatch, report.Kind == EffectReportKind.Failed ? DispatchOutcome.Failed : DispatchOutcome.Completed);
                return;
            }
            catch (Exception) when (attempt >= ReportDelays.Length || stopping.IsCancellationRequested)
            {
                Tell(dispatch, DispatchOutcome.Unrecorded);
                throw;
            }
            catch (Exception e)
            {
                // The effect happened; only its record is missing. Record again; never call again.
                EffectLog.ReportRetried(logger, e, dispatch.Grain.ToString(), dispatch.Step, attempt + 1);
                await Task.Delay(ReportDelays[attempt], stopping.Token);
            }
        }
    }

    /// <summary>One of the runner's slots, taken by <see cref="TryReserve"/>: used by <see cref="Run(EffectDispatch, Slot)"/>, or given back by <see cref="Dispose"/>.</summary>
    public sealed class Slot : IDisposable
    {
        private EffectRunner? owner;

        internal Slot(EffectRunner owner) => this.owner = owner;

        /// <summary>Gives the slot back unless a dispatch took it; a second call does nothing.</summary>
        public void Dispose() => Interlocked.Exchange(ref owner, null)?.concurrency.Release();

        internal bool Take() => Interlocked.Exchange(ref owner, null) is not null;
    }

    private void Tell(EffectDispatch dispatch, DispatchOutcome outcome)
    {
        if (Activity.Current is { Source.Name: DeliveryTracing.SourceName } span)
        {
            span.SetTag("delivery.effect.outcome", outcome.ToString());
            if (outcome is DispatchOutcome.Failed or DispatchOutcome.Unrecorded)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }

        Dispatched?.Invoke(new EffectDispatched(dispatch.Grain, dispatch.Step, dispatch.Kind, dispatch.Attempt, outcome, dispatch.ClaimedSince is not null));
    }

    /// <summary>
    /// The span of one dispatch: its claim, the handler's calls (HTTP, SMTP) and its report sit under it. It continues
    /// the trace of the call that planned the effect, wherever and however much later that was; an effect stored
    /// without one starts a trace of its own rather than joining whatever call happened to hand it out.
    /// </summary>
    private static Activity? StartSpan(EffectDispatch dispatch)
    {
        Activity.Current = null;
        ActivityContext.TryParse(dispatch.TraceParent, null, isRemote: true, out var parent);
        var span = DeliveryTracing.Source.StartActivity($"effect {dispatch.Kind}", ActivityKind.Internal, parent);
        span?.SetTag("delivery.effect.kind", dispatch.Kind);
        span?.SetTag("delivery.effect.step", dispatch.Step);
        span?.SetTag("delivery.effect.attempt", dispatch.Attempt);
        span?.SetTag("delivery.grain", dispatch.Grain.ToString());
        return span;
    }

    private async Task<bool> ClaimAsync(IEffectHost host, EffectDispatch dispatch)
    {
        try
        {
            if (await host.ClaimAsync(dispatch.Step, dispatch.Attempt))
            {
                return true;
            }

            EffectLog.ClaimRefused(logger, dispatch.Grain.ToString(), dispatch.Step, dispatch.Attempt);
            return false;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // A stale activation, or storage that did not answer: nothing is called. The grain hands it out again.
            EffectLog.ClaimFailed(logger, e, dispatch.Grain.ToString(), dispatch.Step, dispatch.Attempt);
            return false;
        }
    }

    private async Task<EffectReport> PerformAsync(EffectDispatch dispatch)
    {
        if (!handlers.TryGetValue(dispatch.Kind, out var handler))
        {
            return new EffectReport(EffectReportKind.Failed, null, $"no handler for effect '{dispatch.Kind}' on this silo");
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        budget.CancelAfter(options.HandlerTimeout);
        var grain = dispatch.Grain.ToString();
        var context = new EffectContext(grain, dispatch.Kind, $"{grain}/{dispatch.Step}", dispatch.Payload, dispatch.Attempt, time.GetUtcNow());
        try
        {
            return await handler.HandleAsync(context, budget.Token) switch
            {
                EffectResult.Replied reply => new EffectReport(EffectReportKind.Replied, Encode(reply.Message), null),
                EffectResult.Failed failed => new EffectReport(EffectReportKind.Failed, null, failed.Reason),
                _ => EffectReport.Done,
            };
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // Exception text stays in the grain's state and the log; it never reaches an HTTP caller.
            return new EffectReport(EffectReportKind.Failed, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static string Encode(object message) => message switch
    {
        OrderCommand command => JsonSerializer.Serialize(command, OrdersJsonContext.Default.OrderCommand),
        CustomerCommand command => JsonSerializer.Serialize(command, CustomersJsonContext.Default.CustomerCommand),
        SupplierBalanceReported report => JsonSerializer.Serialize(report, OperationsJson.Default.SupplierBalanceReported),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a grain command.", nameof(message)),
    };

    private sealed record WakeUp(EffectRunner Runner, GrainId Grain, DateTimeOffset At)
    {
        public void Fire() => Runner.Fired(Grain, At);
    }
}
