using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

public sealed partial record OrderState
{
    /// <summary>
    /// Applies one event. Evolve never decides: every event it is given was produced by the decider, so it only
    /// records. Each event also becomes a <see cref="HistoryEntry"/> (from-status, to-status, cause).
    /// </summary>
    public OrderState Evolve(OrderEvent @event)
    {
        // A refused create for an id that does not exist leaves no order behind, not even a history.
        if (@event is OrderCreationRefused && !Exists)
        {
            return this;
        }

        var next = Apply(@event);
        return next with
        {
            Sequence = Sequence + 1,
            History = next.History.Add(new HistoryEntry(@event.At, Status, next.Status, OrderHistory.Describe(@event, this))),
        };
    }

    private OrderState Apply(OrderEvent @event) => @event switch
    {
        OrderCreated e => this with
        {
            OrderId = e.OrderId,
            Status = OrderStatus.PendingPayment,
            Customer = e.Customer,
            Lines = e.Lines,
            AmountMinor = e.AmountMinor,
            Currency = e.Currency,
            CreatedAt = e.At,
            Test = e.Test,
            Progress = e.Lines.Select((_, i) => new LineProgress(i + 1, LineStatus.Waiting)).ToEquatableArray(),
        },
        OrderCreationRefused => this,

        PaymentConfirmed e => (Seen(e.Provider, e.EventId) with
        {
            Payments = Payments.Add(new PaymentRecord(e.Provider, e.EventId, e.AmountMinor, e.Currency, e.PaymentReference, e.At, PaymentDisposition.Accepted)),
            Status = OrderStatus.Paid,
            ReviewReason = null,
        }).Schedule(OrderWakes.DeliveryDeadline, e.DeliveryDeadline),
        PaymentMismatched e => Seen(e.Provider, e.EventId) with
        {
            // A payment the provider already reversed holds no money of the customer's: nothing to return later.
            Payments = Payments.Add(new PaymentRecord(
                e.Provider, e.EventId, e.AmountMinor, e.Currency, e.PaymentReference, e.At, PaymentDisposition.Mismatched, ReversedReferences.Contains(e.PaymentReference))),
            Status = OrderStatus.ManualReview,
            ReviewReason = $"payment mismatch: {e.Reason}",
        },
        DuplicatePaymentReceived e => Seen(e.Provider, e.EventId) with
        {
            Payments = Payments.Add(new PaymentRecord(e.Provider, e.EventId, e.AmountMinor, e.Currency, e.PaymentReference, e.At, PaymentDisposition.Duplicate)),
            Refunds = Refunds.Add(new RefundRecord(DuplicateRefundPlan(e), RefundStatus.Requested, e.At)),
        },
        HeldPaymentRefundRequested e => this with { Refunds = Refunds.Add(new RefundRecord(e.Refund, RefundStatus.Requested, e.At)) },
        PaymentFailed e => Seen(e.Provider, e.EventId),
        PaymentReversed e => ApplyReversal(e),
        PaymentNoticeReceived e => this with
        {
            PaymentNotices = PaymentNotices + 1,
            PaymentTrackingIds = PaymentTrackingIds.Contains(e.TrackingId) ? PaymentTrackingIds : PaymentTrackingIds.Add(e.TrackingId),
        },
        ProviderOrderRecorded e => this with { ProviderOrderIds = ProviderOrderIds.Add(new ProviderOrderId(e.Provider, e.Id)) },
        PaymentReconciliationRequested e => this with { Reconciliations = Reconciliations + 1, ReconciledAt = e.At },

        FileLineDelivered e => UpdateLine(e.LineNo, p => p with { Status = LineStatus.Delivered, DeliveredAt = e.At, EntitlementId = e.EntitlementId })
            .PlanEmail(OrderSteps.DeliveryEmail(e.LineNo), [e.LineNo], DeliveryLogKind.Delivered, e.At)
            .Log(e.At, DeliveryLogKind.Delivered, DeliveryChannel.Account,
                $"download access to {Line(e.LineNo).Product.Name} granted ({Limit(Line(e.LineNo).Product.DownloadLimit)})", [e.LineNo])
            .WithFulfillmentStatus(),

        SupplierOrderPlaced e => UpdateLine(e.LineNo, p => p with
            {
                Status = LineStatus.InProgress,
                Attempts = e.Attempt,
                Calls = p.Calls + 1,
                Outstanding = new PendingCall(e.Step, CallKind.PlaceSupplierOrder),
            })
            .Unwake(OrderWakes.SupplierRetry)
            .WithFulfillmentStatus(),
        SupplierPending e => UpdateLine(e.LineNo, p => p with
            {
                Status = LineStatus.AwaitingSupplier,
                SupplierOrderId = e.SupplierOrderId,
                PendingDeadline = e.Deadline,
                Outstanding = null,
                Postponements = 0,
            })
            .Schedule(OrderWakes.SupplierPoll, e.NextPollAt)
            .WithFulfillmentStatus(),
        SupplierPollUnanswered e => UpdateLine(e.LineNo, p => p with { Status = LineStatus.AwaitingSupplier, Outstanding = null })
            .Schedule(OrderWakes.SupplierPoll, e.NextPollAt)
            .WithFulfillmentStatus(),
        SupplierPolled e => UpdateLine(e.LineNo, p => p with { Polls = p.Polls + 1, Outstanding = new PendingCall(e.Step, CallKind.PollSupplierOrder) })
            .Unwake(OrderWakes.SupplierPoll),
        SupplierCodesDelivered e => UpdateLine(e.LineNo, p => p with
            {
                Status = LineStatus.Delivered,
                SupplierOrderId = e.SupplierOrderId,
                Codes = e.Codes,
                Outstanding = null,
                DeliveredAt = e.At,
            })
            .Unwake(OrderWakes.SupplierPoll)
            .Unwake(OrderWakes.SupplierRetry)
            .PlanEmail(OrderSteps.DeliveryEmail(e.LineNo), [e.LineNo], DeliveryLogKind.Delivered, e.At)
            .Log(e.At, DeliveryLogKind.Delivered, DeliveryChannel.OrderPage,
                $"{e.Codes.Count} code(s) for {Line(e.LineNo).Product.Name} received from supplier order {e.SupplierOrderId}", [e.LineNo])
            .WithFulfillmentStatus(),
        SupplierFailed e => UpdateLine(e.LineNo, p => p with { Status = LineStatus.Failed, Outstanding = null })
            .Unwake(OrderWakes.SupplierPoll)
            .Unwake(OrderWakes.SupplierRetry),
        SupplierUnreachable e => UpdateLine(e.LineNo, p => p with
        {
            Attempts = e.Attempt,
            Postponements = 0,
            MayHaveBeenCreated = p.MayHaveBeenCreated || e.MayHaveBeenCreated,
            Outstanding = null,
        }),
        SupplierAnswerUnreadable e => UpdateLine(e.LineNo, p => p with
        {
            Attempts = e.Attempt,
            Postponements = 0,
            MayHaveBeenCreated = p.MayHaveBeenCreated || e.MayHaveBeenCreated,
            Outstanding = null,
        }),
        SupplierPostponed e => UpdateLine(e.LineNo, p => p with
        {
            // MayHaveBeenCreated stays as it was: this call bought nothing, but an earlier one may have.
            Attempts = e.AttemptsSpent,
            Postponements = e.Postponement,
            Outstanding = null,
        }),
        SupplierNotificationReceived e => Seen(SupplierEventSource, e.EventId),

        MerchantWebhookCalled e => UpdateLine(e.LineNo, p => p with
            {
                Status = LineStatus.InProgress,
                Attempts = e.Attempt,
                Calls = p.Calls + 1,
                Outstanding = new PendingCall(e.Step, CallKind.MerchantWebhook),
            })
            .Unwake(OrderWakes.WebhookRetry)
            .WithFulfillmentStatus(),
        LicenseItemReceived e => UpdateLine(e.LineNo, p => p with
        {
            Codes = p.Codes.Add(new CodeItem(e.LicenseText)),
            Attempts = 0,
            Outstanding = null,
        }),
        LicenseDelivered e => UpdateLine(e.LineNo, p => p with
            {
                Status = LineStatus.Delivered,
                Codes = p.Codes.Add(new CodeItem(e.LicenseText)),
                Outstanding = null,
                DeliveredAt = e.At,
            })
            .Unwake(OrderWakes.WebhookRetry)
            .Log(e.At, DeliveryLogKind.Delivered, DeliveryChannel.OrderPage, LicenseReceived(e.LineNo), [e.LineNo])
            .Deliver(e.LineNo, DeliveryLogKind.Delivered, e.At)
            .WithFulfillmentStatus(),
        MerchantWebhookFailed e => UpdateLine(e.LineNo, p => p with { Attempts = e.Attempt, Outstanding = null }),

        RetryScheduled e => UpdateLine(e.LineNo, p => p with { Status = LineStatus.Retrying })
            .Schedule(e.WakeName, e.DueAt)
            .WithFulfillmentStatus(),
        ReviewRequired e => (e.LineNo is { } lineNo ? UpdateLine(lineNo, p => p with { Status = LineStatus.Review, Outstanding = null }) : this) with
        {
            // Automation stops, but the order is still owed: a review does not deliver it, so its deadline stands.
            Wakes = Wakes.RemoveAll(w => w.Name != OrderWakes.DeliveryDeadline),
            Status = OrderStatus.ManualReview,
            ReviewReason = e.Reason,
        },
        FulfillmentRetried e => (UpdateLine(e.LineNo, p => p with
            {
                Status = LineStatus.Waiting,
                Attempts = 0,
                Postponements = 0,
                PendingDeadline = null,
                Outstanding = null,

                // After a human stepped in, assume the supplier may hold an order under our reference.
                MayHaveBeenCreated = p.MayHaveBeenCreated || Line(e.LineNo).Product.Kind == ProductKind.SupplierCode,
            }) with { ReviewReason = null })
            .WithFulfillmentStatus(),
        ManuallyDelivered e => UpdateLine(e.LineNo, p => p with
            {
                Status = LineStatus.Delivered,
                Codes = e.Codes,
                DeliveredManually = true,
                Outstanding = null,
                DeliveredAt = e.At,
            })
            .Log(e.At, DeliveryLogKind.Manual, DeliveryChannel.Operator, $"{Line(e.LineNo).Product.Name} delivered by hand by {e.Operator}", [e.LineNo])
            .Deliver(e.LineNo, DeliveryLogKind.Manual, e.At)
            .WithFulfillmentStatus(),

        DeliveryEmailResendRequested e => (this with { Resends = Resends + 1 })
            .PlanEmail(e.Step, e.LineNos, DeliveryLogKind.Resent, e.At),
        EmailDeliveryLogged e => ApplyEmailSent(e),
        EmailDeliveryFailed e => this with
        {
            Emails = Emails.Update(m => m.Step == e.Step, m => m with { Failure = new EmailFailure(e.Attempts, e.Reason, e.At) }),
        },
        CodesShown e => Reach(e.LineNos, e.At)
            .Log(e.At, DeliveryLogKind.Delivered, DeliveryChannel.OrderPage,
                $"{string.Join(", ", e.LineNos.Select(n => Line(n).Product.Name))} shown to the buyer on the order page", e.LineNos),
        DeliveryConfirmed => (this with { Status = OrderStatus.Delivered, ReviewReason = null }).Unwake(OrderWakes.DeliveryDeadline),
        OperatorActionRefused => this,

        RefundStarted e => (this with
        {
            Refunds = Refunds.AddRange(e.Refunds.Select(plan => new RefundRecord(plan, RefundStatus.Requested, e.At))),
            EntitlementsRevoked = EntitlementsRevoked || e.RevokesEntitlements,
        }).Close(e.Refunds.IsEmpty ? OrderStatus.Refunded : OrderStatus.Refunding),
        RefundRetried e => this with
        {
            Refunds = Refunds.Add(new RefundRecord(e.Refund, RefundStatus.Requested, e.At)),
            Status = e.Refund.Purpose == RefundPurpose.Order && Status == OrderStatus.ManualReview ? OrderStatus.Refunding : Status,
            ReviewReason = e.Refund.Purpose == RefundPurpose.Order && Status == OrderStatus.ManualReview ? null : ReviewReason,
        },
        RefundSettled e => ApplyRefundSettled(e),
        RefundDeclined e => ApplyRefundDeclined(e),

        DeliveryOverdue => Unwake(OrderWakes.DeliveryDeadline),

        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "unknown order event"),
    };

    internal const string SupplierEventSource = "supplier";

    internal static RefundPlan DuplicateRefundPlan(DuplicatePaymentReceived e) =>
        new(e.RefundStep, e.Provider, e.EventId, e.PaymentReference, e.AmountMinor, e.Currency, RefundPurpose.DuplicatePayment);

    private OrderState Seen(string source, string eventId) => this with { SeenEventIds = SeenEventIds.Add(EventKey(source, eventId)) };

    private OrderState UpdateLine(int lineNo, Func<LineProgress, LineProgress> update) =>
        this with { Progress = Progress.Update(p => p.LineNo == lineNo, update) };

    private OrderState Schedule(string name, DateTimeOffset dueAt) =>
        this with { Wakes = Wakes.RemoveAll(w => w.Name == name).Add(new ScheduledWake(name, dueAt)) };

    private OrderState Unwake(string name) => this with { Wakes = Wakes.RemoveAll(w => w.Name == name) };

    private OrderState PlanEmail(string step, EquatableArray<int> lineNos, DeliveryLogKind kind, DateTimeOffset at) =>
        this with { Emails = Emails.Add(new EmailRecord(step, lineNos, kind, at)) };

    private OrderState Log(DateTimeOffset at, DeliveryLogKind kind, DeliveryChannel channel, string detail, EquatableArray<int> lineNos, string? step = null) =>
        this with { DeliveryLog = DeliveryLog.Add(new DeliveryLogEntry(at, kind, channel, detail, lineNos, step)) };

    /// <summary>
    /// While fulfilling, the order's status is the status of its current line. Once every line is fulfilled it is
    /// delivering: only <see cref="DeliveryConfirmed"/> (the buyer got it) makes it delivered.
    /// </summary>
    private OrderState WithFulfillmentStatus()
    {
        var status = CurrentLine?.Status switch
        {
            null => OrderStatus.Delivering,
            LineStatus.AwaitingSupplier => OrderStatus.AwaitingSupplier,
            LineStatus.Retrying => OrderStatus.Retrying,
            LineStatus.Review => OrderStatus.ManualReview,
            _ => OrderStatus.Fulfilling,
        };
        return this with { Status = status, ReviewReason = status == OrderStatus.ManualReview ? ReviewReason : null };
    }

    private OrderState Reach(IEnumerable<int> lineNos, DateTimeOffset at) =>
        this with { Progress = Progress.Update(p => lineNos.Contains(p.LineNo) && p.ReachedAt is null, p => p with { ReachedAt = at }) };

    /// <summary>Stops fulfillment for good: lines not delivered are cancelled, late answers and reminders will be ignored.</summary>
    private OrderState Close(OrderStatus status) => this with
    {
        Status = status,
        Progress = Progress.Update(
            p => p.Status is not (LineStatus.Delivered or LineStatus.Failed),
            p => p with { Status = LineStatus.Cancelled, Outstanding = null }),
        Wakes = [],
        ReviewReason = null,
    };

    private OrderState ApplyReversal(PaymentReversed e)
    {
        var known = e.PaymentReference is not null && Payments.Any(p => p.Provider == e.Provider && p.PaymentReference == e.PaymentReference);
        var next = Seen(e.Provider, e.EventId) with
        {
            Payments = Payments.Update(p => known && p.Provider == e.Provider && p.PaymentReference == e.PaymentReference, p => p with { Reversed = true }),
            ReversedReferences = !known && e.PaymentReference is not null ? ReversedReferences.Add(e.PaymentReference) : ReversedReferences,
            EntitlementsRevoked = EntitlementsRevoked || e.RevokesEntitlements,
        };
        return e.OrderReversed ? next.Close(OrderStatus.Reversed) : next;
    }

    private OrderState ApplyEmailSent(EmailDeliveryLogged e)
    {
        var email = Email(e.Step)!;
        var products = string.Join(", ", email.LineNos.Select(n => Line(n).Product.Name));
        return (this with { Emails = Emails.Update(m => m.Step == e.Step, m => m with { SentAt = e.At }) })
            .Reach(email.LineNos, e.At)
            .Log(e.At, email.Kind, DeliveryChannel.Email, $"{products} emailed to {Customer.Email} ({e.Step})", email.LineNos, e.Step);
    }

    private OrderState ApplyRefundSettled(RefundSettled e)
    {
        var next = this with
        {
            Refunds = Refunds.Update(r => r.Step == e.Step, r => r with { Status = RefundStatus.Completed, RefundId = e.RefundId, SettledAt = e.At }),
        };
        var orderRefundsDone = next.Refunds
            .Where(r => r.Plan.Purpose == RefundPurpose.Order)
            .GroupBy(r => r.Plan.PaymentEventId)
            .All(g => g.Last().Status == RefundStatus.Completed);
        return Refund(e.Step)!.Plan.Purpose == RefundPurpose.Order && Status == OrderStatus.Refunding && orderRefundsDone
            ? next with { Status = OrderStatus.Refunded }
            : next;
    }

    private OrderState ApplyRefundDeclined(RefundDeclined e)
    {
        var next = this with
        {
            Refunds = Refunds.Update(r => r.Step == e.Step, r => r with { Status = RefundStatus.Failed, FailureReason = e.Reason, SettledAt = e.At }),
        };
        return Refund(e.Step)!.Plan.Purpose == RefundPurpose.Order && Status == OrderStatus.Refunding
            ? next with { Status = OrderStatus.ManualReview, ReviewReason = $"refund failed: {e.Reason}" }
            : next;
    }

    /// <summary>
    /// A fulfilled line goes to the buyer: by email, or, when the product's order emails are off, it has reached the
    /// buyer now, on the order page and in the account, and nothing is emailed.
    /// </summary>
    private OrderState Deliver(int lineNo, DeliveryLogKind kind, DateTimeOffset at) => Line(lineNo).Product.OrderEmailsOff
        ? Reach([lineNo], at).Log(at, kind, DeliveryChannel.Account,
            $"{Line(lineNo).Product.Name} kept on the order page and in the buyer's account (order emails are off for this product)", [lineNo])
        : PlanEmail(OrderSteps.DeliveryEmail(lineNo), [lineNo], kind, at);

    private string LicenseReceived(int lineNo)
    {
        // Called on the state before the event: the answer that completes the line is not counted yet.
        var count = ProgressOf(lineNo).Codes.Count + 1;
        return count > 1
            ? $"{count} licenses for {Line(lineNo).Product.Name} received from the merchant webhook, one call per item"
            : $"license for {Line(lineNo).Product.Name} received from the merchant webhook";
    }

    private static string Limit(int? downloadLimit) => downloadLimit is { } n ? $"limit {n}" : "unlimited";
}
