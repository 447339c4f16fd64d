using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Silo.Payments;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Payments;

public sealed class PaymentRefundsTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly string _reference = Guid.NewGuid().ToString("N");
    private readonly string _key = "order-" + Guid.NewGuid().ToString("N") + ":refund";
    private PaymentProviderSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await PaymentProviderSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task RefundAsync_Stripe_RefundsOnceForRepeatedKey()
    {
        _simulator.SetStripePaymentIntent(_reference, 999, "USD");
        var refunds = Create(_simulator.BaseUrl);

        var first = await refunds.RefundAsync("stripe", _reference, 999, "USD", _key, CancellationToken.None);
        var again = await refunds.RefundAsync("stripe", _reference, 999, "USD", _key, CancellationToken.None);

        Assert.IsType<RefundResult.Succeeded>(first);
        Assert.Equal(first, again);
        Assert.Equal(1, _simulator.StripeRefundCount);
    }

    [Fact]
    public async Task RefundAsync_PayPal_RefundsOnceForRepeatedKey()
    {
        _simulator.SetPayPalCapture(_reference, 999, "USD");
        var refunds = Create(_simulator.BaseUrl);

        var first = await refunds.RefundAsync("paypal", _reference, 999, "USD", _key, CancellationToken.None);
        var again = await refunds.RefundAsync("paypal", _reference, 999, "USD", _key, CancellationToken.None);

        Assert.IsType<RefundResult.Succeeded>(first);
        Assert.Equal(first, again);
        Assert.Equal(1, _simulator.PayPalRefundCount);
    }

    [Fact]
    public async Task RefundAsync_PesaPalCompleted_RefundsAgainstConfirmationCode()
    {
        _simulator.SetPesaPalStatus(_reference, 1, 2500m, "KES", "ord_1", confirmationCode: "CONFX1");
        var refunds = Create(_simulator.BaseUrl);

        var result = await refunds.RefundAsync("pesapal", _reference, 250000, "KES", _key, CancellationToken.None);

        Assert.Equal(new RefundResult.Succeeded("CONFX1"), result);
        Assert.Equal(1, _simulator.PesaPalRefundCount);
        Assert.Contains("\"remarks\":\"Automated refund " + _key + "\"", _simulator.RequestsTo("/api/Transactions/RefundRequest")[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefundAsync_PesaPalAlreadyReversed_SucceedsWithoutNewRequest()
    {
        _simulator.SetPesaPalStatus(_reference, 3, 2500m, "KES", "ord_1", confirmationCode: "CONFX2");
        var refunds = Create(_simulator.BaseUrl);

        Assert.Equal(new RefundResult.Succeeded("CONFX2"), await refunds.RefundAsync("pesapal", _reference, 250000, "KES", _key, CancellationToken.None));
        Assert.Empty(_simulator.RequestsTo("/api/Transactions/RefundRequest"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public async Task RefundAsync_PesaPalNotCompleted_Rejected(int statusCode)
    {
        _simulator.SetPesaPalStatus(_reference, statusCode, 2500m, "KES", "ord_1");
        var refunds = Create(_simulator.BaseUrl);

        Assert.IsType<RefundResult.Rejected>(await refunds.RefundAsync("pesapal", _reference, 250000, "KES", _key, CancellationToken.None));
        Assert.Empty(_simulator.RequestsTo("/api/Transactions/RefundRequest"));
    }

    [Fact]
    public async Task RefundAsync_PesaPalCurrencyDiffers_Rejected()
    {
        _simulator.SetPesaPalStatus(_reference, 1, 2500m, "KES", "ord_1");
        var refunds = Create(_simulator.BaseUrl);

        Assert.IsType<RefundResult.Rejected>(await refunds.RefundAsync("pesapal", _reference, 2500, "USD", _key, CancellationToken.None));
    }

    [Theory]
    [InlineData("stripe")]
    [InlineData("paypal")]
    [InlineData("pesapal")]
    public async Task RefundAsync_ProviderDown_Unavailable(string provider)
    {
        var refunds = Create(await PaymentClients.DeadBaseUrlAsync());

        Assert.IsType<RefundResult.Unavailable>(await refunds.RefundAsync(provider, _reference, 100, "USD", _key, CancellationToken.None));
    }

    [Fact]
    public async Task RefundAsync_UnknownProvider_Rejected() =>
        Assert.IsType<RefundResult.Rejected>(await Create(_simulator.BaseUrl).RefundAsync("venmo", _reference, 100, "USD", _key, CancellationToken.None));

    [Fact]
    public async Task RefundAsync_ProviderNotConfigured_Unavailable() =>
        Assert.IsType<RefundResult.Unavailable>(await new PaymentRefunds().RefundAsync("stripe", _reference, 100, "USD", _key, CancellationToken.None));

    [Fact]
    public async Task AddPaymentProviderClients_FromConfiguration_RefundsThroughSimulator()
    {
        _simulator.SetStripePaymentIntent(_reference, 700, "EUR");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Payments:Stripe:BaseUrl"] = _simulator.BaseUrl.AbsoluteUri,
            ["Payments:Stripe:SecretKey"] = PaymentProviderSimulator.StripeSecretKey,
            ["Payments:Stripe:RetryBaseDelay"] = "00:00:00",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddPaymentProviderClients(configuration.GetSection("Payments")).BuildServiceProvider();

        var result = await services.GetRequiredService<IPaymentRefunds>().RefundAsync("stripe", _reference, 700, "EUR", _key, CancellationToken.None);

        Assert.IsType<RefundResult.Succeeded>(result);
        Assert.Null(services.GetService<PayPalClient>());
    }

    [Fact]
    public void AddPaymentProviderClients_InvalidSection_FailsValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Payments:PayPal:BaseUrl"] = "not a url",
            ["Payments:PayPal:ClientId"] = "id",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddPaymentProviderClients(configuration.GetSection("Payments")).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PayPalClientOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.Contains("ClientSecret", StringComparison.Ordinal));
    }

    private PaymentRefunds Create(Uri baseUrl) =>
        new(PaymentClients.Stripe(_http, baseUrl), PaymentClients.PayPal(_http, baseUrl), PaymentClients.PesaPal(_http, baseUrl));
}
