using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Runtime;
using Contract = Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Turns the contract's calls into order commands, one turn each, and the order's state into the contract's views.</summary>
internal sealed class OrderGrainReference(GrainClient client, string key) : IOrderGrain
{
    private GrainId Id => new(OrderGrain.Type, key);

    private DateTimeOffset Now => client.Time.GetUtcNow();

    public string Key => key;

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
        var reply = await CallAsync(new CreateOrder(key, customer, lines, order.Cart.AmountMinor, order.Cart.Currency, Now), cancellationToken);
        return reply.ErrorCode is { } code
            ? new OrderCreation(false, reply.State.Exists ? OrderViews.View(reply.State) : null, code, reply.Error)
            : new OrderCreation(reply.Events.Any(e => e is OrderCreated), OrderViews.View(reply.State), null, null);
    }

    public Task<OrderAnswer> RecordPaymentAsync(PaymentReport payment, CancellationToken cancellationToken = default) =>
        AnswerAsync(
            payment.Outcome switch
            {
                PaymentOutcome.Succeeded => new ConfirmPayment(
                    payment.Provider, payment.EventId, payment.AmountMinor ?? -1, payment.Currency ?? "", payment.PaymentReference ?? payment.EventId, Now),
                PaymentOutcome.Failed => new RecordPaymentFailure(payment.Provider, payment.EventId, payment.Reason ?? "declined", Now),
                _ => new RecordPaymentReversed(payment.Provider, payment.EventId, payment.PaymentReference, Now),
            },
            cancellationToken);

    public Task<OrderAnswer> RecordPaymentNoticeAsync(PaymentNotice notice, CancellationToken cancellationToken = default) =>
        AnswerAsync(new RecordPaymentNotice(notice.Provider, notice.TrackingId, Now), cancellationToken);

    public Task<OrderAnswer> RecordSupplierEventAsync(SupplierReport report, CancellationToken cancellationToken = default)
    {
        var status = report.Status.ToLowerInvariant() switch
        {
            "completed" => SupplierNotificationStatus.Completed,
            "failed" => SupplierNotificationStatus.Failed,
            _ => SupplierNotificationStatus.Pending,
        };
        var items = report.Items.Select(CodeItem.From).ToEquatableArray();
        return AnswerAsync(new SupplierNotified(report.EventId, report.SupplierOrderId, report.Reference, status, items, report.Reason, Now), cancellationToken);
    }

    public async Task<OrderView?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await client.ReadAsync<OrderState>(Id, cancellationToken);
        return state.Exists ? OrderViews.View(state) : null;
    }

    public Task<OrderAnswer> RetryFulfillmentAsync(string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new RetryFulfillment(operatorName, Now), cancellationToken);

    public Task<OrderAnswer> MarkDeliveredAsync(IReadOnlyList<DeliveredCode> codes, string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new MarkDelivered(codes.Select(c => new CodeItem(c.Code, c.Pin)).ToEquatableArray(), operatorName, Now), cancellationToken);

    public Task<OrderAnswer> RefundAsync(string reason, string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new RefundOrder(reason, operatorName, Now), cancellationToken);

    public Task<OrderAnswer> ResendDeliveryEmailAsync(string operatorName, CancellationToken cancellationToken = default) =>
        AnswerAsync(new ResendDeliveryEmail(operatorName, Now), cancellationToken);

    public Task<OrderAnswer> RecordCodesShownAsync(CancellationToken cancellationToken = default) =>
        AnswerAsync(new RecordCodesShown(Now), cancellationToken);

    private async Task<OrderAnswer> AnswerAsync(OrderCommand command, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(command, cancellationToken);
        return new OrderAnswer(reply.Events.Count > 0 && reply.ErrorCode is null, OrderViews.Status(reply.State.Status), reply.ErrorCode, reply.Error);
    }

    private Task<OrderReply> CallAsync(OrderCommand command, CancellationToken cancellationToken) =>
        client.CallAsync<OrderReply>(Id, command, cancellationToken);

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
        p.TopUp);

    private static string? InstructionsOf(ProductDefinition p) =>
        (p.Instructions, p.ActivationUrl) switch
        {
            (null, null) => null,
            ({ } text, null) => text,
            (null, { } url) => $"Redeem at {url}",
            ({ } text, { } url) => $"{text}\n\nRedeem at {url}",
        };
}

/// <summary>The customer grain's key: the storefront's customer id, or else the normalised email.</summary>
public static class CustomerIds
{
    public static string For(Contract.CustomerInfo customer) =>
        string.IsNullOrWhiteSpace(customer.CustomerId) ? customer.Email.Trim().ToLowerInvariant() : customer.CustomerId.Trim();
}
