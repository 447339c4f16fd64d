using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
/// Evaluates the operations alert rules (<see cref="AlertRules"/>) on a reminder, from the operations tables (supplier
/// calls, order outcomes, the orders table, webhook failures; live orders only) and the supplier's balance endpoint.
/// A rule whose condition starts is raised once: an entry in the <c>alerts</c> stream, an email to operators and a post
/// to the alert webhook (both effects, retried until done); when it clears it is resolved the same way, once.
/// </summary>
/// <remarks>
/// The balance is read inside the reminder's turn, the one call that awaits the supplier here; only the reminder and
/// <see cref="EvaluateAsync"/> wait on it, and listings of open alerts interleave.
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

    /// <summary>The most entries of a stream one evaluation reads for a window.</summary>
    private const int MaxWindowEntries = 10_000;

    protected override AlertsState Initial => AlertsState.Initial;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var every = thresholds.Value.EvaluateEvery;
        await this.RegisterOrUpdateReminder(Reminder, every, every);
    }

    public Task<IReadOnlyList<OpenAlert>> GetOpenAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OpenAlert>>(State.Active.Select(a => new OpenAlert(a.Rule, a.Message, a.Since)).ToList());

    public async Task<IReadOnlyList<OpenAlert>> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        var t = thresholds.Value;
        var state = State;

        var calls = Read(await store.ReadSinceAsync(OperationsStreams.SupplierCalls, now - t.SupplierWindow, MaxWindowEntries, cancellationToken), OperationsJson.Default.SupplierCallRecord);
        var outcomes = Read(await store.ReadSinceAsync(OperationsStreams.OrderOutcomes, now - t.FailureWindow, MaxWindowEntries, cancellationToken), OperationsJson.Default.OrderOutcomeRecord);
        var webhooks = Read(await store.ReadSinceAsync(OperationsStreams.WebhookFailures, now - t.WebhookWindow, MaxWindowEntries, cancellationToken), OperationsJson.Default.WebhookFailureRecord);
        var (undelivered, oldest) = await orders.PaidUndeliveredAsync(now - t.UndeliveredAfter, cancellationToken);
        var balance = await BalanceAsync(cancellationToken);
        if (balance is { } read)
        {
            state = state.WithBalance(read.Amount, now);
        }

        var figures = new AlertFigures(
            calls.Count == 0 ? null : TimeSpan.FromMilliseconds(calls.Average(c => c.LatencyMs)),
            calls.Count,
            outcomes.Count(o => o.Outcome == "delivered"),
            outcomes.Count(o => o.Outcome == "failed"),
            balance?.Amount,
            balance?.Currency,
            state.TypicalDailySpend(now),
            undelivered,
            oldest,
            webhooks.Count,
            webhooks.Count == 0 ? null : $"{webhooks[0].Source} answered {webhooks[0].Status.ToString(CultureInfo.InvariantCulture)}: {webhooks[0].Reason}");

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

        if (!Equals(state, State))
        {
            await CommitAsync(state, plan);
        }

        return await GetOpenAsync(cancellationToken);
    }

    protected override Task OnReminderAsync(string name) => name == Reminder ? EvaluateAsync() : Task.CompletedTask;

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

    private async Task<SupplierResponse.Balance?> BalanceAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<SupplierClient>() is not { } supplier)
        {
            return null;
        }

        var response = await supplier.GetBalanceAsync(cancellationToken);
        if (response is SupplierResponse.Balance balance)
        {
            return balance;
        }

        OperationsLog.BalanceUnavailable(Logger, response.GetType().Name);
        return null;
    }

    private static List<T> Read<T>(IReadOnlyList<OperationsEntry> entries, JsonTypeInfo<T> type)
        where T : class =>
        entries.Select(e => JsonSerializer.Deserialize(e.Entry, type)).OfType<T>().ToList();
}
