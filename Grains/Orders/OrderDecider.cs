using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Customers;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// Every business rule of an order, as pure functions: no I/O, no clock, no randomness. Duplicates and late arrivals
/// are explicit no-op arms (no events), impossible pairs throw <see cref="InvalidTransitionException"/>, and business
/// refusals are events.
/// </summary>
public static class OrderDecider
{
    /// <summary>One call for the shell: decide, evolve, and derive effects and reminder changes.</summary>
    public static OrderTurn Handle(OrderCommand command, OrderState state, OrderPolicy policy)
    {
        var events = Decide(command, state, policy);
        var next = events.Aggregate(state, (s, e) => s.Evolve(e));
        return new OrderTurn(next, events, OrderEffects.For(events, state), OrderEffects.Reminders(state, next));
    }

    public static OrderEvent[] Decide(OrderCommand command, OrderState state, OrderPolicy policy) => (command, state) switch
    {
        (CreateOrder c, { Exists: false }) => Create(c),
        (CreateOrder c, _) when SameOrder(c, state) => [],   // the checkout retried its create
        (CreateOrder c, _) => [new OrderCreationRefused(c.OrderId, "an order with this id already exists with different data", c.Now)],
        (_, { Exists: false }) => throw Invalid(command, state, "the order does not exist"),

        (ConfirmPayment c, _) when state.HasSeen(c.Provider, c.EventId) => [],   // the same webhook again

        // Another event about a payment already recorded (Stripe's checkout.session.completed and
        // payment_intent.succeeded, PayPal's order and capture events): one payment, whatever became of it.
        (ConfirmPayment c, _) when state.HasPayment(c.Provider, c.PaymentReference) => [],
        (ConfirmPayment c, { AwaitsPayment: true }) when state.ReversedReferences.Contains(c.PaymentReference) =>
            [Mismatch(c, "the payment was reversed before it was confirmed")],
        (ConfirmPayment c, { AwaitsPayment: true }) when c.AmountMinor != state.AmountMinor || c.Currency != state.Currency =>
            [Mismatch(c, $"expected {Money.Format(state.AmountMinor, state.Currency)}, received {Money.Format(c.AmountMinor, c.Currency)}")],
        (ConfirmPayment c, { AwaitsPayment: true }) => new Plan(state)
            .Add(new PaymentConfirmed(c.Provider, c.EventId, c.AmountMinor, c.Currency, c.PaymentReference, c.Now + policy.AlertUndeliveredAfter, c.Now, c.Reconciled))
            .Then(p => RefundHeldPayments(p, c.Now))
            .Then(p => StartFulfillment(p, c.Now))
            .Events,
        (ConfirmPayment c, _) =>
            [new DuplicatePaymentReceived(c.Provider, c.EventId, c.AmountMinor, c.Currency, c.PaymentReference, OrderSteps.Refund(c.EventId, 1), c.Now)],

        // Only an order nobody has paid yet is looked up, and not again before its spacing has passed; a paid, refunded
        // or closed order has nothing to reconcile.
        (ReconcilePayment c, { AwaitsPayment: true, Status: OrderStatus.PendingPayment }) when state.MayReconcile(c.Now, policy) =>
            [new PaymentReconciliationRequested(OrderSteps.Reconciliation(state.Reconciliations + 1), state.PaymentTrackingIds, c.Now, state.ProviderOrderIds)],
        (ReconcilePayment, _) => [],

        (RecordPaymentFailure c, _) when state.HasSeen(c.Provider, c.EventId) => [],
        (RecordPaymentFailure c, _) => [new PaymentFailed(c.Provider, c.EventId, c.Reason, c.Now)],

        (RecordPaymentReversed c, _) when state.HasSeen(c.Provider, c.EventId) => [],
        (RecordPaymentReversed c, _) => [Reversal(c, state)],

        // A notice only says "look": every one gets its own lookup, and only the lookup's result can confirm.
        (RecordPaymentNotice c, _) =>
            [new PaymentNoticeReceived(c.Provider, c.TrackingId, OrderSteps.PaymentLookup(c.TrackingId, state.PaymentNotices + 1), c.Now)],

        // Named again (the storefront retried, another webhook about the same provider order): already recorded.
        (RecordProviderOrder c, _) when state.KnowsProviderOrder(c.Provider, c.Id) => [],
        (RecordProviderOrder c, _) when state.ProviderOrderIds.Count >= OrderState.MaxProviderOrders =>
            [Refused("record-provider-order", $"the order already names {OrderState.MaxProviderOrders} provider orders", c.RecordedBy, c.Now)],
        (RecordProviderOrder c, _) => [new ProviderOrderRecorded(c.Provider, c.Id, c.RecordedBy, c.Now)],

        (SupplierAnswered c, _) when state.LineAwaiting(c.Step) is { Outstanding.Kind: not CallKind.MerchantWebhook } line =>
            OnSupplierAnswer(c, line, state, policy),
        (SupplierAnswered c, _) when state.LineAwaiting(c.Step) is not null => throw Invalid(command, state, $"{c.Step} is a merchant webhook call"),
        (SupplierAnswered c, _) when state.WasPlannedCall(c.Step) => [],   // late or duplicate answer
        (SupplierAnswered c, _) => throw Invalid(command, state, $"no call was planned with step {c.Step}"),

        (SupplierNotified c, _) when state.HasSeen(OrderState.SupplierEventSource, c.EventId) => [],
        (SupplierNotified c, _) => OnSupplierNotice(c, state, policy),

        (MerchantWebhookAnswered c, _) when state.LineAwaiting(c.Step) is { Outstanding.Kind: CallKind.MerchantWebhook } line =>
            OnWebhookAnswer(c, line, state, policy),
        (MerchantWebhookAnswered c, _) when state.LineAwaiting(c.Step) is not null => throw Invalid(command, state, $"{c.Step} is a supplier call"),
        (MerchantWebhookAnswered c, _) when state.WasPlannedCall(c.Step) => [],
        (MerchantWebhookAnswered c, _) => throw Invalid(command, state, $"no call was planned with step {c.Step}"),

        (Wake c, _) when !state.HasWake(c.Name) => [],   // stale or repeated reminder; delivery or a refund cancels the deadline
        (Wake { Name: OrderWakes.DeliveryDeadline } c, { AcceptedPayment: { } payment }) => [new DeliveryOverdue(payment.ReceivedAt, c.Now)],
        (Wake { Name: OrderWakes.SupplierPoll } c, { CurrentLine: { Status: LineStatus.AwaitingSupplier, SupplierOrderId: { } supplierOrderId } line }) =>
            [new SupplierPolled(line.LineNo, OrderSteps.SupplierPoll(line.LineNo, line.Polls + 1), supplierOrderId, c.Now)],
        (Wake { Name: OrderWakes.SupplierRetry } c, { CurrentLine: { Status: LineStatus.Retrying } line }) =>
            new Plan(state).Then(p => PlaceSupplierOrder(p, line, c.Now)).Events,
        (Wake { Name: OrderWakes.WebhookRetry } c, { CurrentLine: { Status: LineStatus.Retrying } line }) =>
            new Plan(state).Then(p => CallMerchantWebhook(p, line, c.Now)).Events,
        (Wake c, _) => throw Invalid(command, state, $"reminder {c.Name} is scheduled but no line waits on it"),

        (DeliveryEmailSent c, _) when state.Email(c.Step) is null => throw Invalid(command, state, $"no email was planned with step {c.Step}"),
        (DeliveryEmailSent c, _) when state.Email(c.Step) is { SentAt: not null } => [],
        (DeliveryEmailSent c, _) => new Plan(state)
            .Add(new EmailDeliveryLogged(c.Step, c.Now))
            .Then(p => ConfirmDelivery(p, DeliveryChannel.Email, c.Now))
            .Events,

        (DeliveryEmailFailed c, _) when state.Email(c.Step) is null => throw Invalid(command, state, $"no email was planned with step {c.Step}"),
        (DeliveryEmailFailed c, _) when state.Email(c.Step) is { IsPending: false } => [],   // sent after all, or given up already
        (DeliveryEmailFailed c, _) => OnEmailFailed(c, state),

        // Shown again, or nothing to show (not fulfilled yet, refunded): the page views of a delivered order change nothing.
        (RecordCodesShown c, _) when ShownOnPage(state) is { IsEmpty: false } lineNos => new Plan(state)
            .Add(new CodesShown(lineNos, c.Now))
            .Then(p => ConfirmDelivery(p, DeliveryChannel.OrderPage, c.Now))
            .Events,
        (RecordCodesShown, _) => [],

        (ResendDeliveryEmail c, { IsClosed: true }) => [Refused("resend-email", $"the order is {Describe(state.Status)}", c.RequestedBy, c.Now)],
        (ResendDeliveryEmail c, _) when !state.DeliveredLines.Any() => [Refused("resend-email", "nothing has been delivered yet", c.RequestedBy, c.Now)],
        (ResendDeliveryEmail c, _) when !state.EmailedLines.Any() =>
            [Refused("resend-email", "order emails are off for every product delivered", c.RequestedBy, c.Now)],
        (ResendDeliveryEmail c, _) => [new DeliveryEmailResendRequested(
            OrderSteps.ResendEmail(state.Resends + 1), state.EmailedLines.Select(p => p.LineNo).ToEquatableArray(), c.RequestedBy, c.Now)],

        (RetryFulfillment c, { Status: not OrderStatus.ManualReview }) =>
            [Refused("retry-fulfillment", "only an order in manual review can be retried", c.RequestedBy, c.Now)],
        (RetryFulfillment c, { CurrentLine: { Status: LineStatus.Review } line }) => new Plan(state)
            .Add(new FulfillmentRetried(line.LineNo, c.RequestedBy, c.Now))
            .Then(p => StartCurrentLine(p, c.Now))
            .Events,
        (RetryFulfillment c, _) => [Refused("retry-fulfillment", $"no line is waiting for review ({state.ReviewReason})", c.RequestedBy, c.Now)],

        (MarkDelivered c, { Status: not OrderStatus.ManualReview }) =>
            [Refused("mark-delivered", "only an order in manual review can be delivered by hand", c.Operator, c.Now)],
        (MarkDelivered c, { CurrentLine: { Status: LineStatus.Review } line }) => DeliverByHand(c, line, state),
        (MarkDelivered c, _) => [Refused("mark-delivered", $"no line is waiting for review ({state.ReviewReason})", c.Operator, c.Now)],

        (RefundOrder c, { Status: OrderStatus.ManualReview or OrderStatus.Delivering or OrderStatus.Delivered }) => [new RefundStarted(
            $"{c.Reason} (by {c.RequestedBy})", RefundPlans(state), state.HasAccountItems && !state.EntitlementsRevoked, null, c.Now)],
        (RefundOrder c, _) => [Refused("refund-order", RefundRefusal(state.Status), c.RequestedBy, c.Now)],

        (RetryRefund c, _) when state.LatestRefundFor(c.PaymentEventId) is null =>
            [Refused("retry-refund", $"no refund was requested for payment {c.PaymentEventId}", c.RequestedBy, c.Now)],
        (RetryRefund c, _) when state.LatestRefundFor(c.PaymentEventId) is not { Status: RefundStatus.Failed } =>
            [Refused("retry-refund", "that refund has not failed", c.RequestedBy, c.Now)],
        (RetryRefund c, _) => [new RefundRetried(NextRefund(state, state.LatestRefundFor(c.PaymentEventId)!.Plan), c.RequestedBy, c.Now)],

        (RefundCompleted c, _) when state.Refund(c.Step) is null => throw Invalid(command, state, $"no refund was planned with step {c.Step}"),
        (RefundCompleted c, _) when state.Refund(c.Step) is { Status: not RefundStatus.Requested } => [],
        (RefundCompleted c, _) => [new RefundSettled(c.Step, c.RefundId, c.Now)],

        (RefundFailed c, _) when state.Refund(c.Step) is null => throw Invalid(command, state, $"no refund was planned with step {c.Step}"),
        (RefundFailed c, _) when state.Refund(c.Step) is { Status: not RefundStatus.Requested } => [],
        (RefundFailed c, _) => [new RefundDeclined(c.Step, c.Reason, c.Now)],

        _ => throw Invalid(command, state, "unknown command"),
    };

    private static OrderEvent[] Create(CreateOrder c) => CreateProblem(c) is { } problem
        ? [new OrderCreationRefused(c.OrderId, problem, c.Now)]
        : [new OrderCreated(c.OrderId, c.Customer, c.Lines, c.AmountMinor, c.Currency, c.Now, c.Test)];

    private static bool SameOrder(CreateOrder c, OrderState state) =>
        c.OrderId == state.OrderId && c.Customer == state.Customer && c.Lines == state.Lines
        && c.AmountMinor == state.AmountMinor && c.Currency == state.Currency && c.Test == state.Test;

    private static string? CreateProblem(CreateOrder c)
    {
        if (string.IsNullOrWhiteSpace(c.OrderId) || c.OrderId.Contains('/', StringComparison.Ordinal))
        {
            return "the order id must be non-empty and contain no '/'";
        }

        if (string.IsNullOrWhiteSpace(c.Customer.CustomerId) || string.IsNullOrWhiteSpace(c.Customer.Email))
        {
            return "the customer needs an id and an email";
        }

        if (!Money.IsCurrencyCode(c.Currency))
        {
            return "the currency must be a 3-letter code";
        }

        if (c.Lines.IsEmpty)
        {
            return "an order needs at least one line";
        }

        if (c.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).Count() != c.Lines.Count)
        {
            return "each sku may appear on one line only";
        }

        foreach (var line in c.Lines)
        {
            if (line.Quantity is < 1 or > CatalogRules.MaxQuantity || line.UnitPriceMinor < 0)
            {
                return $"line {line.Sku} needs a quantity of 1 to {CatalogRules.MaxQuantity} and a price of at least 0";
            }

            if (line.Product.Currency != c.Currency)
            {
                return $"line {line.Sku} is priced in {line.Product.Currency}, the order in {c.Currency}";
            }

            var missing = line.Product.Kind switch
            {
                ProductKind.SupplierCode when string.IsNullOrWhiteSpace(line.Product.SupplierSku) => "a supplier sku",
                ProductKind.MerchantWebhook when string.IsNullOrWhiteSpace(line.Product.MerchantWebhookUrl) => "a merchant webhook url",
                _ => null,
            };
            if (missing is not null)
            {
                return $"line {line.Sku} needs {missing}";
            }
        }

        return c.Lines.Sum(l => l.TotalMinor) == c.AmountMinor
            ? null
            : $"the amount {Money.Format(c.AmountMinor, c.Currency)} is not the sum of the lines {Money.Format(c.Lines.Sum(l => l.TotalMinor), c.Currency)}";
    }

    private static PaymentMismatched Mismatch(ConfirmPayment c, string reason) =>
        new(c.Provider, c.EventId, c.AmountMinor, c.Currency, c.PaymentReference, reason, c.Now);

    private static PaymentReversed Reversal(RecordPaymentReversed c, OrderState state)
    {
        var payment = c.PaymentReference is null
            ? state.AcceptedPayment
            : state.Payments.FirstOrDefault(p => p.Provider == c.Provider && p.PaymentReference == c.PaymentReference);
        var orderReversed = payment is { Disposition: PaymentDisposition.Accepted }
            && state.Status is not (OrderStatus.Refunded or OrderStatus.Reversed);
        return new PaymentReversed(
            c.Provider,
            c.EventId,
            payment?.PaymentReference ?? c.PaymentReference,
            orderReversed,
            orderReversed && state.HasAccountItems && !state.EntitlementsRevoked,
            c.Now);
    }

    /// <summary>Once another payment paid the order in full, the money of every payment held for a mismatch goes back.</summary>
    private static void RefundHeldPayments(Plan plan, DateTimeOffset now)
    {
        foreach (var held in plan.State.HeldPayments.ToList())
        {
            plan.Add(new HeldPaymentRefundRequested(
                NextRefund(plan.State, new RefundPlan("", held.Provider, held.EventId, held.PaymentReference, held.AmountMinor, held.Currency, RefundPurpose.HeldPayment)),
                now));
        }
    }

    /// <summary>Files are granted at once; then the first line that needs an outside call starts.</summary>
    private static void StartFulfillment(Plan plan, DateTimeOffset now)
    {
        foreach (var line in plan.State.Progress.Where(p => p.Status == LineStatus.Waiting && plan.State.Line(p.LineNo).Product.Kind == ProductKind.File))
        {
            plan.Add(new FileLineDelivered(line.LineNo, EntitlementIds.For(plan.State.OrderId, plan.State.Line(line.LineNo).Sku), now));
        }

        StartCurrentLine(plan, now);
    }

    private static void StartCurrentLine(Plan plan, DateTimeOffset now)
    {
        if (plan.State.CurrentLine is null)
        {
            // The last line is fulfilled; an earlier line whose email failed for good will not reach the buyer by itself.
            ReviewStrandedLines(plan, now);

            // A product whose delivery is not emailed reached the buyer's account when it was fulfilled: if every other
            // line has reached the buyer too, the order is delivered now.
            ConfirmDelivery(plan, DeliveryChannel.Account, now);
            return;
        }

        if (plan.State.CurrentLine is not { Status: LineStatus.Waiting } line)
        {
            return;
        }

        switch (plan.State.Line(line.LineNo).Product.Kind)
        {
            case ProductKind.SupplierCode:
                PlaceSupplierOrder(plan, line, now);
                break;
            case ProductKind.MerchantWebhook:
                CallMerchantWebhook(plan, line, now);
                break;
            default:
                plan.Add(new FileLineDelivered(line.LineNo, EntitlementIds.For(plan.State.OrderId, plan.State.Line(line.LineNo).Sku), now));
                StartCurrentLine(plan, now);
                break;
        }
    }

    private static void PlaceSupplierOrder(Plan plan, LineProgress line, DateTimeOffset now)
    {
        var orderLine = plan.State.Line(line.LineNo);
        plan.Add(new SupplierOrderPlaced(
            line.LineNo,
            line.Attempts + 1,
            OrderSteps.SupplierOrder(line.LineNo, line.Calls + 1),
            orderLine.Product.SupplierSku!,
            orderLine.Quantity,
            plan.State.SupplierReferenceFor(line.LineNo),

            // Whenever the supplier may already hold an order under our reference, look it up instead of buying again.
            line.MayHaveBeenCreated || line.SupplierOrderId is not null,
            now));
    }

    private static void CallMerchantWebhook(Plan plan, LineProgress line, DateTimeOffset now) =>
        plan.Add(new MerchantWebhookCalled(line.LineNo, line.Attempts + 1, OrderSteps.MerchantWebhook(line.LineNo, line.Calls + 1), now));

    private static OrderEvent[] OnSupplierAnswer(SupplierAnswered c, LineProgress line, OrderState state, OrderPolicy policy)
    {
        var isPoll = line.Outstanding!.Kind == CallKind.PollSupplierOrder;
        var deadline = line.PendingDeadline ?? c.Now + policy.GiveUpPendingAfter;
        var plan = new Plan(state);
        switch (c.Result)
        {
            case SupplierResult.Completed r:
                DeliverSupplierCodes(plan, line.LineNo, r.SupplierOrderId, r.Items, c.Now);
                break;
            case SupplierResult.Pending or SupplierResult.Unreachable when isPoll && c.Now >= deadline:
                plan.Add(new ReviewRequired(line.LineNo, "supplier still pending", AlertKind.SupplierPendingTimeout, c.Now));
                break;
            case SupplierResult.Pending r:
                plan.Add(new SupplierPending(line.LineNo, r.SupplierOrderId, c.Now + policy.PollEvery, deadline, c.Now));
                break;
            case SupplierResult.Postponed r when isPoll:
                // The poll never left, so the supplier has not kept us waiting: the pending deadline is not checked.
                plan.Add(new SupplierPollUnanswered(line.LineNo, $"postponed: {r.Reason}", c.Now + policy.PollEvery, c.Now));
                break;
            case SupplierResult.Postponed r:
                // Snooze, not retry: the call never reached the supplier, so the attempt it was planned as is given
                // back, however long the outage lasts. The delivery deadline still alerts on an order owed too long.
                plan.Add(new SupplierPostponed(line.LineNo, Math.Max(0, line.Attempts - 1), line.Postponements + 1, r.Reason, c.Now));
                plan.Add(new RetryScheduled(line.LineNo, OrderWakes.SupplierRetry, c.Now + policy.PostponeDelay(line.Postponements + 1, c.Jitter), c.Now));
                break;
            case SupplierResult.Unreachable r when isPoll:
                // Snooze, not retry: a poll that got no answer spends no attempt.
                plan.Add(new SupplierPollUnanswered(line.LineNo, r.Reason, c.Now + policy.PollEvery, c.Now));
                break;
            case SupplierResult.Unreachable r:
                plan.Add(new SupplierUnreachable(line.LineNo, line.Attempts, r.Reason, r.MayHaveBeenCreated, c.Now));
                plan.Add(line.Attempts < policy.MaxSupplierAttempts
                    ? new RetryScheduled(line.LineNo, OrderWakes.SupplierRetry, c.Now + policy.RetryDelay(line.Attempts, c.Jitter), c.Now)
                    : new ReviewRequired(line.LineNo, $"supplier unreachable after {line.Attempts} attempt(s): {r.Reason}", AlertKind.SupplierUnreachable, c.Now));
                break;
            case SupplierResult.Unreadable r when isPoll && c.Now >= deadline:
                plan.Add(new ReviewRequired(line.LineNo, $"unreadable answer: {r.Reason}", AlertKind.SupplierUnreadableAnswer, c.Now));
                break;
            case SupplierResult.Unreadable r when isPoll:
                // A poll buys nothing, so reading again later is safe; the pending deadline still bounds it.
                plan.Add(new SupplierPollUnanswered(line.LineNo, $"unreadable answer: {r.Reason}", c.Now + policy.PollEvery, c.Now));
                break;
            case SupplierResult.Unreadable r:
                // Not retried: the supplier has most likely charged us, and an answer we cannot read is a contract or
                // configuration problem that trying again does not fix. An operator's retry looks the order up first.
                plan.Add(new SupplierAnswerUnreadable(line.LineNo, line.Attempts, r.Reason, r.MayHaveBeenCreated, c.Now));
                plan.Add(new ReviewRequired(line.LineNo, $"unreadable answer: {r.Reason}", AlertKind.SupplierUnreadableAnswer, c.Now));
                break;
            case SupplierResult.Failed r:
                FailSupplierLine(plan, line.LineNo, r.Reason, c.Now);
                break;
            default:
                throw Invalid(c, state, $"unknown supplier result {c.Result.GetType().Name}");
        }

        return plan.Events;
    }

    private static OrderEvent[] OnSupplierNotice(SupplierNotified c, OrderState state, OrderPolicy policy)
    {
        var line = state.Progress.FirstOrDefault(p =>
            state.Line(p.LineNo).Product.Kind == ProductKind.SupplierCode
            && (p.SupplierOrderId == c.SupplierOrderId || (c.Reference is not null && state.SupplierReferenceFor(p.LineNo) == c.Reference)));
        if (line is null || state.IsClosed)
        {
            return [];   // not ours, or the order was refunded or reversed meanwhile
        }

        var plan = new Plan(state);
        switch (c.Status)
        {
            case SupplierNotificationStatus.Completed
                when line.Status is LineStatus.InProgress or LineStatus.AwaitingSupplier or LineStatus.Retrying or LineStatus.Review:
                plan.Add(new SupplierNotificationReceived(c.EventId, c.SupplierOrderId, c.Status, line.LineNo, c.Now));
                DeliverSupplierCodes(plan, line.LineNo, c.SupplierOrderId, c.Items, c.Now);
                break;
            case SupplierNotificationStatus.Failed
                when line.Status is LineStatus.InProgress or LineStatus.AwaitingSupplier or LineStatus.Retrying:
                plan.Add(new SupplierNotificationReceived(c.EventId, c.SupplierOrderId, c.Status, line.LineNo, c.Now));
                FailSupplierLine(plan, line.LineNo, c.Reason ?? "the supplier reported the order failed", c.Now);
                break;
            default:
                // Pending says nothing new (we are already waiting), and anything after delivery is stale.
                break;
        }

        return plan.Events;
    }

    private static void DeliverSupplierCodes(Plan plan, int lineNo, string supplierOrderId, EquatableArray<CodeItem> items, DateTimeOffset now)
    {
        var codes = CodeValidation.Normalize(items);
        var line = plan.State.Line(lineNo);
        if (CodeValidation.Problem(codes, line.Quantity, line.Product) is { } problem)
        {
            FailSupplierLine(plan, lineNo, $"unusable codes from the supplier: {problem}", now);
            return;
        }

        plan.Add(new SupplierCodesDelivered(lineNo, supplierOrderId, codes, now));
        StartCurrentLine(plan, now);
    }

    /// <summary>
    /// A supplier failure refunds the whole order and revokes its downloads, unless a code or license already reached the
    /// customer: that cannot be taken back, so an operator decides.
    /// </summary>
    private static void FailSupplierLine(Plan plan, int lineNo, string reason, DateTimeOffset now)
    {
        plan.Add(new SupplierFailed(lineNo, reason, now));
        var state = plan.State;
        plan.Add(state.DeliveredIrrevocably
            ? new ReviewRequired(lineNo, $"supplier failed after part of the order was delivered: {reason}", AlertKind.SupplierFailed, now)
            : new RefundStarted($"supplier failed: {reason}", RefundPlans(state), state.HasAccountItems && !state.EntitlementsRevoked, AlertKind.SupplierFailed, now));
    }

    private static OrderEvent[] OnWebhookAnswer(MerchantWebhookAnswered c, LineProgress line, OrderState state, OrderPolicy policy)
    {
        var plan = new Plan(state);
        var (failure, refusal) = c.Result switch
        {
            MerchantWebhookResult.Ok { Body: var body } when string.IsNullOrWhiteSpace(body) =>
                ((string?)null, (string?)"empty_response: the webhook answered 200 with an empty body"),
            MerchantWebhookResult.Ok => (null, null),
            MerchantWebhookResult.Failed r => (r.Reason, null),
            MerchantWebhookResult.Refused r => (null, $"{r.Code}: {r.Reason}"),
            _ => throw Invalid(c, state, $"unknown webhook result {c.Result.GetType().Name}"),
        };
        if (refusal is not null)
        {
            // Calling again would get the same answer (or reach the same refused address): an operator decides.
            plan.Add(new MerchantWebhookFailed(line.LineNo, line.Attempts, refusal, c.Now));
            plan.Add(new ReviewRequired(line.LineNo, $"merchant webhook refused: {refusal}", AlertKind.MerchantWebhookFailed, c.Now));
            return plan.Events;
        }

        if (failure is null)
        {
            var text = ((MerchantWebhookResult.Ok)c.Result).Body.Trim();
            var item = line.Codes.Count + 1;
            if (item < state.WebhookItems(line.LineNo))
            {
                plan.Add(new LicenseItemReceived(line.LineNo, item, text, c.Now));
                CallMerchantWebhook(plan, plan.State.ProgressOf(line.LineNo), c.Now);
                return plan.Events;
            }

            plan.Add(new LicenseDelivered(line.LineNo, text, c.Now));
            StartCurrentLine(plan, c.Now);
            return plan.Events;
        }

        plan.Add(new MerchantWebhookFailed(line.LineNo, line.Attempts, failure, c.Now));
        plan.Add(line.Attempts < policy.MaxSupplierAttempts
            ? new RetryScheduled(line.LineNo, OrderWakes.WebhookRetry, c.Now + policy.RetryDelay(line.Attempts, c.Jitter), c.Now)
            : new ReviewRequired(line.LineNo, $"merchant webhook failed after {line.Attempts} attempt(s): {failure}", AlertKind.MerchantWebhookFailed, c.Now));
        return plan.Events;
    }

    private static OrderEvent[] DeliverByHand(MarkDelivered c, LineProgress progress, OrderState state)
    {
        var line = state.Line(progress.LineNo);
        var codes = CodeValidation.Normalize(c.Items);
        string? problem;
        if (line.Product.Kind == ProductKind.MerchantWebhook)
        {
            // A license is one text; operators may paste it as several lines, which become one text again.
            problem = codes.IsEmpty || codes.Any(i => i.Code.Length == 0) ? "the license text is empty" : null;
            codes = [new CodeItem(string.Join("\n", codes.Select(i => i.Code)))];
        }
        else
        {
            problem = CodeValidation.Problem(codes, line.Quantity, line.Product);
        }

        return problem is not null
            ? [Refused("mark-delivered", problem, c.Operator, c.Now)]
            : new Plan(state)
                .Add(new ManuallyDelivered(progress.LineNo, codes, c.Operator, c.Now))
                .Then(p => StartCurrentLine(p, c.Now))
                .Events;
    }

    /// <summary>The order is delivered once every line has reached the buyer, by email or on the order page.</summary>
    private static void ConfirmDelivery(Plan plan, DeliveryChannel via, DateTimeOffset now)
    {
        if (plan.State.AwaitsDeliveryConfirmation && plan.State.ReachedBuyer)
        {
            plan.Add(new DeliveryConfirmed(via, now));
        }
    }

    /// <summary>
    /// An email given up leaves its lines with the buyer only if another email or the order page got them there. If
    /// nothing will, and fulfillment is over, an operator must act (resend once the mail service works again): the order
    /// goes to review with an order-undelivered alert. Any other failure (a resend, or an email while later lines are
    /// still being fulfilled, whose review then waits for the last line) is alerted on its own, unless the order is closed.
    /// </summary>
    private static OrderEvent[] OnEmailFailed(DeliveryEmailFailed c, OrderState state)
    {
        var failed = new EmailDeliveryFailed(c.Step, c.Attempts, c.Reason, null, c.Now);
        var after = state.Evolve(failed);
        var reviewed = after.AwaitsDeliveryConfirmation && after.StrandedLines.Any();
        return new Plan(state)
            .Add(failed with { Alert = state.IsClosed || reviewed ? null : AlertKind.DeliveryEmailFailed })
            .Then(p => ReviewStrandedLines(p, c.Now))
            .Events;
    }

    private static void ReviewStrandedLines(Plan plan, DateTimeOffset now)
    {
        var state = plan.State;
        if (!state.AwaitsDeliveryConfirmation || !state.StrandedLines.Any())
        {
            return;
        }

        var stranded = state.StrandedLines.Select(p => p.LineNo).ToHashSet();
        var failure = state.Emails.Where(e => e.Failure is not null && e.LineNos.Any(stranded.Contains)).MaxBy(e => e.Failure!.At)!.Failure!;
        plan.Add(new ReviewRequired(null, failure.Describe(), AlertKind.OrderUndelivered, now));
    }

    /// <summary>Fulfilled code and license lines the order page shows and that have not reached the buyer yet.</summary>
    private static EquatableArray<int> ShownOnPage(OrderState state) => state.IsClosed
        ? []
        : state.DeliveredLines
            .Where(p => !state.HasReached(p) && state.Line(p.LineNo).Product.Kind != ProductKind.File)
            .Select(p => p.LineNo)
            .ToEquatableArray();

    /// <summary>Every payment that pays for the order and is neither reversed nor already refunded (or being refunded).</summary>
    private static EquatableArray<RefundPlan> RefundPlans(OrderState state) => state.Payments
        .Where(p => p.Disposition is PaymentDisposition.Accepted or PaymentDisposition.Mismatched && !p.Reversed)
        .Where(p => state.LatestRefundFor(p.EventId) is not { Status: RefundStatus.Requested or RefundStatus.Completed })
        .Select(p => NextRefund(state, new RefundPlan("", p.Provider, p.EventId, p.PaymentReference, p.AmountMinor, p.Currency, RefundPurpose.Order)))
        .ToEquatableArray();

    private static RefundPlan NextRefund(OrderState state, RefundPlan plan) =>
        plan with { Step = OrderSteps.Refund(plan.PaymentEventId, state.Refunds.Count(r => r.Plan.PaymentEventId == plan.PaymentEventId) + 1) };

    private static string RefundRefusal(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "nothing has been paid",
        OrderStatus.Refunding => "a refund is already in progress",
        OrderStatus.Refunded => "the order is already refunded",
        OrderStatus.Reversed => "the payment was reversed by the provider",
        _ => "fulfillment is in progress; refund once it is delivered or in manual review",
    };

    private static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.Refunding => "being refunded",
        OrderStatus.Refunded => "refunded",
        _ => "reversed",
    };

    private static OperatorActionRefused Refused(string action, string reason, string requestedBy, DateTimeOffset now) =>
        new(action, reason, requestedBy, now);

    private static InvalidTransitionException Invalid(OrderCommand command, OrderState state, string reason) =>
        new(command.GetType().Name, state.Status.ToString(), reason);

    /// <summary>Collects the events of one decision, evolving a scratch state so later rules see earlier events.</summary>
    private sealed class Plan(OrderState state)
    {
        private readonly List<OrderEvent> events = [];

        public OrderState State { get; private set; } = state;

        public OrderEvent[] Events => [.. events];

        public Plan Add(OrderEvent @event)
        {
            events.Add(@event);
            State = State.Evolve(@event);
            return this;
        }

        public Plan Then(Action<Plan> step)
        {
            step(this);
            return this;
        }
    }
}
