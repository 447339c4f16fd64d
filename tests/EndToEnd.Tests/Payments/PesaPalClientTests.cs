using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Silo.Payments;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Payments;

public sealed class PesaPalClientTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly string _trackingId = Guid.NewGuid().ToString();
    private readonly string _orderId = "ord_" + Guid.NewGuid().ToString("N");
    private PaymentProviderSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await PaymentProviderSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetTransactionStatus_SeveralCalls_OneTokenRequest()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 2500m, "KES", _orderId);
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        for (var i = 0; i < 5; i++)
        {
            Assert.IsType<PesaPalStatusResult.Found>(await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None));
        }

        Assert.Single(_simulator.RequestsTo("/api/Auth/RequestToken"));
        Assert.Equal(5, _simulator.RequestsTo("/api/Transactions/GetTransactionStatus").Count);
    }

    [Fact]
    public async Task GetTransactionStatus_ConcurrentCallsWithoutToken_OneTokenRequest()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 2500m, "KES", _orderId);
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetTransactionStatusAsync(_trackingId, CancellationToken.None)));

        Assert.All(results, r => Assert.IsType<PesaPalStatusResult.Found>(r));
        Assert.Single(_simulator.RequestsTo("/api/Auth/RequestToken"));
    }

    [Fact]
    public async Task GetTransactionStatus_TokenNearExpiry_RequestsNewToken()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 2500m, "KES", _orderId);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl, clock);
        await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(4));
        await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);
        Assert.Single(_simulator.RequestsTo("/api/Auth/RequestToken"));

        clock.Advance(TimeSpan.FromSeconds(31));
        await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);
        Assert.Equal(2, _simulator.RequestsTo("/api/Auth/RequestToken").Count);
    }

    [Fact]
    public async Task GetTransactionStatus_TokenRejected_RefreshesTokenOnce()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 2500m, "KES", _orderId);
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);
        await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);
        _simulator.FailNext("/api/Transactions/GetTransactionStatus", 1, 401);

        var result = await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);

        Assert.IsType<PesaPalStatusResult.Found>(result);
        Assert.Equal(2, _simulator.RequestsTo("/api/Auth/RequestToken").Count);
    }

    [Theory]
    [InlineData(0, PesaPalStatusCode.Invalid, PaymentOutcome.Unrecognised)]
    [InlineData(1, PesaPalStatusCode.Completed, PaymentOutcome.Succeeded)]
    [InlineData(2, PesaPalStatusCode.Failed, PaymentOutcome.Failed)]
    [InlineData(3, PesaPalStatusCode.Reversed, PaymentOutcome.Reversed)]
    public async Task GetTransactionStatus_StatusCode_Mapped(int code, PesaPalStatusCode expected, PaymentOutcome outcome)
    {
        _simulator.SetPesaPalStatus(_trackingId, code, 1500.50m, "KES", _orderId, confirmationCode: "CONF1");
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        var found = Assert.IsType<PesaPalStatusResult.Found>(await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None));

        Assert.Equal(expected, found.Status.StatusCode);
        Assert.Equal(150050, found.Status.AmountMinor);
        Assert.Equal("KES", found.Status.Currency);
        Assert.Equal(_orderId, found.Status.MerchantReference);
        Assert.Equal("CONF1", found.Status.ConfirmationCode);
        Assert.Equal(
            new PaymentNotification("pesapal", $"{_trackingId}:{expected.ToString().ToLowerInvariant()}", outcome, _orderId, 150050, "KES", _trackingId),
            found.Status.ToNotification());
    }

    [Fact]
    public async Task GetTransactionStatus_UnknownTrackingId_Invalid()
    {
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        var found = Assert.IsType<PesaPalStatusResult.Found>(await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None));

        Assert.Equal(PesaPalStatusCode.Invalid, found.Status.StatusCode);
        Assert.Null(found.Status.ConfirmationCode);
    }

    [Fact]
    public async Task GetTransactionStatus_TransientFailures_RetriedUntilAnswered()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 10m, "USD", _orderId);
        _simulator.FailNext("/api/Transactions/GetTransactionStatus", 2, 503);
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        var result = await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);

        Assert.Equal(PesaPalStatusCode.Completed, Assert.IsType<PesaPalStatusResult.Found>(result).Status.StatusCode);
        Assert.Equal(3, _simulator.RequestsTo("/api/Transactions/GetTransactionStatus").Count);
    }

    [Fact]
    public async Task GetTransactionStatus_FailsBeyondRetries_Unavailable()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 10m, "USD", _orderId);
        _simulator.FailNext("/api/Transactions/GetTransactionStatus", 3, 502);
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        var result = await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);

        Assert.IsType<PesaPalStatusResult.Unavailable>(result);
    }

    [Fact]
    public async Task GetTransactionStatus_ProviderDown_Unavailable()
    {
        using var client = PaymentClients.PesaPal(_http, await PaymentClients.DeadBaseUrlAsync());

        var result = await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);

        Assert.IsType<PesaPalStatusResult.Unavailable>(result);
    }

    [Fact]
    public async Task GetTransactionStatus_WrongCredentials_UnavailableWithReason()
    {
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl, configure: o => o.ConsumerSecret = "wrong");

        var result = await client.GetTransactionStatusAsync(_trackingId, CancellationToken.None);

        Assert.Contains("invalid_consumer_key_or_secret_provided", Assert.IsType<PesaPalStatusResult.Unavailable>(result).Reason, StringComparison.Ordinal);
        Assert.Empty(_simulator.RequestsTo("/api/Transactions/GetTransactionStatus"));
    }

    [Fact]
    public async Task Refund_CompletedPayment_AcceptedOnceThenRejected()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 100m, "KES", _orderId, confirmationCode: "AA11BB22");
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        var first = await client.RefundAsync("AA11BB22", 10000, "KES", "ops", "customer asked", CancellationToken.None);
        var second = await client.RefundAsync("AA11BB22", 10000, "KES", "ops", "customer asked", CancellationToken.None);

        Assert.Equal(new RefundResult.Succeeded("AA11BB22"), first);
        Assert.IsType<RefundResult.Rejected>(second);
        Assert.Equal(1, _simulator.PesaPalRefundCount);
        Assert.Contains("\"amount\":\"100.00\"", _simulator.RequestsTo("/api/Transactions/RefundRequest")[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_ServerErrorAfterSending_NotRetried()
    {
        _simulator.SetPesaPalStatus(_trackingId, 1, 100m, "KES", _orderId, confirmationCode: "CC33");
        _simulator.FailNext("/api/Transactions/RefundRequest", 1, 500);
        using var client = PaymentClients.PesaPal(_http, _simulator.BaseUrl);

        var result = await client.RefundAsync("CC33", 10000, "KES", "ops", "r", CancellationToken.None);

        Assert.IsType<RefundResult.Unavailable>(result);
        Assert.Single(_simulator.RequestsTo("/api/Transactions/RefundRequest"));
    }

    [Fact]
    public void Construct_MissingCredentials_Throws() =>
        Assert.Throws<OptionsValidationException>(() => PaymentClients.PesaPal(_http, _simulator.BaseUrl, configure: o => o.ConsumerKey = ""));
}
