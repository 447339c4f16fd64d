using System.Net;
using System.Text.Json.Nodes;
using Orleans.Delivery.Testing;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Webhooks;

/// <summary>
/// PesaPal IPNs: the gateway records the notice and acknowledges it; a silo asks the PesaPal simulator for the
/// transaction status, and only that answer moves the order.
/// </summary>
public sealed class PesaPalWebhookTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private const string StatusPath = "/api/Transactions/GetTransactionStatus";

    private readonly Shop _shop = fixture.Shop;

    private PaymentProviderSimulator PesaPal => _shop.Payments;

    [Fact]
    public async Task IpnWhoseLookupSaysCompleted_AcknowledgedAtOnceThenConfirmedBySilo()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);
        // PesaPal's status endpoint does not answer until released: a gateway that looked the status up on the
        // request path would not answer the IPN within the bound.
        var lookup = PesaPal.HoldNext(StatusPath);

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId).WaitAsync(TimeSpan.FromSeconds(20));
        var beforeLookup = await _shop.GetOrderAsync(order.OrderId);
        lookup.SetResult();
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var acknowledgement = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)acknowledgement["status"]!);
        Assert.Equal(trackingId, (string?)acknowledgement["orderTrackingId"]);
        Assert.Equal(order.OrderId, (string?)acknowledgement["orderMerchantReference"]);
        Assert.Equal("pending_payment", beforeLookup.Status);
        Assert.Single(PesaPal.RequestsTo(StatusPath), r => r.QueryString.Contains(trackingId, StringComparison.Ordinal));
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        var payment = Assert.Single(after.Payments);
        Assert.Equal(("pesapal", Shop.CoursePrice, "KES", trackingId), (payment.Provider, payment.AmountMinor!.Value, payment.Currency!, payment.Reference!));
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task IpnWhoseLookupSaysFailed_NotConfirmedFailureRecorded()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 2, 2500m, "KES", order.OrderId);

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("pending_payment", after.Status);
        Assert.Null(after.PaidAt);
        Assert.Empty(after.Payments);
        Assert.Single(after.History, h => h.Cause.Contains($"{trackingId}:failed failed", StringComparison.Ordinal));
        Assert.Equal(0, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task IpnWhoseLookupSaysPending_NotConfirmedUntilALaterIpnFindsItCompleted()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 0, 2500m, "KES", order.OrderId);

        using var first = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();
        var whilePending = await _shop.GetOrderAsync(order.OrderId);
        var lookupsWhilePending = await _shop.OutboxAsync(order.OrderId);
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);
        using var second = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        Assert.Equal("pending_payment", whilePending.Status);
        Assert.Empty(whilePending.Payments);
        Assert.DoesNotContain(whilePending.History, h => h.Cause.Contains("failed", StringComparison.Ordinal));
        Assert.Equal(EffectStatus.Done, Assert.Single(lookupsWhilePending).Status);
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
    }

    [Fact]
    public async Task ForgedIpnForATransactionPesaPalDoesNotKnow_NotConfirmed()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);

        using var response = await _shop.PostPesaPalIpnAsync(Guid.NewGuid().ToString(), order.OrderId);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("pending_payment", after.Status);
        Assert.Empty(after.Payments);
    }

    [Fact]
    public async Task IpnPointingAtAnotherOrdersCompletedPayment_NotConfirmed()
    {
        var payer = await _shop.CreateOrderAsync(Shop.Course);
        var freeloader = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", payer.OrderId);

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, freeloader.OrderId);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(freeloader.OrderId);
        Assert.Equal("pending_payment", after.Status);
        Assert.Empty(after.Payments);
        Assert.Equal(0, _shop.EmailsTo(freeloader.Customer.Email));
        Assert.Contains(_shop.LogLines, l => l.Contains("[3107]", StringComparison.Ordinal) && l.Contains(freeloader.OrderId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameCompletedPaymentNotifiedTwice_ConfirmedOnce()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);

        using var first = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        using var second = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();
        using var late = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(3, PesaPal.RequestsTo(StatusPath).Count(r => r.QueryString.Contains(trackingId, StringComparison.Ordinal)));
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Single(after.Payments);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Single(await _shop.OutboxAsync(order.OrderId), e => e.Name == "delivery-email");
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task LookupUnavailable_RetriedByTheOutboxThenConfirmed()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);
        PesaPal.FailNext(StatusPath, 1);

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();
        var whileDown = await _shop.GetOrderAsync(order.OrderId);
        var lookup = Assert.Single(await _shop.OutboxAsync(order.OrderId), e => e.Name == "payment-lookup");
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("pending_payment", whileDown.Status);
        Assert.Equal(EffectStatus.Pending, lookup.Status);
        Assert.Contains("unavailable", lookup.LastError, StringComparison.Ordinal);
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
    }

    [Fact]
    public async Task AmountMismatch_FlaggedForReviewNothingFulfilledAlertRaised()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 25m, "KES", order.OrderId);

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("manual_review", after.Status);
        Assert.All(after.Lines, l => Assert.False(l.Delivered));
        Assert.Equal(0, _shop.EmailsTo(order.Customer.Email));
        Assert.Contains("payment-mismatch", await _shop.AlertKindsAsync(order.OrderId));
    }

    [Fact]
    public async Task ReversedAfterDelivery_OrderReversedDownloadsRevokedAlertRaised()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);
        using var paid = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        PesaPal.SetPesaPalStatus(trackingId, 3, 2500m, "KES", order.OrderId);
        using var reversed = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("reversed", after.Status);
        Assert.Equal("reversed", Assert.Single(after.Payments).Outcome);
        Assert.Contains(after.History, h => h.Cause.Contains("downloads revoked", StringComparison.Ordinal));
        Assert.Contains("payment-reversed", await _shop.AlertKindsAsync(order.OrderId));
        using var customer = await _shop.SendAsync(HttpMethod.Get, $"/admin/customers/{Uri.EscapeDataString(order.CustomerId)}", Shop.AdminKey);
        var entitlements = JsonNode.Parse(await customer.Content.ReadAsStringAsync())!["entitlements"]!.AsArray();
        Assert.NotEmpty(entitlements);
        Assert.All(entitlements, e => Assert.True((bool)e!["revoked"]!, e.ToJsonString()));
    }

    [Fact]
    public async Task IpnAsGetQuery_RecordedLikeAPost()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);

        using var response = await _shop.Http.GetAsync(new Uri(
            _shop.Gateway, $"/webhooks/pesapal?OrderTrackingId={trackingId}&OrderMerchantReference={order.OrderId}&OrderNotificationType=IPNCHANGE"));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
    }

    [Fact]
    public async Task IpnForUnknownOrder_AcknowledgedKeptAndNeverLookedUp()
    {
        var reference = Shop.NewId("ord");
        var trackingId = Guid.NewGuid().ToString();
        var seen = PesaPal.Requests.Count;

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, reference);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!);
        Assert.Contains(await _shop.UnmatchedWebhooksAsync(), w => w.Contains(trackingId, StringComparison.Ordinal));
        Assert.Equal(seen, PesaPal.Requests.Count);
    }

    [Theory]
    [InlineData("{\"OrderMerchantReference\":\"ord_x\",\"OrderNotificationType\":\"IPNCHANGE\"}", WebhookErrorCodes.MissingTrackingId)]
    [InlineData("{\"OrderTrackingId\":\"abc\",\"OrderNotificationType\":\"IPNCHANGE\"}", WebhookErrorCodes.MissingMerchantReference)]
    [InlineData("{\"OrderTrackingId\":", WebhookErrorCodes.MalformedJson)]
    public async Task IpnMissingFieldOrMalformed_400AndNothingRecorded(string body, string code)
    {
        var inbox = (await _shop.UnmatchedWebhooksAsync()).Count;

        using var response = await _shop.Http.PostAsync(
            new Uri(_shop.Gateway, "/webhooks/pesapal"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
        Assert.Equal(inbox, (await _shop.UnmatchedWebhooksAsync()).Count);
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task CompletedFlow_NoCredentialOrTokenInAnyLog()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        PesaPal.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
        Assert.NotEmpty(PesaPal.RequestsTo("/api/Auth/RequestToken"));
        Assert.DoesNotContain(_shop.LogLines, l => l.Contains(PaymentProviderSimulator.PesaPalConsumerSecret, StringComparison.Ordinal)
            || l.Contains("pesapal-sim-token", StringComparison.Ordinal));
        _shop.AssertNoErrorsLogged();
    }
}
