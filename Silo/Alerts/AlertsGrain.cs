using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Operations.Orders;
using Orleans.Delivery.Silo.Supplier;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Alerts;

/// <summary>
/// Evaluates the operations alert rules (<see cref="AlertRules"/>) on a reminder, from aggregates of the operations
/// tables (supplier calls, order outcomes, the orders table, webhook failures, supplier purchases; live orders only) and
/// the supplier balance last reported. A rule whose condition starts is raised once: an entry in the <c>alerts</c>
/// stream, an email to operators and a post to the alert webhook (both effects, retried until done); when it clears it
/// is resolved the same way, once.
/// </summary>
/// <remarks>
/// The balance is read by an effect (<see cref="SupplierBalanceReadHandler"/>) that each evaluation asks for when none
/// is under way; its answer comes back as a reply and is judged by the next evaluation, while it is no older than
/// <see cref="AlertThresholds.BalanceMaxAge"/>. No turn of this grain waits on the supplier.
/// </remarks>
[GrainType(AlertsGrain.Type)]
public sealed class AlertsGrain(
    [PersistentState(AlertsGrain.StateName, GrainStorage.Name)] IPersistentState<GrainRecord<AlertsState>> record,
    EffectRunner runner,
    TimeProvider time,
    IOperationsStore store,
    IOrderListStore orders,
    IOptions<AlertThresholds> thresholds,
    IServiceProvider services,
    ILogger<AlertsGrain> logger)
    : DeliveryGrain<AlertsState>(record, runner, time, logger), IAlertsGrain
{
    public const string Type = "alerts";

    public const string StateName = "alerts";

    public const string Reminder = "alerts-evaluate";

    public const string MailKind = "operations-alert-mail";

    public const string WebhookKind = "operations-alert-webhook";

    public const string BalanceKind = "supplier-balance-read";

    protected override AlertsState Initial => AlertsState.Initial;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var every = thresholds.Value.EvaluateEvery;
        await this.RegisterOrUpdateReminder(Reminder, every, every);
    }

    public Task<IReadOnlyList<OpenAlert>> GetOpenAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OpenAlert>>(State.Active.Select(a => new OpenAlert(a.Rule, a.Message, a.Since)).ToList());

    public Task<SupplierBalanceReading?> GetSupplierBalanceAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(State.Reading);

    public async Task<IReadOnlyList<OpenAlert>> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        var t = thresholds.Value;
        var state = State;

        var calls = await store.SupplierCallStatsAsync(OperationsStreams.SupplierCalls, now - t.SupplierWindow, cancellationToken);
        var outcomes = await store.CountByOutcomeAsync(OperationsStreams.OrderOutcomes, now - t.FailureWindow, cancellationToken);
        var webhookSince = now - t.WebhookWindow;
        var webhooks = await store.CountSinceAsync(OperationsStreams.WebhookFailures, webhookSince, cancellationToken);
        var lastWebhook = webhooks == 0
            ? null
            : (await store.ReadSinceAsync(OperationsStreams.WebhookFailures, webhookSince, 1, cancellationToken))
                .Select(e => JsonSerializer.Deserialize(e.Entry, OperationsJson.Default.WebhookFailureRecord))
                .FirstOrDefault();
        var (undelivered, oldest) = await orders.PaidUndeliveredAsync(now - t.UndeliveredAfter, cancellationToken);
        var balance = state.BalanceNotOlderThan(t.BalanceMaxAge, now);
        var spend = balance is null || state.BalanceCurrency is not { } currency
            ? 0m
            : SupplierSpend.InMajorUnits(await SupplierSpend.TypicalDailyAsync(store, now, cancellationToken), currency);

        var figures = new AlertFigures(
            calls.AverageMs is { } average ? TimeSpan.FromMilliseconds(average) : null,
            calls.Calls,
            outcomes.GetValueOrDefault("delivered"),
            outcomes.GetValueOrDefault("failed"),
            balance,
            state.BalanceCurrency,
            spend,
            undelivered,
            oldest,
            webhooks,
            lastWebhook is null ? null : $"{lastWebhook.Source} answered {lastWebhook.Status.ToString(CultureInfo.InvariantCulture)}: {lastWebhook.Reason}");

        var plan = new Plan();
        foreach (var check in AlertRules.Check(figures, t, now))
        {
            var active = state.IsActive(check.Rule);
            if (check.Firing == true && !active)
            {
                state = Raise(plan, state with { Active = state.Active.Add(new ActiveAlert(check.Rule, check.Message, now)) }, check.Rule, "firing", check.Message, now);
            }
            else if (check.Firing == false && active)
            {
                var was = state.Active.First(a => a.Rule == check.Rule);
                state = Raise(plan, state with { Active = state.Active.RemoveAll(a => a.Rule == check.Rule) }, check.Rule, "resolved", $"{check.Message} (raised {was.Since:u})", now);
            }
        }

        // The next balance read, unless one is under way (its answer will do) or no supplier is configured here.
        if (!state.BalanceReading && services.GetService<SupplierClient>() is not null)
        {
            state = state.WithBalanceRequested();
            plan.Effect(BalanceKind, $"balance-{state.BalanceReads}", "{}", fenced: false);
        }

        if (!Equals(state, State))
        {
            await CommitAsync(state, plan);
        }

        return await GetOpenAsync(cancellationToken);
    }

    protected override Task OnReminderAsync(string name) => name == Reminder ? EvaluateAsync() : Task.CompletedTask;

    protected override async Task OnReplyAsync(PendingEffect effect, string reply)
    {
        if (effect.Kind != BalanceKind)
        {
            await base.OnReplyAsync(effect, reply);
            return;
        }

        var report = JsonSerializer.Deserialize(reply, OperationsJson.Default.SupplierBalanceReported) ?? throw new JsonException("A balance report is empty.");
        await CommitAsync(State.WithBalanceReported(report));
    }

    protected override async Task OnDeadLetteredAsync(PendingEffect effect, string reason)
    {
        if (effect.Kind == BalanceKind)
        {
            // The read gave up without an answer: the next evaluation asks again.
            await CommitAsync(State.WithBalanceReported(new SupplierBalanceReported(null, null, reason, Now)));
        }
    }

    private AlertsState Raise(Plan plan, AlertsState state, string rule, string status, string message, DateTimeOffset now)
    {
        OperationsLog.AlertChanged(Logger, rule, status, message);
        var number = state.Transitions + 1;
        var alert = new OperationsAlert(rule, status, message, now);
        var payload = JsonSerializer.Serialize(alert, OperationsJson.Default.OperationsAlert);
        plan.Append(OperationsStreams.Alerts, JsonSerializer.Serialize(new AlertRecord(rule, "", message, now, status), OperationsJson.Default.AlertRecord), now);
        plan.Effect(MailKind, $"mail-{number}-{rule}-{status}", payload, fenced: true);
        plan.Effect(WebhookKind, $"webhook-{number}-{rule}-{status}", payload, fenced: true);
        return state with { Transitions = number };
    }
}
