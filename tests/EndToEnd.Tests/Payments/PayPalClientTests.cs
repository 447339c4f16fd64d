using System.Text.Json;
using Orleans.Delivery.Silo.Payments;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Payments;

public sealed class PayPalClientTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly string _captureId = "CAP" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
    private readonly string _requestId = Guid.NewGuid().ToString();
    private PaymentProviderSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await PaymentProviderSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task RefundCapture_SameRequestIdTwice_OneRefundOneToken()
    {
        _simulator.SetPayPalCapture(_captureId, 1050, "USD");
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        var first = await client.RefundCaptureAsync(_captureId, 1050, "USD", _requestId, CancellationToken.None);
        var second = await client.RefundCaptureAsync(_captureId, 1050, "USD", _requestId, CancellationToken.None);

        Assert.IsType<RefundResult.Succeeded>(first);
        Assert.Equal(first, second);
        Assert.Equal(1, _simulator.PayPalRefundCount);
        Assert.Single(_simulator.RequestsTo("/v1/oauth2/token"));
        Assert.All(_simulator.RequestsTo("/v2/payments/captures/"), r => Assert.Equal(_requestId, r.Headers["PayPal-Request-Id"]));
    }

    [Theory]
    [InlineData(1050, "USD", "10.50")]
    [InlineData(1500, "JPY", "1500")]
    public async Task RefundCapture_PartialAmount_SentInMajorUnits(long minor, string currency, string value)
    {
        _simulator.SetPayPalCapture(_captureId, minor * 2, currency);
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        Assert.IsType<RefundResult.Succeeded>(await client.RefundCaptureAsync(_captureId, minor, currency, _requestId, CancellationToken.None));

        using var body = JsonDocument.Parse(Assert.Single(_simulator.RequestsTo("/v2/payments/captures/")).Body);
        Assert.Equal(value, body.RootElement.GetProperty("amount").GetProperty("value").GetString());
        Assert.Equal(currency, body.RootElement.GetProperty("amount").GetProperty("currency_code").GetString());
    }

    [Fact]
    public async Task RefundCapture_FullyRefundedWithAnotherRequestId_Rejected()
    {
        _simulator.SetPayPalCapture(_captureId, 1000, "EUR");
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);
        await client.RefundCaptureAsync(_captureId, null, null, _requestId, CancellationToken.None);

        var result = await client.RefundCaptureAsync(_captureId, null, null, Guid.NewGuid().ToString(), CancellationToken.None);

        Assert.Equal(new RefundResult.Rejected("CAPTURE_FULLY_REFUNDED"), result);
    }

    [Fact]
    public async Task RefundCapture_TransientFailure_RetriedWithSameRequestId()
    {
        _simulator.SetPayPalCapture(_captureId, 1000, "EUR");
        _simulator.FailNext("/v2/payments/captures/", 1, 503);
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        Assert.IsType<RefundResult.Succeeded>(await client.RefundCaptureAsync(_captureId, 1000, "EUR", _requestId, CancellationToken.None));
        Assert.Equal(2, _simulator.RequestsTo("/v2/payments/captures/").Count);
        Assert.Equal(1, _simulator.PayPalRefundCount);
    }

    [Fact]
    public async Task RefundCapture_TokenRejected_RefreshesTokenOnce()
    {
        _simulator.SetPayPalCapture(_captureId, 1000, "EUR");
        _simulator.FailNext("/v2/payments/captures/", 1, 401);
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        Assert.IsType<RefundResult.Succeeded>(await client.RefundCaptureAsync(_captureId, 1000, "EUR", _requestId, CancellationToken.None));
        Assert.Equal(2, _simulator.RequestsTo("/v1/oauth2/token").Count);
    }

    [Fact]
    public async Task RefundCapture_WrongCredentials_Unavailable()
    {
        _simulator.SetPayPalCapture(_captureId, 1000, "EUR");
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl, o => o.ClientSecret = "wrong");

        Assert.IsType<RefundResult.Unavailable>(await client.RefundCaptureAsync(_captureId, 1000, "EUR", _requestId, CancellationToken.None));
        Assert.Empty(_simulator.RequestsTo("/v2/payments/captures/"));
    }

    [Fact]
    public async Task RefundCapture_ProviderDown_Unavailable()
    {
        using var client = PaymentClients.PayPal(_http, await PaymentClients.DeadBaseUrlAsync());

        Assert.IsType<RefundResult.Unavailable>(await client.RefundCaptureAsync(_captureId, 1000, "EUR", _requestId, CancellationToken.None));
    }

    [Fact]
    public async Task GetOrder_CompletedWithCapture_FoundAsTheCaptureWebhookWouldReadIt()
    {
        _simulator.SetPayPalOrder("8AB12345CD678901E", "ord_1", 1050, "USD", "COMPLETED", _captureId);
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        var found = Assert.IsType<PayPalOrderLookup.Found>(await client.GetOrderAsync("8AB12345CD678901E", CancellationToken.None));

        Assert.Equal("COMPLETED", found.Status);
        Assert.Equal(
            new Gateway.Webhooks.PaymentNotification(
                "paypal", "reconciliation", Gateway.Webhooks.PaymentOutcome.Succeeded, "ord_1", 1050, "USD", _captureId, "8AB12345CD678901E"),
            found.Payment);
    }

    [Fact]
    public async Task GetOrder_ApprovedNotCaptured_FoundWithoutPayment()
    {
        _simulator.SetPayPalOrder("8AB12345CD678901E", "ord_1", 1050, "USD", "APPROVED");
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        Assert.Equal(new PayPalOrderLookup.Found("APPROVED", null), await client.GetOrderAsync("8AB12345CD678901E", CancellationToken.None));
    }

    [Fact]
    public async Task GetOrder_Unknown_NotFound()
    {
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        Assert.IsType<PayPalOrderLookup.NotFound>(await client.GetOrderAsync("UNKNOWN0000000000", CancellationToken.None));
    }

    [Fact]
    public async Task GetOrder_ServerError_Unavailable()
    {
        _simulator.SetPayPalOrder("8AB12345CD678901E", "ord_1", 1050, "USD", "COMPLETED", _captureId);
        _simulator.FailNext("/v2/checkout/orders/", 3);
        using var client = PaymentClients.PayPal(_http, _simulator.BaseUrl);

        Assert.IsType<PayPalOrderLookup.Unavailable>(await client.GetOrderAsync("8AB12345CD678901E", CancellationToken.None));
    }
}
