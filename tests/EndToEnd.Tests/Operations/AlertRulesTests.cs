using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>
/// Each operations alert rule, driven by the test clock and the supplier simulator: it fires once when its condition
/// starts (an <c>alerts</c> entry, an operator email, a post to the alert webhook), stays quiet while it holds, and
/// resolves once when it clears. Test orders never count. Each test has a shop of its own: the rules are cluster-wide.
/// </summary>
public sealed class AlertRulesTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private CodeShop _shop = null!;
    private AlertWebhookReceiver _webhook = null!;

    private IAlertsGrain Alerts => _shop.Grains.GetGrain<IAlertsGrain>(IAlertsGrain.Default);

    public async Task InitializeAsync()
    {
        _webhook = await AlertWebhookReceiver.StartAsync();
        _shop = await CodeShop.StartAsync(TestStore.Sqlite, smtp.Server, silos: 1, configure: options => options.Configuration["Alerts:WebhookUrl"] = _webhook.Url.ToString());
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    [Fact]
    public async Task SupplierSlow_AverageAboveThreeSecondsThenWindowPasses_FiresOnceResolvesOnce()
    {
        _shop.Supplier.Script(_shop.SupplierSku, SupplierBehaviour.Slow(TimeSpan.FromSeconds(4)));
        var buyer = await _shop.CreateOrderAsync();
        await _shop.PayAsync(buyer);
        await AnswerSlowSupplierAsync(buyer);

        await EvaluateTwiceAsync();
        var open = await Alerts.GetOpenAsync();
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(6));
        await EvaluateTwiceAsync();

        Assert.Contains(open, a => a.Rule == AlertRules.SupplierSlow);
        await AssertFiredAndResolvedOnceAsync(AlertRules.SupplierSlow);

        // The delivery log shows the code masked to its last 4 characters, never whole.
        var code = Assert.Single((await _shop.OrderAsync(buyer)).Codes).Code;
        var logged = (await _shop.Cluster.StreamAsync(OperationsStreams.Deliveries, buyer.OrderId)).Select(e => JsonNode.Parse(e.Entry)!).ToList();
        Assert.Contains(logged, e => e["items"]!.AsArray().Any(i => (string?)i == $"{_shop.Sku}: ••••{code[^4..]}"));
        Assert.DoesNotContain(logged, e => e.ToJsonString().Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OrderFailureRate_SupplierFailsAnOrderThenWindowPasses_FiresOnceResolvesOnce()
    {
        _shop.Supplier.Script(_shop.SupplierSku, SupplierBehaviour.Failed());
        var buyer = await _shop.CreateOrderAsync();
        await _shop.PayAsync(buyer);
        await _shop.Cluster.DrainAsync();

        await EvaluateTwiceAsync();
        var open = await Alerts.GetOpenAsync();
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(31));
        await EvaluateTwiceAsync();

        Assert.Contains(open, a => a.Rule == AlertRules.OrderFailureRate && a.Message.Contains("1 failed", StringComparison.Ordinal));
        await AssertFiredAndResolvedOnceAsync(AlertRules.OrderFailureRate);
    }

    [Fact]
    public async Task TestOrders_FailingAndSlow_NeverCount()
    {
        _shop.Supplier.Script(_shop.SupplierSku, SupplierBehaviour.Failed());
        var cart = await _shop.Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).PriceAsync([new CartItem(_shop.Sku, 1)]);
        var orderId = $"test-{Guid.NewGuid():N}";
        var created = await _shop.Grains.GetGrain<IOrderGrain>(orderId).CreateAsync(new NewOrder(new CustomerInfo($"tester-{Guid.NewGuid():N}@example.test"), cart, Test: true));
        Assert.True(created.Created, created.Error);
        await _shop.PayAsync(new Buyer(orderId, created.Order!.Customer.Email, cart.AmountMinor));
        await _shop.Cluster.DrainAsync();

        await EvaluateTwiceAsync();

        Assert.Equal("refunding", (await _shop.Grains.GetGrain<IOrderGrain>(orderId).GetAsync())!.Status);
        Assert.Empty(await Alerts.GetOpenAsync());
        Assert.Empty(await RuleEntriesAsync(null));
    }

    [Fact]
    public async Task SupplierBalanceLow_BelowFifthOfTypicalDailySpendThenToppedUp_FiresOnceResolvesOnce()
    {
        // Two codes bought at 20.00 USD: the typical daily spend is 40.00 / 7 = 5.71, so the balance is low under 1.14.
        for (var i = 0; i < 2; i++)
        {
            await _shop.PayAsync(await _shop.CreateOrderAsync());
        }

        _shop.Supplier.Balance = 100m;
        await EvaluateTwiceAsync();
        var beforeLow = await Alerts.GetOpenAsync();
        _shop.Supplier.Balance = 1m;
        await EvaluateTwiceAsync();
        var open = await Alerts.GetOpenAsync();
        _shop.Supplier.Balance = 1000m;
        await EvaluateTwiceAsync();

        Assert.DoesNotContain(beforeLow, a => a.Rule == AlertRules.SupplierBalanceLow);
        Assert.Contains(open, a => a.Rule == AlertRules.SupplierBalanceLow && a.Message.Contains("1.00 USD", StringComparison.Ordinal)
            && a.Message.Contains("5.71", StringComparison.Ordinal));
        await AssertFiredAndResolvedOnceAsync(AlertRules.SupplierBalanceLow);
    }

    [Fact]
    public async Task SupplierBalanceRead_SupplierHoldsItsAnswer_EvaluationAndOpenAlertsAnswerMeanwhile()
    {
        await _shop.Cluster.DrainAsync();
        _shop.Supplier.HoldBalance();
        IReadOnlyList<OpenAlert> open;
        SupplierBalanceReading? meanwhile;
        try
        {
            await Alerts.EvaluateAsync().WaitAsync(Bound);
            await Poll.UntilAsync(
                () => Task.FromResult(_shop.Supplier.RequestCount(SupplierEndpoint.GetBalance) == 1), Bound, "the balance read reaches the supplier");

            // The read is held by the supplier: evaluations and listings answer all the same, and ask for no second read.
            await Alerts.EvaluateAsync().WaitAsync(Bound);
            open = await Alerts.GetOpenAsync().WaitAsync(Bound);
            meanwhile = await Alerts.GetSupplierBalanceAsync().WaitAsync(Bound);
        }
        finally
        {
            _shop.Supplier.ReleaseBalance();
        }

        await _shop.Cluster.DrainAsync();
        var read = await Alerts.GetSupplierBalanceAsync();

        Assert.Empty(open);
        Assert.Null(meanwhile);
        Assert.Equal(1, _shop.Supplier.RequestCount(SupplierEndpoint.GetBalance));
        Assert.Equal((_shop.Supplier.Balance, "USD"), (read?.Amount, read?.Currency));
    }

    [Fact]
    public async Task PaidUndelivered_OrderStuckPastTenMinutesThenDeliveredByHand_FiresOnceResolvesOnce()
    {
        _shop.Supplier.Script(_shop.SupplierSku, SupplierBehaviour.PendingForever);
        var buyer = await _shop.CreateOrderAsync();
        await _shop.PayAsync(buyer);
        await _shop.Cluster.DrainAsync();
        await EvaluateTwiceAsync();
        var early = await Alerts.GetOpenAsync();

        await _shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(11));
        await EvaluateTwiceAsync();
        var open = await Alerts.GetOpenAsync();
        var answer = await _shop.Grains.GetGrain<IOrderGrain>(buyer.OrderId).MarkDeliveredAsync([new DeliveredCode("HAND-DELIVERED-1")], "ops");
        await _shop.Cluster.DrainAsync();
        await _shop.DeliveryEmailAsync(buyer);
        await EvaluateTwiceAsync();

        Assert.DoesNotContain(early, a => a.Rule == AlertRules.PaidUndelivered);
        Assert.Contains(open, a => a.Rule == AlertRules.PaidUndelivered);
        Assert.True(answer.Changed, answer.Error);
        Assert.Equal("delivered", (await _shop.OrderAsync(buyer)).Status);
        await AssertFiredAndResolvedOnceAsync(AlertRules.PaidUndelivered);
    }

    [Fact]
    public async Task WebhookFailures_ForgedSignatureThenAnHourPasses_FiresOnceResolvesOnce()
    {
        var payload = """{"id":"evt_forged","type":"payment_intent.succeeded","data":{"object":{}}}""";
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") })
        {
            request.Headers.Add("Stripe-Signature", "t=1,v1=0000000000000000000000000000000000000000000000000000000000000000");
            using var response = await _shop.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The gateway reports the failure once its answer is out: wait for it to reach the table.
        await Poll.UntilAsync(
            async () => (await _shop.Cluster.StreamAsync(OperationsStreams.WebhookFailures)).Count == 1,
            TimeSpan.FromSeconds(30),
            "the refused webhook is recorded");

        await EvaluateTwiceAsync();
        var open = await Alerts.GetOpenAsync();
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(61));
        await EvaluateTwiceAsync();

        Assert.Contains(open, a => a.Rule == AlertRules.WebhookFailures && a.Message.Contains("stripe answered 401", StringComparison.Ordinal));
        await AssertFiredAndResolvedOnceAsync(AlertRules.WebhookFailures);
    }

    /// <summary>The supplier holds its answer 4 s on the test clock: move the clock until the order has its codes.</summary>
    private async Task AnswerSlowSupplierAsync(Buyer buyer) =>
        await Poll.UntilAsync(
            async () =>
            {
                _shop.Cluster.Time.Advance(TimeSpan.FromSeconds(1));
                return (await _shop.OrderAsync(buyer)).Status is "delivering" or "delivered";
            },
            TimeSpan.FromSeconds(60),
            "the slow supplier answers");

    /// <summary>Evaluates twice in a row: a condition that still holds (or still does not) must not raise anything again.</summary>
    private async Task EvaluateTwiceAsync()
    {
        await _shop.Cluster.DrainAsync();
        await Alerts.EvaluateAsync();
        await _shop.Cluster.DrainAsync();
        await Alerts.EvaluateAsync();
        await _shop.Cluster.DrainAsync();
    }

    private async Task<IReadOnlyList<AlertRecord>> RuleEntriesAsync(string? rule) =>
        (await _shop.Cluster.StreamAsync(OperationsStreams.Alerts, IAlertsGrain.Default))
            .Select(e => JsonSerializer.Deserialize(e.Entry, OperationsJson.Default.AlertRecord)!)
            .Where(a => rule is null || a.Kind == rule)
            .ToList();

    private async Task AssertFiredAndResolvedOnceAsync(string rule)
    {
        var entries = await RuleEntriesAsync(rule);
        Assert.Equal(["resolved", "firing"], entries.Select(e => e.Status));
        var posted = _webhook.Received.Where(b => (string?)b["rule"] == rule).ToList();
        Assert.Equal(["firing", "resolved"], posted.Select(b => (string?)b["status"]));
        Assert.StartsWith($"ALERT {rule}: ", (string?)posted[0]["text"], StringComparison.Ordinal);
        Assert.StartsWith($"RESOLVED {rule}: ", (string?)posted[1]["text"], StringComparison.Ordinal);
        var mails = await _shop.Smtp.WaitForMessagesToAsync(_shop.Operators, 1, CodeShop.MailWait);
        Assert.Contains(mails, m => m.Subject.Contains($"Alert {rule}", StringComparison.Ordinal));
        await Poll.UntilAsync(
            async () => (await _shop.MailTo(_shop.Operators)).Count(m => m.Subject.Contains($"Resolved {rule}", StringComparison.Ordinal)) == 1,
            CodeShop.MailWait,
            $"the {rule} resolved email arrives");
        Assert.Single(await _shop.MailTo(_shop.Operators), m => m.Subject.Contains($"Alert {rule}", StringComparison.Ordinal));
    }
}
