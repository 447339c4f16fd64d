namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// One order (key: the order id): its payment, its fulfillment state machine and its history. Every method is one
/// turn; events seen before (same provider event id, same supplier event id) change nothing.
/// </summary>
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Creates the order as pending payment. The same order again is answered as before; different contents conflict.</summary>
    Task<OrderCreation> CreateAsync(NewOrder order, CancellationToken cancellationToken = default);

    /// <summary>Records a verified payment event: success confirms (once), failure is kept, reversal revokes.</summary>
    Task<OrderAnswer> RecordPaymentAsync(PaymentReport payment, CancellationToken cancellationToken = default);

    /// <summary>Records a notification that carries no status (PesaPal IPN): a silo looks the status up.</summary>
    Task<OrderAnswer> RecordPaymentNoticeAsync(PaymentNotice notice, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the provider's own order id for this order's payment, for the reconciliation sweep to ask about. An id
    /// already known changes nothing; past <c>OrderState.MaxProviderOrders</c> ids the order refuses more.
    /// </summary>
    Task<OrderAnswer> RecordProviderOrderAsync(ProviderOrderReference reference, CancellationToken cancellationToken = default);

    /// <summary>Records a verified supplier webhook.</summary>
    Task<OrderAnswer> RecordSupplierEventAsync(SupplierReport report, CancellationToken cancellationToken = default);

    /// <summary>The order, or null when no order has this id.</summary>
    Task<OrderView?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Operator: fulfil again an order in manual review (looks the supplier order up first).</summary>
    Task<OrderAnswer> RetryFulfillmentAsync(string operatorName, CancellationToken cancellationToken = default);

    /// <summary>Operator: deliver codes entered by hand to an order in manual review.</summary>
    Task<OrderAnswer> MarkDeliveredAsync(IReadOnlyList<DeliveredCode> codes, string operatorName, CancellationToken cancellationToken = default);

    /// <summary>Operator: refund the order's payment (and revoke its downloads).</summary>
    Task<OrderAnswer> RefundAsync(string reason, string operatorName, CancellationToken cancellationToken = default);

    /// <summary>Operator: send the delivery email again. Spends no download.</summary>
    Task<OrderAnswer> ResendDeliveryEmailAsync(string operatorName, CancellationToken cancellationToken = default);

    /// <summary>
    /// The buyer's order page showed the order's codes or license: those lines reached the buyer, and the order is
    /// delivered if nothing else is owed. Repeating it changes nothing.
    /// </summary>
    Task<OrderAnswer> RecordCodesShownAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The reconciliation sweep: an order still awaiting payment asks the payment providers whether it was paid after
    /// all (a lost webhook); a payment found confirms it, recorded as confirmed by reconciliation. Any other order, or
    /// one asked too recently, changes nothing.
    /// </summary>
    Task<OrderAnswer> ReconcilePaymentAsync(CancellationToken cancellationToken = default);
}
