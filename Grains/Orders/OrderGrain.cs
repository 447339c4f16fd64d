using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// The order's shell on the engine: runs <see cref="OrderDecider"/> in a turn and writes what it decided — state,
/// effects into the outbox, grants to the customer grain, reminders, the delivery log, alerts and the review index —
/// in that same transaction.
/// </summary>
public sealed partial class OrderGrain(IOptions<OrderPolicy> policy, ILogger<OrderGrain> logger) : Grain<OrderState, OrderCommand>
{
    public const string Type = "order";

    public override string TypeName => Type;

    // A dead letter's last error can be a long exception message; the review reason and alert keep its start.
    private const int MaxFailureReason = 400;

    protected override JsonTypeInfo<OrderState> StateType => OrdersJsonContext.Default.OrderState;

    protected override JsonTypeInfo<OrderCommand> MessageType => OrdersJsonContext.Default.OrderCommand;

    protected override OrderState CreateInitial(string key) => OrderState.Initial;

    protected override object? Handle(TurnContext<OrderState> turn, OrderCommand message) =>
        Run(turn, message with { Now = turn.Now });

    protected override void OnReminder(TurnContext<OrderState> turn, ReminderTick tick) =>
        Run(turn, new Wake(tick.Name, turn.Now));

    protected override void OnEffectDeadLettered(TurnContext<OrderState> turn, DeadLetter letter)
    {
        var stepPrefix = $"{Type}/{turn.Key}/";
        if (letter.Kind == OrderEffectKinds.DeliveryEmail && letter.IdempotencyKey.StartsWith(stepPrefix, StringComparison.Ordinal))
        {
            // Whether the buyer is left without the order is the decider's call: it moves the order to review and
            // raises the alert in one turn, so state, history and the review queue agree.
            var reason = letter.LastError is { Length: > MaxFailureReason } text ? text[..MaxFailureReason] + "…" : letter.LastError ?? "no error recorded";
            Run(turn, new DeliveryEmailFailed(letter.IdempotencyKey[stepPrefix.Length..], letter.Attempts, reason, turn.Now));
            return;
        }

        // Handlers report business failures as messages; a dead letter means the outside world stayed unreachable
        // for every attempt (mail server, provider API). The order cannot move by itself: tell an operator.
        var alert = new AlertRecord(
            "effect-dead-lettered", turn.Key, $"{letter.Kind} gave up after {letter.Attempts} attempts: {letter.LastError}", turn.Now);
        turn.Log(OperationsStreams.Alerts, alert, OperationsJson.Default.AlertRecord);

        // An alert that could not be emailed is in the alerts stream already; the order's own state says whether it
        // needs an operator, and its review reason must not be overwritten by the mail outage.
        if (letter.Kind != OrderEffectKinds.Alert)
        {
            turn.Index(OperationsStreams.NeedsReview, $"{letter.Kind} failed after {letter.Attempts} attempts");
        }
    }

    private OrderReply Run(TurnContext<OrderState> turn, OrderCommand command)
    {
        var before = turn.State;
        OrderTurn decided;
        try
        {
            decided = OrderDecider.Handle(command, before, policy.Value);
        }
        catch (InvalidTransitionException e)
        {
            // An answer for a step this order never planned, or an action on an order that does not exist: nothing
            // changes, and the caller is told why.
            LogInvalid(logger, turn.Key, command.GetType().Name, e.Message);
            return new OrderReply(before, [], "invalid_transition", e.Message);
        }

        turn.State = decided.State;
        foreach (var effect in decided.Effects)
        {
            Plan(turn, effect);
        }

        foreach (var change in decided.Reminders)
        {
            switch (change)
            {
                case WakeAt wake:
                    turn.SetReminder(wake.Name, wake.DueAt);
                    break;
                case CancelWake cancel:
                    turn.CancelReminder(cancel.Name);
                    break;
            }
        }

        foreach (var entry in decided.State.DeliveryLog.Skip(before.DeliveryLog.Count))
        {
            var record = new DeliveryLogRecord(
                turn.Key, decided.State.Customer.CustomerId, entry.Kind.ToString().ToLowerInvariant(),
                entry.Channel.ToString().ToLowerInvariant(), entry.Detail, entry.At);
            turn.Log(OperationsStreams.Deliveries, record, OperationsJson.Default.DeliveryLogRecord);
        }

        if (before.ReviewNote != decided.State.ReviewNote)
        {
            turn.Index(OperationsStreams.NeedsReview, decided.State.ReviewNote);
        }

        var refusal = decided.Events.Select(Refusal).FirstOrDefault(r => r is not null);
        return new OrderReply(decided.State, decided.Events, refusal?.Code, refusal?.Message);
    }

    private static void Plan(TurnContext<OrderState> turn, OrderEffect effect)
    {
        switch (effect)
        {
            case GrantEntitlement grant:
                turn.Send(
                    new GrainId(CustomerGrain.Type, grant.CustomerId),
                    grant.Step,
                    new Grant(grant.CustomerId, grant.CustomerEmail, grant.OrderId, grant.Sku, grant.ProductName, grant.DownloadLimit, turn.Now),
                    CustomersJsonContext.Default.CustomerCommand);
                break;
            case RevokeEntitlement revoke:
                turn.Send(
                    new GrainId(CustomerGrain.Type, revoke.CustomerId),
                    revoke.Step,
                    new Revoke(revoke.OrderId, turn.Now),
                    CustomersJsonContext.Default.CustomerCommand);
                break;
            case RaiseAlert alert:
                turn.Log(
                    OperationsStreams.Alerts,
                    new AlertRecord(alert.Kind.Name(), alert.OrderId, alert.Message, turn.Now),
                    OperationsJson.Default.AlertRecord);
                turn.Effect(OrderEffectKinds.Of(effect), effect.Step, effect, OrdersJsonContext.Default.OrderEffect);
                break;
            default:
                turn.Effect(OrderEffectKinds.Of(effect), effect.Step, effect, OrdersJsonContext.Default.OrderEffect);
                break;
        }
    }

    private static (string Code, string Message)? Refusal(OrderEvent @event) => @event switch
    {
        OrderCreationRefused e => ("order_conflict", e.Reason),
        OperatorActionRefused e => ("action_refused", e.Reason),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} refused {Command}: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string orderId, string command, string reason);
}

/// <summary>What one turn of an order answers its caller: the state after it, what happened, and any refusal.</summary>
internal sealed record OrderReply(OrderState State, EquatableArray<OrderEvent> Events, string? ErrorCode, string? Error);
