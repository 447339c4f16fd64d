using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.EndToEnd.Tests.Payments;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Delivery;
using Orleans.Delivery.Silo.Payments;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>
/// The refund and payment-lookup handlers against the providers' simulator, one dispatch at a time: what each
/// provider answer becomes for the order, and what a re-dispatch of the same effect does.
/// </summary>
public sealed class PaymentHandlerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _http = new();
    private readonly string _orderId = "ord_" + Guid.NewGuid().ToString("N");
    private PaymentProviderSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await PaymentProviderSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Refund_DispatchedTwiceWithTheSameKey_OneRefundSameAnswer()
    {
        var intent = "pi_" + Guid.NewGuid().ToString("N");
        _simulator.SetStripePaymentIntent(intent, 1999, "usd");
        var handler = RefundHandler();
        var effect = Refund("stripe", intent);

        var first = await handler.HandleAsync(Context(effect, attempt: 1), CancellationToken.None);
        var second = await handler.HandleAsync(Context(effect, attempt: 2), CancellationToken.None);

        var completed = Assert.IsType<RefundCompleted>(Assert.IsType<EffectResult.Replied>(first).Message);
        Assert.Equal(effect.Step, completed.Step);
        Assert.Equal(first, second);
        Assert.Equal(1, _simulator.StripeRefundCount);
    }

    [Fact]
    public async Task Refund_ProviderRefuses_RefundFailedWithTheReason()
    {
        var result = await RefundHandler().HandleAsync(Context(Refund("stripe", "pi_unknown_to_stripe")), CancellationToken.None);

        var failed = Assert.IsType<RefundFailed>(Assert.IsType<EffectResult.Replied>(result).Message);
        Assert.Equal("resource_missing", failed.Reason);
    }

    [Fact]
    public async Task Refund_ProviderDown_RetriedLater()
    {
        _simulator.FailNext("/v1/refunds", 1);

        var result = await RefundHandler().HandleAsync(Context(Refund("stripe", "pi_whatever")), CancellationToken.None);

        Assert.Contains("HTTP 503", Assert.IsType<EffectResult.Failed>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_ProviderNotConfigured_RetriedLater()
    {
        var handler = new RefundHandler(new PaymentRefunds(), NullLogger<RefundHandler>.Instance);

        var result = await handler.HandleAsync(Context(Refund("paypal", "CAP-1")), CancellationToken.None);

        Assert.Contains("not configured", Assert.IsType<EffectResult.Failed>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_PaymentWithoutValidCurrency_RefundFailedWithoutCallingTheProvider()
    {
        // A mismatched payment is recorded as the provider reported it; one without a currency cannot be refunded.
        var result = await RefundHandler().HandleAsync(Context(Refund("stripe", "pi_x") with { Currency = "" }), CancellationToken.None);

        Assert.IsType<RefundFailed>(Assert.IsType<EffectResult.Replied>(result).Message);
        Assert.Empty(_simulator.Requests);
    }

    [Theory]
    [InlineData(1, typeof(ConfirmPayment))]
    [InlineData(2, typeof(RecordPaymentFailure))]
    [InlineData(3, typeof(RecordPaymentReversed))]
    public async Task Lookup_FinalStatus_BecomesTheOrdersPaymentCommand(int statusCode, Type expected)
    {
        var trackingId = Guid.NewGuid().ToString();
        _simulator.SetPesaPalStatus(trackingId, statusCode, 2500m, "KES", _orderId);

        var result = await LookupHandler().HandleAsync(Context(Lookup(trackingId)), CancellationToken.None);

        var message = Assert.IsType<EffectResult.Replied>(result).Message;
        Assert.IsType(expected, message);
        if (message is ConfirmPayment confirm)
        {
            Assert.Equal(new ConfirmPayment("pesapal", $"{trackingId}:completed", 250000, "KES", trackingId, Now), confirm);
        }
    }

    [Fact]
    public async Task Lookup_SameStatusTwice_SameEventId()
    {
        var trackingId = Guid.NewGuid().ToString();
        _simulator.SetPesaPalStatus(trackingId, 2, 2500m, "KES", _orderId);
        var handler = LookupHandler();

        var first = await handler.HandleAsync(Context(Lookup(trackingId, notice: 1)), CancellationToken.None);
        var second = await handler.HandleAsync(Context(Lookup(trackingId, notice: 2)), CancellationToken.None);

        Assert.Equal(
            ((RecordPaymentFailure)((EffectResult.Replied)first).Message).EventId,
            ((RecordPaymentFailure)((EffectResult.Replied)second).Message).EventId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public async Task Lookup_PendingOrUnknownToPesaPal_DoneWithoutTellingTheOrder(int? statusCode)
    {
        var trackingId = Guid.NewGuid().ToString();
        if (statusCode is { } code)
        {
            _simulator.SetPesaPalStatus(trackingId, code, 2500m, "KES", _orderId);
        }

        var result = await LookupHandler().HandleAsync(Context(Lookup(trackingId)), CancellationToken.None);

        Assert.Same(EffectResult.Done, result);
    }

    [Fact]
    public async Task Lookup_CompletedPaymentOfAnotherOrder_DoneWithoutConfirming()
    {
        var trackingId = Guid.NewGuid().ToString();
        _simulator.SetPesaPalStatus(trackingId, 1, 2500m, "KES", "ord_someone_else");

        var result = await LookupHandler().HandleAsync(Context(Lookup(trackingId)), CancellationToken.None);

        Assert.Same(EffectResult.Done, result);
    }

    [Fact]
    public async Task Lookup_PesaPalDown_RetriedLater()
    {
        _simulator.FailNext("/api/Transactions/GetTransactionStatus", 1);

        var result = await LookupHandler().HandleAsync(Context(Lookup(Guid.NewGuid().ToString())), CancellationToken.None);

        Assert.IsType<EffectResult.Failed>(result);
    }

    [Fact]
    public async Task Lookup_PesaPalNotConfigured_RetriedLater()
    {
        var result = await new PaymentLookupHandler(NullLogger<PaymentLookupHandler>.Instance).HandleAsync(
            Context(Lookup(Guid.NewGuid().ToString())), CancellationToken.None);

        Assert.Contains("not configured", Assert.IsType<EffectResult.Failed>(result).Reason, StringComparison.Ordinal);
    }

    private RefundHandler RefundHandler()
    {
        var stripe = PaymentClients.Stripe(_http, _simulator.BaseUrl, o => o.MaxRetryAttempts = 0);
        var payPal = PaymentClients.PayPal(_http, _simulator.BaseUrl, o => o.MaxRetryAttempts = 0);
        return new RefundHandler(new PaymentRefunds(stripe, payPal), NullLogger<RefundHandler>.Instance);
    }

    private PaymentLookupHandler LookupHandler() =>
        new(NullLogger<PaymentLookupHandler>.Instance, PaymentClients.PesaPal(_http, _simulator.BaseUrl, configure: o => o.MaxRetryAttempts = 0));

    private RefundPayment Refund(string provider, string reference) =>
        new(_orderId, $"refund-evt_{provider}", provider, $"evt_{provider}", reference, 1999, "USD", "customer asked");

    private LookupPaymentStatus Lookup(string trackingId, int notice = 1) =>
        new(_orderId, OrderSteps.PaymentLookup(trackingId, notice), "pesapal", trackingId);

    private static EffectContext Context(OrderEffect effect, int attempt = 1) => new(
        Grain: $"{OrderGrain.Type}/{effect.OrderId}",
        Kind: OrderEffectKinds.Of(effect),
        IdempotencyKey: effect.IdempotencyKey,
        Payload: JsonSerializer.Serialize(effect, OrdersJsonContext.Default.OrderEffect),
        Attempt: attempt,
        Now: Now);
}
