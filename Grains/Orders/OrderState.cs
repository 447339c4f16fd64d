using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// Everything an order knows. Immutable: <see cref="Evolve"/> returns the next state. <see cref="Initial"/> stands for
/// an order id that has not been created yet.
/// </summary>
public sealed partial record OrderState(
    string OrderId,
    OrderStatus Status,
    CustomerInfo Customer,
    EquatableArray<OrderLine> Lines,
    long AmountMinor,
    string Currency,
    DateTimeOffset? CreatedAt,
    EquatableArray<LineProgress> Progress,
    EquatableArray<PaymentRecord> Payments,
    EquatableArray<string> SeenEventIds,
    EquatableArray<string> ReversedReferences,
    int PaymentNotices,
    EquatableArray<RefundRecord> Refunds,
    bool EntitlementsRevoked,
    EquatableArray<ScheduledWake> Wakes,
    EquatableArray<EmailRecord> Emails,
    int Resends,
    string? ReviewReason,
    int Sequence,
    EquatableArray<HistoryEntry> History,
    EquatableArray<DeliveryLogEntry> DeliveryLog,
    int Reconciliations = 0,
    DateTimeOffset? ReconciledAt = null,
    EquatableArray<string> PaymentTrackingIds = default,
    EquatableArray<ProviderOrderId> ProviderOrderIds = default)
{
    public static OrderState Initial { get; } = new(
        OrderId: "",
        Status: OrderStatus.None,
        Customer: new CustomerInfo("", ""),
        Lines: [],
        AmountMinor: 0,
        Currency: "",
        CreatedAt: null,
        Progress: [],
        Payments: [],
        SeenEventIds: [],
        ReversedReferences: [],
        PaymentNotices: 0,
        Refunds: [],
        EntitlementsRevoked: false,
        Wakes: [],
        Emails: [],
        Resends: 0,
        ReviewReason: null,
        Sequence: 0,
        History: [],
        DeliveryLog: []);

    /// <summary>
    /// How many provider orders one order records at most: a buyer who starts the provider's checkout a few times makes
    /// a few; more is a misbehaving caller, and every one costs a provider call on each reconciliation.
    /// </summary>
    public const int MaxProviderOrders = 20;

    public bool Exists => Status != OrderStatus.None;

    /// <summary>
    /// True while an operator must act: manual review, a refund that failed and was not retried, or a held payment whose
    /// money nobody has asked to return yet.
    /// </summary>
    public bool NeedsReview => Status == OrderStatus.ManualReview || HasFailedRefund || HeldPayments.Any();

    /// <summary>Why the order is in the review queue, for the queue itself.</summary>
    public string? ReviewNote => !NeedsReview
        ? null
        : ReviewReason ?? (HasFailedRefund ? null : HeldPayments.Select(HeldNote).FirstOrDefault()) ?? "refund failed";

    /// <summary>
    /// Payments held for a mismatch whose money is still ours to return: not reversed by the provider, and no refund of
    /// them requested or completed (a failed one still holds the money).
    /// </summary>
    public IEnumerable<PaymentRecord> HeldPayments => Payments.Where(p =>
        p is { Disposition: PaymentDisposition.Mismatched, Reversed: false }
        && LatestRefundFor(p.EventId) is not { Status: RefundStatus.Requested or RefundStatus.Completed });

    public PaymentRecord? AcceptedPayment => Payments.FirstOrDefault(p => p.Disposition == PaymentDisposition.Accepted);

    public bool IsClosed => Status is OrderStatus.Refunding or OrderStatus.Refunded or OrderStatus.Reversed;

    /// <summary>
    /// The order still waits for a valid payment: nothing accepted yet, and not refunded. A mismatched payment leaves the
    /// order in review, yet a later correct payment still confirms it.
    /// </summary>
    public bool AwaitsPayment =>
        AcceptedPayment is null
        && Status is OrderStatus.PendingPayment or OrderStatus.ManualReview
        && !Refunds.Any(r => r.Plan.Purpose == RefundPurpose.Order);

    public OrderLine Line(int lineNo) => Lines[lineNo - 1];

    public LineProgress ProgressOf(int lineNo) => Progress[lineNo - 1];

    /// <summary>The first line not yet delivered: lines needing outside calls are fulfilled one at a time, in order.</summary>
    public LineProgress? CurrentLine => Progress.FirstOrDefault(p => p.Status != LineStatus.Delivered);

    public IEnumerable<LineProgress> DeliveredLines => Progress.Where(p => p.Status == LineStatus.Delivered);

    /// <summary>Delivered lines whose product's delivery is emailed (order emails not turned off).</summary>
    public IEnumerable<LineProgress> EmailedLines => DeliveredLines.Where(p => !Line(p.LineNo).Product.OrderEmailsOff);

    /// <summary>Every line is fulfilled and has reached the buyer (an email accepted, or shown on the order page).</summary>
    public bool ReachedBuyer => Progress.All(p => p.Status == LineStatus.Delivered && HasReached(p));

    /// <summary>
    /// Every line is fulfilled, but the order is not delivered yet: delivering, or in review because a delivery email
    /// failed. Never once a refund of the order was asked for (a failed refund leaves the order in review too).
    /// </summary>
    public bool AwaitsDeliveryConfirmation =>
        CurrentLine is null
        && Status is OrderStatus.Delivering or OrderStatus.ManualReview
        && !Refunds.Any(r => r.Plan.Purpose == RefundPurpose.Order);

    /// <summary>Fulfilled lines that have not reached the buyer and that no email is still trying to bring: every one failed.</summary>
    public IEnumerable<LineProgress> StrandedLines =>
        DeliveredLines.Where(p => !HasReached(p) && !Emails.Any(e => e.IsPending && e.LineNos.Contains(p.LineNo)));

    /// <summary>When the order was delivered: when its last line reached the buyer.</summary>
    /// <remarks>Orders delivered before lines recorded when they reached the buyer fall back to when they were fulfilled.</remarks>
    public DateTimeOffset? DeliveredAt => Status == OrderStatus.Delivered ? Progress.Max(p => p.ReachedAt ?? p.DeliveredAt) : null;

    /// <summary>
    /// Whether the line reached the buyer. An accepted email counts even without <see cref="LineProgress.ReachedAt"/>,
    /// which lines fulfilled before it was recorded do not have.
    /// </summary>
    public bool HasReached(LineProgress line) =>
        line.ReachedAt is not null || Emails.Any(e => e.SentAt is not null && e.LineNos.Contains(line.LineNo));

    public bool HasSeen(string provider, string eventId) => SeenEventIds.Contains(EventKey(provider, eventId));

    /// <summary>Whether a payment with this reference (Stripe PaymentIntent, PayPal capture, PesaPal tracking id) was recorded, by any event.</summary>
    public bool HasPayment(string provider, string paymentReference) =>
        Payments.Any(p => p.Provider == provider && p.PaymentReference == paymentReference);

    /// <summary>
    /// Whether the reconciliation sweep may ask the providers about this order again at <paramref name="now"/>: the
    /// spacing doubles with every lookup (up to the policy's cap), so an order never paid is asked a few times a day.
    /// </summary>
    public bool MayReconcile(DateTimeOffset now, OrderPolicy policy) =>
        ReconciledAt is not { } last || now >= last + policy.ReconcileDelay(Reconciliations);

    /// <summary>Whether the provider's order <paramref name="id"/> was recorded already (named by the storefront or a webhook).</summary>
    public bool KnowsProviderOrder(string provider, string id) => ProviderOrderIds.Contains(new ProviderOrderId(provider, id));

    public bool HasWake(string name) => Wakes.Any(w => w.Name == name);

    public EmailRecord? Email(string step) => Emails.FirstOrDefault(e => e.Step == step);

    public RefundRecord? Refund(string step) => Refunds.FirstOrDefault(r => r.Step == step);

    /// <summary>The line waiting on the call with this step, if any.</summary>
    public LineProgress? LineAwaiting(string step) => Progress.FirstOrDefault(p => p.Outstanding?.Step == step);

    /// <summary>Whether this step was ever planned as a supplier or merchant call (answers for it may be late, never foreign).</summary>
    public bool WasPlannedCall(string step) =>
        Progress.Any(p =>
            Enumerable.Range(1, p.Calls).Any(n => step == OrderSteps.SupplierOrder(p.LineNo, n) || step == OrderSteps.MerchantWebhook(p.LineNo, n))
            || Enumerable.Range(1, p.Polls).Any(n => step == OrderSteps.SupplierPoll(p.LineNo, n)));

    /// <summary>1 for the order's first supplier-code line, 2 for the second, …; used for the supplier reference.</summary>
    public int SupplierOrdinal(int lineNo) =>
        Lines.Take(lineNo).Count(l => l.Product.Kind == ProductKind.SupplierCode);

    public string SupplierReferenceFor(int lineNo) => SupplierReference.For(OrderId, SupplierOrdinal(lineNo));

    /// <summary>Whether something that cannot be taken back (a code, a license) has reached the customer.</summary>
    public bool DeliveredIrrevocably => DeliveredLines.Any(p => Line(p.LineNo).Product.Kind != ProductKind.File);

    public bool HasGrantedFiles => DeliveredLines.Any(p => Line(p.LineNo).Product.Kind == ProductKind.File);

    /// <summary>Whether the buyer's account holds something of this order: a granted file or a delivered license.</summary>
    public bool HasAccountItems => DeliveredLines.Any(p => Line(p.LineNo).Product.Kind is ProductKind.File or ProductKind.MerchantWebhook);

    /// <summary>The newest refund request for a payment; earlier ones were superseded by a retry.</summary>
    public RefundRecord? LatestRefundFor(string paymentEventId) => Refunds.LastOrDefault(r => r.Plan.PaymentEventId == paymentEventId);

    private bool IsLatestRefund(RefundRecord refund) => LatestRefundFor(refund.Plan.PaymentEventId) == refund;

    private bool HasFailedRefund => Refunds.Any(r => r.Status == RefundStatus.Failed && IsLatestRefund(r));

    /// <summary>What the customer received, for the order page and resends; hidden once the order is refunded or reversed.</summary>
    public EquatableArray<DeliveryContent> DeliveredContent() =>
        IsClosed ? [] : ContentFor(DeliveredLines.Select(p => p.LineNo));

    public EquatableArray<DeliveryContent> ContentFor(IEnumerable<int> lineNos) =>
        lineNos.Select(ContentOf).ToEquatableArray();

    public DeliveryContent ContentOf(int lineNo)
    {
        var line = Line(lineNo);
        var progress = ProgressOf(lineNo);
        var product = line.Product;
        return product.Kind switch
        {
            ProductKind.File => new FileDownload(lineNo, line.Sku, product.Name, progress.EntitlementId ?? "", product.DownloadLimit),
            ProductKind.SupplierCode => new CodeDelivery(lineNo, line.Sku, product.Name, product.Denomination, product.Instructions, progress.Codes),
            _ => License(lineNo, line, progress),
        };
    }

    private static LicenseDelivery License(int lineNo, OrderLine line, LineProgress progress)
    {
        var responses = progress.Codes.Select(c => c.Code).ToEquatableArray();
        return responses.Count > 1
            ? new LicenseDelivery(lineNo, line.Sku, line.Product.Name, line.Product.Instructions, LicenseDelivery.Join(responses), responses)
            : new LicenseDelivery(lineNo, line.Sku, line.Product.Name, line.Product.Instructions, responses.FirstOrDefault() ?? "");
    }

    /// <summary>How many calls a merchant webhook line makes: one per item with separate multibuy, else one.</summary>
    public int WebhookItems(int lineNo) => Line(lineNo).Product.WebhookRequest.SeparateMultibuy ? Line(lineNo).Quantity : 1;

    public static DeliveryKind KindOf(EquatableArray<DeliveryContent> items)
    {
        var kinds = items.Select(i => i switch
        {
            FileDownload => DeliveryKind.File,
            CodeDelivery => DeliveryKind.Code,
            _ => DeliveryKind.License,
        }).Distinct().ToList();
        return kinds.Count == 1 ? kinds[0] : DeliveryKind.Mixed;
    }

    public OrderSummary Summary() => new(
        OrderId,
        Status,
        AmountMinor,
        Currency,
        Customer,
        Lines.Select((l, i) => new OrderLineSummary(i + 1, l.Sku, l.Product.Name, l.Product.Kind, l.Quantity, l.TotalMinor, Progress[i].Status))
            .ToEquatableArray(),
        ReviewReason,
        NeedsReview,
        CreatedAt,
        History,
        DeliveryLog);

    internal static string EventKey(string provider, string eventId) => $"{provider}:{eventId}";

    private static string HeldNote(PaymentRecord held) =>
        $"payment {held.Provider} {held.EventId} ({Money.Format(held.AmountMinor, held.Currency)}) held and not returned";
}
