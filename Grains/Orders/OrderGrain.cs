using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Runtime;
using Contract = Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// An order (key: the storefront's order id). Each call runs <see cref="OrderDecider"/> and writes what it decided —
/// state, effects, grants to the customer, wake-ups, delivery log and alert entries, review changes — in one write.
/// </summary>
[GrainType(OrderGrain.Type)]
public sealed partial class OrderGrain(
    [PersistentState(OrderGrain.StateName, GrainStorage.Name)] IPersistentState<GrainRecord<OrderState>> record,
    EffectRunner runner,
    TimeProvider time,
    IOptions<OrderPolicy> policy,
    ILogger<OrderGrain> logger)
    : DeliveryGrain<OrderState>(record, runner, time, logger), IOrderGrain
{
    public const string Type = "order";

    public const string StateName = "order";

    // A dead letter's last error can be a long exception message; the review reason and alert keep its start.
    private const int MaxFailureReason = 400;

    protected override OrderState Initial => OrderState.Initial;

    public async Task<OrderCreation> CreateAsync(NewOrder order, CancellationToken cancellationToken = default)
    {
        if (!order.Cart.IsValid || order.Cart.Currency is null)
        {
            return new OrderCreation(false, null, "invalid_cart", string.Join(" ", order.Cart.Errors));
        }

        var customer = new CustomerInfo(
            CustomerIds.For(order.Customer),
            order.Customer.Email.Trim(),
            string.IsNullOrWhiteSpace(order.Customer.Name) ? null : order.Customer.Name.Trim());
        var lines = order.Cart.Lines.Select(l => new OrderLine(l.Product.Sku, l.Quantity, l.Product.PriceMinor, Snapshot(l.Product))).ToEquatableArray();
        var reply = await RunAsync(new CreateOrder(Key, customer, lines, order.Cart.AmountMinor, order.Cart.Currency, Now, order.Test));
        return reply.ErrorCode is { } code
            ? new OrderCreation(false, reply.State.Exists ? OrderViews.View(reply.State) : null, code, reply.Error)
            : new OrderCreation(reply.Events.Any(e => e is OrderCreated), OrderViews.View(reply.State), null, null);
    }

    public async Task<OrderAnswer> RecordPaymentAsync(PaymentReport payment, CancellationToken cancellationToken = default)
    {
        // The provider's order is recorded first, in its own turn: a payment event that confirms nothing (a failure, a
        // duplicate) still leaves the handle the reconciliation sweep asks about.
        if (payment.ProviderOrderId is { Length: > 0 } providerOrderId)
        {
            await RunAsync(new RecordProviderOrder(payment.Provider, providerOrderId, "webhook", Now));
        }

        return await AnswerAsync(payment.Outcome switch
        {
            PaymentOutcome.Succeeded => new ConfirmPayment(
                payment.Provider, payment.EventId, payment.AmountMinor ?? -1, payment.Currency ?? "", payment.PaymentReference ?? payment.EventId, Now),
            PaymentOutcome.Failed => new RecordPaymentFailure(payment.Provider, payment.EventId, payment.Reason ?? "declined", Now),
            _ => new RecordPaymentReversed(payment.Provider, payment.EventId, payment.PaymentReference, Now),
        });
    }

    public Task<OrderAnswer> RecordProviderOrderAsync(ProviderOrderReference reference, CancellationToken cancellationToken = default) =>
        AnswerAsync(new RecordProviderOrder(reference.Provider, reference.Id, reference.RecordedBy, Now));

    public Task<OrderAnswer> RecordPaymentNoticeAsync(PaymentNotice notice, CancellationToken cancellationToken = default) =>
        AnswerAsync(new RecordPaymentNotice(notice.Provider, notice.TrackingId, Now));

    public Task<OrderAnswer> RecordSupplierEventAsync(SupplierReport report, CancellationToken cancellationToken = default)
    {
        var status = report.Status.ToLowerInvariant() switch
        {
            "completed" => SupplierNotificationStatus.Completed,
            "failed" => SupplierNotificationStatus.Failed,
            _ => SupplierNotificationStatus.Pending,
        };
        var items = report.Items.Select(CodeItem.From).ToEquatableArray();
        return AnswerAsync(new SupplierNotified(report.EventId, report.SupplierOrderId, report.Reference, status, items, report.Reason, Now));
    }

    public Task<OrderView?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(State.Exists ? OrderViews.View(State) : null);

    public Task<OrderAnswer> RetryFulfillmentAsync(string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new RetryFulfillment(operatorName, Now));

    public Task<OrderAnswer> MarkDeliveredAsync(IReadOnlyList<DeliveredCode> codes, string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new MarkDelivered(codes.Select(c => new CodeItem(c.Code, c.Pin)).ToEquatableArray(), operatorName, Now));

    public Task<OrderAnswer> RefundAsync(string reason, string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new RefundOrder(reason, operatorName, Now));

    public Task<OrderAnswer> ResendDeliveryEmailAsync(string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new ResendDeliveryEmail(operatorName, Now));

    public Task<OrderAnswer> RecordCodesShownAsync(CancellationToken cancellationToken = default) =>
        AnswerAsync(new RecordCodesShown(Now));

    public async Task<OrderAnswer> ReconcilePaymentAsync(CancellationToken cancellationToken = default) =>
        State.Exists
            ? await AnswerAsync(new ReconcilePayment(Now))
            : new OrderAnswer(false, OrderViews.Status(OrderStatus.None), null, null);

    protected override async Task OnReplyAsync(PendingEffect effect, string reply)
    {
        var command = JsonSerializer.Deserialize(reply, OrdersJsonContext.Default.OrderCommand)
            ?? throw new JsonException($"Effect {effect.Step} replied with JSON null.");
        await RunAsync(command with { Now = Now });
    }

    protected override Task OnWakeAsync(string name) => RunAsync(new Wake(name, Now));

    protected override async Task OnDeadLetteredAsync(PendingEffect effect, string reason)
    {
        if (effect.Kind == OrderEffectKinds.DeliveryEmail)
        {
            // Whether the buyer is left without the order is the decider's call: it moves the order to review and
            // raises the alert in one write, so state, history and the review queue agree.
            var shortReason = reason.Length > MaxFailureReason ? reason[..MaxFailureReason] + "…" : reason;
            await RunAsync(new DeliveryEmailFailed(effect.Step, effect.Attempts, shortReason, Now));
            return;
        }

        // Handlers report business failures as replies; a dead letter means the outside world stayed unreachable for
        // every attempt (mail server, provider API). The order cannot move by itself: tell an operator.
        var now = Now;
        var plan = new Plan().Append(
            OperationsStreams.Alerts,
            JsonSerializer.Serialize(
                new AlertRecord("effect-dead-lettered", Key, $"{effect.Kind} gave up after {effect.Attempts} attempts: {reason}", now),
                OperationsJson.Default.AlertRecord),
            now);

        // An alert that could not be emailed is in the alerts stream already; the order's own state says whether it
        // needs an operator, and its review reason must not be overwritten by the mail outage.
        if (effect.Kind != OrderEffectKinds.Alert)
        {
            plan.SetReview($"{effect.Kind} failed after {effect.Attempts} attempts", now);
        }

        await CommitAsync(State, plan);
    }

    private async Task<OrderAnswer> AnswerAsync(OrderCommand command)
    {
        var reply = await RunAsync(command);
        return new OrderAnswer(reply.Events.Count > 0 && reply.ErrorCode is null, OrderViews.Status(reply.State.Status), reply.ErrorCode, reply.Error);
    }

    private async Task<OrderReply> RunAsync(OrderCommand command)
    {
        var before = State;
        OrderTurn decided;
        try
        {
            decided = OrderDecider.Handle(command, before, policy.Value);
        }
        catch (InvalidTransitionException e) when (!before.Exists)
        {
            // A command for an order that was never created: nothing is stored, and the caller (a webhook naming an
            // id the store never sent) keeps what it carried in its inbox, with one call instead of a read first.
            return new OrderReply(before, [], OrderAnswer.UnknownOrderCode, e.Message);
        }
        catch (InvalidTransitionException e)
        {
            // An answer for a step this order never planned: nothing changes, and the caller is told why.
            LogInvalid(logger, Key, command.GetType().Name, e.Message);
            return new OrderReply(before, [], "invalid_transition", e.Message);
        }

        if (decided.Events.Count > 0 || decided.Effects.Count > 0 || decided.Reminders.Count > 0 || !Equals(decided.State, before))
        {
            await CommitAsync(decided.State, PlanOf(before, decided));
            Measure(before, decided);
        }

        var refusal = decided.Events.Select(Refusal).FirstOrDefault(r => r is not null);
        return new OrderReply(decided.State, decided.Events, refusal?.Code, refusal?.Message);
    }

    private Plan PlanOf(OrderState before, OrderTurn decided)
    {
        var now = Now;
        var plan = new Plan();
        foreach (var effect in decided.Effects)
        {
            Add(plan, effect, now);
        }

        foreach (var change in decided.Reminders)
        {
            _ = change switch
            {
                WakeAt wake => plan.WakeAt(wake.Name, wake.DueAt),
                CancelWake cancel => plan.CancelWake(cancel.Name),
                _ => plan,
            };
        }

        foreach (var entry in decided.State.DeliveryLog.Skip(before.DeliveryLog.Count))
        {
            var lines = entry.LineNos.Where(n => n >= 1 && n <= decided.State.Lines.Count).ToList();
            var logged = new DeliveryLogRecord(
                Key, decided.State.Customer.CustomerId, entry.Kind.ToString().ToLowerInvariant(),
                entry.Channel.ToString().ToLowerInvariant(), entry.Detail, entry.At,
                decided.State.Customer.Email.ToLowerInvariant(),
                lines.Select(n => decided.State.Line(n).Sku).ToList(),
                lines.SelectMany(n => MaskedItems(decided.State, n)).ToList(),
                entry.Channel == DeliveryChannel.Email && entry.Step is { } step ? MessageIds.For($"order/{Key}/{step}") : null);
            plan.Append(OperationsStreams.Deliveries, JsonSerializer.Serialize(logged, OperationsJson.Default.DeliveryLogRecord), entry.At);
        }

        if (!decided.State.Test && Outcome(before, decided) is { } outcome)
        {
            plan.Append(OperationsStreams.OrderOutcomes, JsonSerializer.Serialize(outcome, OperationsJson.Default.OrderOutcomeRecord), now);
        }

        if (before.ReviewNote != decided.State.ReviewNote)
        {
            plan.SetReview(decided.State.ReviewNote, now);
        }

        // The row changes only with its fields (status, payment, delivery), not with every write of the order.
        if (decided.State.Exists && (before.Status != decided.State.Status
            || before.AcceptedPayment?.ReceivedAt != decided.State.AcceptedPayment?.ReceivedAt
            || before.DeliveredAt != decided.State.DeliveredAt))
        {
            var row = OrderRowEffect.Of(decided.State);
            plan.Effect(OrderRowEffect.Kind, $"orders-row/{row.Version}", OrderRowEffect.Encode(row), fenced: false);
        }

        return plan;
    }

    private static void Add(Plan plan, OrderEffect effect, DateTimeOffset now)
    {
        switch (effect)
        {
            case GrantEntitlement grant:
                plan.Send(
                    CustomerGrain.Type,
                    grant.CustomerId,
                    grant.Step,
                    JsonSerializer.Serialize<CustomerCommand>(
                        new Grant(grant.CustomerId, grant.CustomerEmail, grant.OrderId, grant.Sku, grant.ProductName, grant.DownloadLimit, now),
                        CustomersJsonContext.Default.CustomerCommand));
                break;
            case RecordLicense license:
                plan.Send(
                    CustomerGrain.Type,
                    license.CustomerId,
                    license.Step,
                    JsonSerializer.Serialize<CustomerCommand>(
                        new KeepLicense(
                            license.CustomerId, license.CustomerEmail, license.OrderId, license.LineNo, license.Sku, license.ProductName,
                            license.Instructions, license.Texts, now),
                        CustomersJsonContext.Default.CustomerCommand));
                break;
            case RevokeEntitlement revoke:
                plan.Send(
                    CustomerGrain.Type,
                    revoke.CustomerId,
                    revoke.Step,
                    JsonSerializer.Serialize<CustomerCommand>(new Revoke(revoke.OrderId, now), CustomersJsonContext.Default.CustomerCommand));
                break;
            case RaiseAlert alert:
                plan.Append(
                    OperationsStreams.Alerts,
                    JsonSerializer.Serialize(new AlertRecord(alert.Kind.Name(), alert.OrderId, alert.Message, now), OperationsJson.Default.AlertRecord),
                    now);
                plan.Effect(OrderEffectKinds.Alert, effect.Step, Encode(effect), fenced: true);
                break;
            default:
                var kind = OrderEffectKinds.Of(effect);
                plan.Effect(kind, effect.Step, Encode(effect), fenced: OrderEffectKinds.IsFenced(kind));
                break;
        }
    }

    /// <summary>Counts what this decision, now written, did for the product's metrics.</summary>
    private static void Measure(OrderState before, OrderTurn decided)
    {
        if (Outcome(before, decided) is not { } outcome)
        {
            return;
        }

        var test = new KeyValuePair<string, object?>("test", decided.State.Test);
        var measured = outcome.Outcome == "delivered"
            ? "delivered"
            : decided.Events.Any(e => e is RefundStarted { Alert: not null }) ? "refunded" : "review";
        DeliveryMetrics.FulfillmentOutcomes.Add(1, new("outcome", measured), new("kind", KindOf(decided.State)), test);
        if (outcome.Outcome == "delivered" && decided.State is { DeliveredAt: { } delivered, AcceptedPayment.ReceivedAt: var paid })
        {
            DeliveryMetrics.PaymentToDelivery.Record(Math.Max(0, (delivered - paid).TotalSeconds), test);
        }
    }

    /// <summary>The catalog's name of the fulfillment kind of the order's lines, or <c>mixed</c>.</summary>
    private static string KindOf(OrderState state) =>
        state.Lines.Select(l => l.Product.Kind).Distinct().ToList() switch
        {
            [ProductKind.File] => "file",
            [ProductKind.SupplierCode] => "supplier-code",
            [ProductKind.MerchantWebhook] => "merchant-webhook",
            [] => "none",
            _ => "mixed",
        };

    /// <summary>
    /// What the failure-rate rule counts: the order reached the buyer, or automation gave up on it (manual review, or a
    /// refund because fulfillment failed). Operator actions and payment problems are not fulfillment outcomes.
    /// </summary>
    private static OrderOutcomeRecord? Outcome(OrderState before, OrderTurn decided)
    {
        var at = decided.Events.Count > 0 ? decided.Events[^1].At : decided.State.CreatedAt ?? DateTimeOffset.MinValue;
        if (decided.State.Status == OrderStatus.Delivered && before.Status != OrderStatus.Delivered)
        {
            return new OrderOutcomeRecord("delivered", null, at);
        }

        var failure = decided.Events.Select(e => e switch
        {
            ReviewRequired r when r.Alert is not AlertKind.PaymentMismatch => r.Reason,
            RefundStarted { Alert: not null } r => r.Reason,
            _ => null,
        }).FirstOrDefault(r => r is not null);
        return failure is null ? null : new OrderOutcomeRecord("failed", failure, at);
    }

    /// <summary>What a line delivered, masked: each code (or license) by its last 4 characters, a file by its sku.</summary>
    private static IEnumerable<string> MaskedItems(OrderState state, int lineNo)
    {
        var line = state.Line(lineNo);
        var codes = state.ProgressOf(lineNo).Codes;
        return line.Product.Kind == ProductKind.File || codes.IsEmpty
            ? [$"{line.Sku}: file"]
            : codes.Select(c => $"{line.Sku}: {Mask(c.Code)}");
    }

    private static string Mask(string code) => code.Length <= 4 ? new string('•', code.Length) : "••••" + code[^4..];

    private static string Encode(OrderEffect effect) => JsonSerializer.Serialize(effect, OrdersJsonContext.Default.OrderEffect);

    private static (string Code, string Message)? Refusal(OrderEvent @event) => @event switch
    {
        OrderCreationRefused e => ("order_conflict", e.Reason),
        OperatorActionRefused e => ("action_refused", e.Reason),
        _ => null,
    };

    private static ProductSnapshot Snapshot(ProductDefinition p) => new(
        p.Name,
        p.Kind switch
        {
            FulfillmentKind.File => ProductKind.File,
            FulfillmentKind.SupplierCode => ProductKind.SupplierCode,
            _ => ProductKind.MerchantWebhook,
        },
        p.Currency,
        p.DownloadLimit,
        p.SupplierSku,
        p.RequiresPin,
        p.Denomination,
        InstructionsOf(p),
        p.MerchantWebhookUrl,
        p.TopUp,
        p.Kind == FulfillmentKind.MerchantWebhook ? WebhookRequestOf(p) : null,
        p.Kind == FulfillmentKind.MerchantWebhook && p.OrderEmails == false);

    private static MerchantWebhookRequest WebhookRequestOf(ProductDefinition p) => new(
        p.MerchantWebhookMethod ?? MerchantWebhookRequest.Post,
        p.MerchantWebhookFormat ?? MerchantWebhookRequest.Json,
        p.MerchantWebhookFields is { } fields ? fields.ToEquatableArray() : MerchantWebhookRequest.Legacy.Fields,
        (p.MerchantWebhookStaticFields ?? []).Select(f => new MerchantStaticField(f.Name, f.Value)).ToEquatableArray(),
        p.SeparateMultibuy);

    private static string? InstructionsOf(ProductDefinition p) =>
        (p.Instructions, p.ActivationUrl) switch
        {
            (null, null) => null,
            ({ } text, null) => text,
            (null, { } url) => $"Redeem at {url}",
            ({ } text, { } url) => $"{text}\n\nRedeem at {url}",
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} refused {Command}: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string orderId, string command, string reason);
}

/// <summary>What one decision of an order answers its caller: the state after it, what happened, and any refusal.</summary>
internal sealed record OrderReply(OrderState State, EquatableArray<OrderEvent> Events, string? ErrorCode, string? Error);

/// <summary>The customer grain's key: the storefront's customer id, or else the normalised email.</summary>
public static class CustomerIds
{
    public static string For(Contract.CustomerInfo customer) =>
        string.IsNullOrWhiteSpace(customer.CustomerId) ? customer.Email.Trim().ToLowerInvariant() : customer.CustomerId.Trim();
}
