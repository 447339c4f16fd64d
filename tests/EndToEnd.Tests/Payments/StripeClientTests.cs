using Orleans.Delivery.EndToEnd.Tests.Servers;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Silo.Payments;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Payments;

public sealed class StripeClientTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly string _paymentIntent = "pi_" + Guid.NewGuid().ToString("N");
    private readonly string _key = "refund-" + Guid.NewGuid().ToString("N");
    private PaymentProviderSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await PaymentProviderSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Refund_SameIdempotencyKeyTwice_OneRefund()
    {
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl);

        var first = await client.RefundAsync(_paymentIntent, 2000, _key, CancellationToken.None);
        var second = await client.RefundAsync(_paymentIntent, 2000, _key, CancellationToken.None);

        var succeeded = Assert.IsType<RefundResult.Succeeded>(first);
        Assert.Equal(first, second);
        Assert.StartsWith("re_", succeeded.RefundId, StringComparison.Ordinal);
        Assert.Equal(1, _simulator.StripeRefundCount);
    }

    [Fact]
    public async Task Refund_SendsBearerKeyIdempotencyKeyAndForm()
    {
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl);

        await client.RefundAsync(_paymentIntent, 500, _key, CancellationToken.None);

        var request = Assert.Single(_simulator.RequestsTo("/v1/refunds"));
        Assert.Equal($"Bearer {PaymentProviderSimulator.StripeSecretKey}", request.Headers["Authorization"]);
        Assert.Equal(_key, request.Headers["Idempotency-Key"]);
        Assert.Equal($"payment_intent={_paymentIntent}&amount=500", request.Body);
    }

    [Fact]
    public async Task Refund_TransientFailures_RetriedWithSameKey_OneRefund()
    {
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        _simulator.FailNext("/v1/refunds", 2, 500);
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl);

        var result = await client.RefundAsync(_paymentIntent, null, _key, CancellationToken.None);

        Assert.IsType<RefundResult.Succeeded>(result);
        var attempts = _simulator.RequestsTo("/v1/refunds");
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(_key, a.Headers["Idempotency-Key"]));
        Assert.Equal(1, _simulator.StripeRefundCount);
    }

    [Fact]
    public async Task Refund_TransientFailures_PollyReportsTheRetriesOfTheStripePipeline()
    {
        using var events = new ResilienceEvents();
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        _simulator.FailNext("/v1/refunds", 2, 503);
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl);

        Assert.IsType<RefundResult.Succeeded>(await client.RefundAsync(_paymentIntent, null, _key, CancellationToken.None));

        // Other tests may retry Stripe calls meanwhile: at least this refund's two retries.
        Assert.True(events.Count(ProviderHttp.PipelineKey(PaymentProviders.Stripe), "OnRetry") >= 2, events.ToString());
    }

    [Fact]
    public async Task Refund_AlreadyRefundedWithAnotherKey_Rejected()
    {
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl);
        await client.RefundAsync(_paymentIntent, null, _key, CancellationToken.None);

        var result = await client.RefundAsync(_paymentIntent, null, _key + "-other", CancellationToken.None);

        Assert.Equal(new RefundResult.Rejected("charge_already_refunded"), result);
        Assert.Equal(1, _simulator.StripeRefundCount);
    }

    [Fact]
    public async Task Refund_UnknownPaymentIntent_Rejected()
    {
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl);

        Assert.Equal(new RefundResult.Rejected("resource_missing"), await client.RefundAsync(_paymentIntent, 100, _key, CancellationToken.None));
    }

    [Fact]
    public async Task Refund_WrongApiKey_Unavailable()
    {
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl, o => o.SecretKey = "sk_test_wrong");

        Assert.IsType<RefundResult.Unavailable>(await client.RefundAsync(_paymentIntent, 100, _key, CancellationToken.None));
        Assert.Equal(0, _simulator.StripeRefundCount);
    }

    [Fact]
    public async Task Refund_ProviderTooSlow_AttemptTimesOutAndRetryAnswers()
    {
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        var held = _simulator.HoldNext("/v1/refunds");
        // The held attempt times out whatever the limit; the retry must answer within it, also on a busy machine.
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl, o => o.AttemptTimeout = TimeSpan.FromSeconds(3));

        var result = await client.RefundAsync(_paymentIntent, 2000, _key, CancellationToken.None);
        held.SetResult();

        Assert.IsType<RefundResult.Succeeded>(result);
        Assert.Equal(2, _simulator.RequestsTo("/v1/refunds").Count);
    }

    [Fact]
    public async Task Refund_ProviderTooSlowWithoutRetries_Unavailable()
    {
        _simulator.SetStripePaymentIntent(_paymentIntent, 2000, "USD");
        var held = _simulator.HoldNext("/v1/refunds");
        var client = PaymentClients.Stripe(_http, _simulator.BaseUrl, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetryAttempts = 0;
        });

        var result = await client.RefundAsync(_paymentIntent, 2000, _key, CancellationToken.None);
        held.SetResult();

        Assert.Equal(new RefundResult.Unavailable("timed out"), result);
    }

    [Fact]
    public async Task Refund_ProviderDown_Unavailable()
    {
        var client = PaymentClients.Stripe(_http, await PaymentClients.DeadBaseUrlAsync());

        Assert.IsType<RefundResult.Unavailable>(await client.RefundAsync(_paymentIntent, 100, _key, CancellationToken.None));
    }
}
