using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>
/// A paid order for a supplier code, from the payment to the email, through every way the supplier and the network
/// fail: silos of a <see cref="TestCluster"/>, its gateway, the supplier simulator and a real SMTP server, with the
/// clock driven by the test. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class SupplierCodeDeliveryTests(TestStore store, SmtpFixture smtpFixture)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Completed_PaidThroughStripe_OneEmailWithTheCodeAndTheOrderPageShowsIt()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var buyer = await shop.CreateOrderAsync();

        using var paid = await shop.PayWithStripeAsync(buyer);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        await shop.Cluster.DrainAsync();

        var bought = Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        var code = Assert.Single(bought.Items);
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal([new DeliveredCode(code.Code, code.Pin, null, SimulatedCode.RedeemInstructions)], order.Codes);

        var mail = await shop.DeliveryEmailAsync(buyer);
        Assert.Contains(code.Code, mail.Text, StringComparison.Ordinal);
        Assert.Contains(code.Pin!, mail.Text, StringComparison.Ordinal);
        Assert.Contains(code.Code, mail.Html, StringComparison.Ordinal);
        Assert.Contains(CodeShop.ProductName, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(SimulatedCode.RedeemInstructions, mail.Text, StringComparison.Ordinal);

        using var page = await shop.Http.GetAsync(CodeShop.OrderPagePath(mail));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Contains($"<code>{code.Code}</code>", html, StringComparison.Ordinal);
        Assert.Contains($"<code>{code.Pin}</code>", html, StringComparison.Ordinal);
        Assert.Contains(SimulatedCode.RedeemInstructions, html, StringComparison.Ordinal);
        Assert.Contains("Delivered", html, StringComparison.Ordinal);
        Assert.Contains("Codes &amp; Co", html, StringComparison.Ordinal);

        // Nothing else is due: no second purchase, no second email, however long we wait.
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        Assert.Single(shop.Supplier.Ledger);
        Assert.Single(await shop.MailTo(buyer.Email));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task PendingThenWebhook_DeliveredByTheWebhookWithoutPolling()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.PendingThenWebhookOnRelease());
        var buyer = await shop.CreateOrderAsync();
        using (var paid = await shop.PayWithStripeAsync(buyer))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await shop.Cluster.DrainAsync();
        Assert.Equal("awaiting_supplier", (await shop.OrderAsync(buyer)).Status);
        Assert.Empty(await shop.MailTo(buyer.Email));
        // While the poll is pending, the order holds its durable backstop.
        Assert.Equal([DeliveryGrain<OrderState>.BackstopReminder], await shop.Cluster.OrderRemindersAsync(buyer.OrderId));

        Assert.Equal(1, await shop.Supplier.ReleaseWebhooksAsync());
        var webhook = Assert.Single(shop.Supplier.WebhookDeliveries);
        Assert.Equal(200, webhook.StatusCode);
        await shop.Cluster.DrainAsync();

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        var code = Assert.Single(Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId)).Items);
        Assert.Equal(code.Code, Assert.Single(order.Codes).Code);
        Assert.Contains(code.Code, (await shop.DeliveryEmailAsync(buyer)).Text, StringComparison.Ordinal);

        // Nothing is left to do, so the backstop is gone.
        Assert.Empty(await shop.Cluster.OrderRemindersAsync(buyer.OrderId));

        // The webhook carried no event id: the order knows it by an id derived from its body.
        Assert.Contains(order.History, h => h.Cause.StartsWith("supplier notification body-", StringComparison.Ordinal));

        // The polling fallback was called off: it never asks.
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(15));
        Assert.Equal(0, shop.Supplier.RequestCount(SupplierEndpoint.GetOrder));
        Assert.Single(await shop.MailTo(buyer.Email));
    }

    [Fact]
    public async Task PendingWithoutWebhook_DeliveredByPolling()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.PendingThenCompletedOnPoll(2));
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();
        Assert.Equal("awaiting_supplier", (await shop.OrderAsync(buyer)).Status);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.GetOrder));
        Assert.Equal("awaiting_supplier", (await shop.OrderAsync(buyer)).Status);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(2, shop.Supplier.RequestCount(SupplierEndpoint.GetOrder));
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        var code = Assert.Single(Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId)).Items);
        Assert.Equal(code.Code, Assert.Single(order.Codes).Code);
        Assert.Contains(code.Code, (await shop.DeliveryEmailAsync(buyer)).Text, StringComparison.Ordinal);
        Assert.Empty(shop.Supplier.WebhookDeliveries);
    }

    [Fact]
    public async Task PendingForever_ManualReviewAfterTenMinutesOfTestClock_WithAnAlert()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.PendingForever);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(9));
        Assert.Equal("awaiting_supplier", (await shop.OrderAsync(buyer)).Status);
        Assert.Empty(await shop.AlertsAsync(buyer));

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(1));
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("manual_review", order.Status);
        Assert.Contains("pending", order.ReviewReason, StringComparison.Ordinal);
        Assert.Empty(order.Codes);
        // Ten minutes is also the delivery deadline: the order-undelivered alert comes with the review.
        var alerts = await shop.AlertsAsync(buyer);
        Assert.Equal(["order-undelivered", "supplier-pending-timeout"], alerts.Select(a => a.Kind).Order());
        Assert.Contains(await shop.Cluster.ReviewAsync(), e => e.OrderId == buyer.OrderId);
        Assert.Equal(5, shop.Supplier.RequestCount(SupplierEndpoint.GetOrder));

        var operatorMails = await shop.Smtp.WaitForMessagesToAsync(shop.Operators, 2, Bounded);
        var alert = Assert.Single(operatorMails, m => m.Subject.Contains("supplier-pending-timeout", StringComparison.Ordinal));
        Assert.Contains(buyer.OrderId, alert.Subject, StringComparison.Ordinal);
        Assert.Empty(await shop.MailTo(buyer.Email));
        Assert.Single(shop.Supplier.Ledger);
    }

    [Fact]
    public async Task Failed_NothingDeliveredRefundRequestedAndAlerted()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.Failed("out_of_stock"));
        var buyer = await shop.CreateOrderAsync();
        using (var paid = await shop.PayWithStripeAsync(buyer))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await shop.Cluster.DrainAsync();

        await AssertRefundedWithoutDeliveryAsync(shop, buyer, "out_of_stock");
    }

    [Fact]
    public async Task EmptyCode_NothingDeliveredRefundRequestedAndAlerted()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.EmptyCode);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);

        await shop.Cluster.DrainAsync();

        Assert.Equal("completed", Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId)).Status);
        await AssertRefundedWithoutDeliveryAsync(shop, buyer, "empty code");
    }

    [Fact]
    public async Task MissingPinForAProductThatNeedsOne_NothingDeliveredRefundRequestedAndAlerted()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server, requiresPin: true);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.MissingPin);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);

        await shop.Cluster.DrainAsync();

        await AssertRefundedWithoutDeliveryAsync(shop, buyer, "PIN");
    }

    [Fact]
    public async Task CreatedButAnswerLost_OneSupplierOrderOneDelivery()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.CreatedAnswerLost);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();
        Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        Assert.Empty((await shop.OrderAsync(buyer)).Codes);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(5));

        var bought = Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.FindByReference));
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal(Assert.Single(bought.Items).Code, Assert.Single(order.Codes).Code);
        await shop.DeliveryEmailAsync(buyer);
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        Assert.Single(await shop.MailTo(buyer.Email));
    }

    [Fact]
    public async Task UnreadableAnswer_ReviewSaysUnreadableThenOperatorRetryFindsTheOrderByReference_OnePurchase()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.UnreadableAnswer);
        var buyer = await shop.CreateOrderAsync();
        using (var paid = await shop.PayWithStripeAsync(buyer))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await shop.Cluster.DrainAsync();

        // The supplier bought and charged; its answer could not be read. Nothing is retried on its own.
        var reviewed = await shop.OrderAsync(buyer);
        Assert.Equal("manual_review", reviewed.Status);
        Assert.StartsWith("unreadable answer: not JSON", reviewed.ReviewReason, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", reviewed.ReviewReason, StringComparison.Ordinal);
        Assert.Empty(reviewed.Codes);
        var alert = Assert.Single(await shop.AlertsAsync(buyer));
        Assert.Equal("supplier-unreadable-answer", alert.Kind);
        Assert.Contains("unreadable answer", alert.Message, StringComparison.Ordinal);
        var operatorMail = Assert.Single(await shop.Smtp.WaitForMessagesToAsync(shop.Operators, 1, Bounded));
        Assert.Contains("supplier-unreadable-answer", operatorMail.Subject, StringComparison.Ordinal);
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Equal(0, shop.Supplier.RequestCount(SupplierEndpoint.FindByReference));
        Assert.Empty(await shop.MailTo(buyer.Email));

        using (var retried = await shop.RetryAsOperatorAsync(buyer))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        await shop.Cluster.DrainAsync();

        var bought = Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.FindByReference));
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal(Assert.Single(bought.Items).Code, Assert.Single(order.Codes).Code);
        Assert.Contains(bought.Items[0].Code, (await shop.DeliveryEmailAsync(buyer)).Text, StringComparison.Ordinal);
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        Assert.Single(shop.Supplier.Ledger);
        Assert.Single(await shop.MailTo(buyer.Email));
    }

    [Fact]
    public async Task TopUpConfirmedInsteadOfCoded_TheConfirmationIsDelivered()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var (sku, supplierSku) = await shop.StockTopUpAsync();
        shop.Supplier.Script(supplierSku, SupplierBehaviour.TopUp);
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);

        await shop.Cluster.DrainAsync();

        var confirmation = Assert.Single(Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId)).Items).Confirmation!;
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal([new DeliveredCode(confirmation, Confirmation: true)], order.Codes);
        var mail = await shop.DeliveryEmailAsync(buyer);
        Assert.Equal("Your Airtime top-up from Codes & Co", mail.Subject);
        Assert.Contains(confirmation, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Keep this code private", mail.Text, StringComparison.Ordinal);
        using var page = await shop.Http.GetAsync(CodeShop.OrderPagePath(mail));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Your top-up</h2>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"label\">Confirmation</span><span>{confirmation}</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmationInsteadOfACodeForAGiftCard_NothingDeliveredRefundRequestedAndAlerted()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.TopUp);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);

        await shop.Cluster.DrainAsync();

        await AssertRefundedWithoutDeliveryAsync(shop, buyer, "not a top-up");
    }

    [Fact]
    public async Task Error500TwiceThenSuccess_Delivered()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.Error500(2));
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(10));

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal(3, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        var bought = Assert.Single(shop.Supplier.Ledger);
        Assert.Equal(Assert.Single(bought.Items).Code, Assert.Single(order.Codes).Code);
        await shop.DeliveryEmailAsync(buyer);
        Assert.Empty(await shop.AlertsAsync(buyer));
    }

    [Fact]
    public async Task Error500Always_ManualReviewAfterTheRetries()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.Error500Always());
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(30));

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("manual_review", order.Status);
        Assert.Contains("unreachable after 3 attempt(s)", order.ReviewReason, StringComparison.Ordinal);
        Assert.Equal(3, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Empty(shop.Supplier.Ledger);
        // Past the delivery deadline the order also raises its order-undelivered alert; this failure is alerted once.
        Assert.Single(await shop.AlertsAsync(buyer), a => a.Kind == "supplier-unreachable");
        Assert.Empty(await shop.MailTo(buyer.Email));
        Assert.DoesNotContain(await shop.OutboxAsync(buyer), e => e.Name == "delivery-email" || e.Name == "refund");
    }

    [Fact]
    public async Task SupplierDownFiveMinutesUnderLoad_EveryOrderDeliveredOnceAfterItReturns_NoneReviewedOrRefunded()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var buyers = new List<Buyer>();
        for (var i = 0; i < 20; i++)
        {
            buyers.Add(await shop.CreateOrderAsync());
        }

        // The supplier's listener stops: every connection is refused, until the circuit opens and refuses first.
        await shop.Supplier.GoDownAsync();
        var answers = await Task.WhenAll(buyers.Select(shop.PayWithStripeAsync));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(5));
        var opened = await CircuitChangesAsync(shop);
        var during = await shop.Grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default).GetSupplierHealthAsync();

        // Each silo records its own breaker's changes, and the supplier health figures show them per silo.
        Assert.Contains(opened, c => c.State == "open");
        Assert.Contains(during.Circuits, c => c.State == "open" && c.Active);
        Assert.Empty(shop.Supplier.Ledger);
        Assert.Equal(0, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        foreach (var buyer in buyers)
        {
            var waiting = await shop.OrderAsync(buyer);
            Assert.Contains(waiting.Status, new[] { "fulfilling", "retrying" });
            Assert.Null(waiting.ReviewReason);
            Assert.True(waiting.History.Count(h => h.Cause.Contains("supplier call postponed, no attempt spent (0 so far", StringComparison.Ordinal)) >= 5);
            Assert.DoesNotContain(waiting.History, h => h.Cause.Contains("unreachable on attempt", StringComparison.Ordinal));
            Assert.Empty(await shop.AlertsAsync(buyer));
        }

        await shop.Supplier.ComeBackAsync();
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(4));

        await AssertDeliveredOnceAsync(shop, buyers);
        Assert.Contains(await CircuitChangesAsync(shop), c => c.State == "closed");
        Assert.Equal(buyers.Count, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Equal(0, shop.Supplier.RequestCount(SupplierEndpoint.FindByReference));
        Assert.DoesNotContain(await shop.Cluster.ReviewAsync(), e => buyers.Any(b => b.OrderId == e.OrderId));
        foreach (var buyer in buyers)
        {
            Assert.Empty(await shop.AlertsAsync(buyer));
            Assert.DoesNotContain(await shop.OutboxAsync(buyer), e => e.Name == "refund");
        }

        // Nothing else is due: no second purchase and no second email, however long we wait.
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        await AssertDeliveredOnceAsync(shop, buyers);
        Assert.Equal(buyers.Count, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
    }

    [Fact]
    public async Task SupplierDownPastTheDeliveryDeadline_OrderUndeliveredAlertThenDeliveredOnceWithoutReview()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var buyer = await shop.CreateOrderAsync();
        await shop.Supplier.GoDownAsync();
        await shop.PayAsync(buyer);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(30));

        var waiting = await shop.OrderAsync(buyer);
        Assert.Equal("retrying", waiting.Status);
        Assert.Null(waiting.ReviewReason);
        Assert.Equal(["order-undelivered"], (await shop.AlertsAsync(buyer)).Select(a => a.Kind));
        Assert.Contains(waiting.History, h => h.Cause == "not delivered 10 minutes after payment");
        var operatorMail = Assert.Single(await shop.Smtp.WaitForMessagesToAsync(shop.Operators, 1, Bounded));
        Assert.Contains("order-undelivered", operatorMail.Subject, StringComparison.Ordinal);

        await shop.Supplier.ComeBackAsync();
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(3));

        await AssertDeliveredOnceAsync(shop, [buyer]);
        Assert.Equal(["order-undelivered"], (await shop.AlertsAsync(buyer)).Select(a => a.Kind));
    }

    [Fact]
    public async Task OneStripeEventFiftyTimesAtOnceThroughTwoGatewaysAndThreeSilos_OneConfirmationOnePurchaseOneEmail()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server, silos: 3);
        var gateways = new[] { shop.Gateway, await shop.Cluster.StartGatewayAsync() };
        var buyer = await shop.CreateOrderAsync();
        var payload = StripeEventPayloads.PaymentIntentSucceeded($"evt_{Guid.NewGuid():N}", $"pi_{Guid.NewGuid():N}", buyer.OrderId, buyer.AmountMinor, "usd");
        var signature = StripeWebhookSigner.Sign(payload, CodeShop.StripeSecret, shop.Cluster.Time.GetUtcNow());
        using var http = new HttpClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateways[i % 2], "/webhooks/stripe"))
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Stripe-Signature", signature);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }));
        await shop.Cluster.DrainAsync();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Single(order.History, h => h.To == "paid");
        Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Single(await shop.MailTo(buyer.Email));
    }

    [Fact]
    public async Task SupplierWebhookWithBadSignature_401AndNothingRecorded()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.PendingForever);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();
        var supplierOrder = Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        var before = await shop.OrderAsync(buyer);
        var body = CompletedWebhook(supplierOrder.SupplierOrderId, buyer.OrderId, "FORGED-CODE-0001");
        var now = shop.Cluster.Time.GetUtcNow();

        var forger = new SupplierWebhookSigner("not-the-suppliers-secret-0123456789");
        using var forged = await shop.PostSupplierWebhookAsync(body, forger.CreateHeaders(body, now));
        using var unsigned = await shop.PostSupplierWebhookAsync(body, new Dictionary<string, string>());
        using var replayed = await shop.PostSupplierWebhookAsync(body, shop.Supplier.Signer.CreateHeaders(body, now - TimeSpan.FromHours(1)));
        var tampered = shop.Supplier.Signer.CreateHeaders(body, now);
        using var altered = await shop.PostSupplierWebhookAsync(CompletedWebhook(supplierOrder.SupplierOrderId, buyer.OrderId, "FORGED-CODE-0002"), tampered);

        await AssertProblemAsync(forged, HttpStatusCode.Unauthorized, "signature_mismatch");
        await AssertProblemAsync(unsigned, HttpStatusCode.Unauthorized, "missing_signature");
        await AssertProblemAsync(replayed, HttpStatusCode.Unauthorized, "timestamp_outside_tolerance");
        await AssertProblemAsync(altered, HttpStatusCode.Unauthorized, "signature_mismatch");
        await shop.Cluster.DrainAsync();
        var after = await shop.OrderAsync(buyer);
        Assert.Equal(before.History.Count, after.History.Count);
        Assert.Equal(before.Deliveries.Count, after.Deliveries.Count);
        Assert.Equal("awaiting_supplier", after.Status);
        Assert.Empty(after.Codes);
        Assert.Empty(await shop.Cluster.StreamAsync(OperationsStreams.UnmatchedWebhooks));
        Assert.DoesNotContain(await shop.OutboxAsync(buyer), e => e.Name == "delivery-email");
        Assert.Empty(await shop.MailTo(buyer.Email));

        // The same body, signed by the supplier, is accepted: the refusals were about the signatures alone.
        using var genuine = await shop.PostSupplierWebhookAsync(body, shop.Supplier.Signer.CreateHeaders(body, now));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        await shop.Cluster.DrainAsync();
        Assert.Equal("delivered", (await shop.OrderAsync(buyer)).Status);
    }

    [Fact]
    public async Task DuplicatedAndReorderedWebhooks_OneDelivery()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);

        // Completed, the same event again, then a stale "pending" sent after them.
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.PendingThenWebhookOnRelease(duplicate: true, staleAfter: true));
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        Assert.Equal(3, await shop.Supplier.ReleaseWebhooksAsync());
        Assert.All(shop.Supplier.WebhookDeliveries, d => Assert.Equal(200, d.StatusCode));
        await shop.Cluster.DrainAsync();

        // And a "completed" for the same supplier order under a new event id, after delivery: harmless too.
        var supplierOrder = Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        var late = CompletedWebhook(supplierOrder.SupplierOrderId, buyer.OrderId, "ANOTHER-CODE-0003");
        using (var response = await shop.PostSupplierWebhookAsync(late, shop.Supplier.Signer.CreateHeaders(late, shop.Cluster.Time.GetUtcNow())))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("duplicate", (await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        }

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(15));
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal(Assert.Single(supplierOrder.Items).Code, Assert.Single(order.Codes).Code);
        Assert.Single(order.Deliveries, d => d.Channel == "order_page");
        Assert.Single(order.Deliveries, d => d.Channel == "email");
        Assert.Single(await shop.OutboxAsync(buyer), e => e.Name == "delivery-email");
        await shop.DeliveryEmailAsync(buyer);
        Assert.Single(await shop.MailTo(buyer.Email));
        Assert.Equal(0, shop.Supplier.RequestCount(SupplierEndpoint.GetOrder));
    }

    [Fact]
    public async Task SupplierWebhookForUnknownOrder_KeptForInspection()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var body = CompletedWebhook("sup_unknown", $"order-{Guid.NewGuid():N}", "SOME-CODE-0004");

        using var response = await shop.PostSupplierWebhookAsync(body, shop.Supplier.Signer.CreateHeaders(body, shop.Cluster.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kept_for_inspection", (await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        var kept = JsonSerializer.Deserialize(
            Assert.Single(await shop.Cluster.StreamAsync(OperationsStreams.UnmatchedWebhooks)).Entry, OperationsJson.Default.UnmatchedWebhook)!;
        Assert.Equal("supplier", kept.Source);
        Assert.Equal("unknown_order", kept.Reason);
        Assert.DoesNotContain("SOME-CODE-0004", kept.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupplierWebhookMalformed_400AndNothingRecorded()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var body = "{\"event_id\":\"evt_1\",\"order_id\":"u8.ToArray();

        using var response = await shop.PostSupplierWebhookAsync(body, shop.Supplier.Signer.CreateHeaders(body, shop.Cluster.Time.GetUtcNow()));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        Assert.Empty(await shop.Cluster.StreamAsync(OperationsStreams.UnmatchedWebhooks));
    }

    [Fact]
    public async Task OrderPage_TamperedOrExpiredLink_ClearPageAndNoCodes()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();
        var code = Assert.Single((await shop.OrderAsync(buyer)).Codes).Code;
        var path = CodeShop.OrderPagePath(await shop.DeliveryEmailAsync(buyer));
        var tokens = new Gateway.Pages.LinkTokens([shop.Cluster.Settings()["Links:Secret"]!]);
        var expired = tokens.CreateOrder(buyer.OrderId, shop.Cluster.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        var otherOrder = tokens.CreateOrder($"order-{Guid.NewGuid():N}");

        using var tampered = await shop.Http.GetAsync(path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..]);
        using var stale = await shop.Http.GetAsync($"/order/{expired}");
        using var unknown = await shop.Http.GetAsync($"/order/{otherOrder}");
        using var genuine = await shop.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Contains("This order link doesn’t work", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Contains("This order link has expired", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var refused in new[] { tampered, stale, unknown })
        {
            Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(code, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Contains(code, await genuine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("port-closed")]
    [InlineData("refusing-451")]
    public async Task SmtpDownForThirtySeconds_DeliveringUntilTheMailIsAcceptedThenDeliveredOnce(string outage)
    {
        await using var smtp = await SmtpServer.CreateAsync();
        await using var shop = await CodeShop.StartAsync(store, smtp: smtp);
        await TakeDownAsync(smtp, outage);
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        // The codes are in, but no mail server has taken the email: the buyer has nothing yet.
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivering", order.Status);
        Assert.Null(order.DeliveredAt);
        Assert.True(Assert.Single(order.Lines).Delivered);
        Assert.Single(order.Codes);
        Assert.Contains(await shop.Cluster.OrderWakesAsync(buyer.OrderId), r => r.Name == "delivery-deadline");

        for (var second = 0; second < 30; second += 10)
        {
            await shop.Cluster.AdvanceAsync(TimeSpan.FromSeconds(10));
        }

        var failing = Assert.Single(await shop.OutboxAsync(buyer), e => e.Name == "delivery-email");
        Assert.Equal(EffectStatus.Pending, failing.Status);
        Assert.True(failing.Attempts >= 3, $"attempts: {failing.Attempts}");
        Assert.Contains(outage == "port-closed" ? "the relay" : "451", failing.LastError, StringComparison.Ordinal);
        Assert.Equal("delivering", (await shop.OrderAsync(buyer)).Status);
        Assert.Empty(await shop.MailTo(buyer.Email));

        await BringBackAsync(smtp, outage);
        var acceptedAt = await AdvanceUntilDoneAsync(shop, buyer, "delivery-email");

        var mail = await shop.DeliveryEmailAsync(buyer);
        order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal(acceptedAt, order.DeliveredAt);
        Assert.Contains(Assert.Single(order.Codes).Code, mail.Text, StringComparison.Ordinal);
        Assert.Equal(("delivering", "delivered", "delivered: the email was accepted by the mail server"), (order.History[^1].From, order.History[^1].To, order.History[^1].Cause));
        Assert.Single(order.Deliveries, d => d.Channel == "email");
        Assert.DoesNotContain(await shop.Cluster.OrderWakesAsync(buyer.OrderId), r => r.Name == "delivery-deadline");

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        Assert.Single(await shop.MailTo(buyer.Email));
        Assert.Single(shop.Supplier.Ledger);
        Assert.Empty(await shop.AlertsAsync(buyer));
        Assert.Equal("delivered", (await shop.OrderAsync(buyer)).Status);
    }

    [Fact]
    public async Task SmtpDownForGood_EmailGivenUp_ReviewWithAlertThenResendDelivers()
    {
        await using var smtp = await SmtpServer.CreateAsync();
        await using var shop = await CodeShop.StartAsync(store, smtp: smtp);
        await smtp.StopAsync();
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();
        Assert.Equal("delivering", (await shop.OrderAsync(buyer)).Status);

        // Eight attempts with backoff fit in under five minutes, well before the ten-minute delivery deadline.
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(8));

        var email = Assert.Single(await shop.OutboxAsync(buyer), e => e.Name == "delivery-email");
        Assert.Equal(EffectStatus.Dead, email.Status);
        Assert.Equal(8, email.Attempts);
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("manual_review", order.Status);
        Assert.StartsWith("delivery email failed after 8 attempt(s): ", order.ReviewReason, StringComparison.Ordinal);
        Assert.Null(order.DeliveredAt);
        Assert.Contains(order.History, h => h.From == "delivering" && h.To == "manual_review" && h.Cause == $"manual review: {order.ReviewReason}");
        var review = Assert.Single(await shop.Cluster.ReviewAsync(), e => e.OrderId == buyer.OrderId);
        Assert.Equal(order.ReviewReason, review.Reason);

        var alerts = await shop.AlertsAsync(buyer);
        var alert = Assert.Single(alerts, a => a.Kind == "order-undelivered");
        Assert.Equal($"order {buyer.OrderId}: {order.ReviewReason}", alert.Message);
        Assert.DoesNotContain(alerts, a => a.Message.StartsWith("delivery-email", StringComparison.Ordinal));

        // The alert is emailed to operators too, through the same dead server: attempted, and still failing.
        var alertEmail = Assert.Single(await shop.OutboxAsync(buyer), e => e.Name == "alert");
        Assert.True(alertEmail.Attempts >= 1, $"attempts: {alertEmail.Attempts}");
        Assert.NotEqual(EffectStatus.Done, alertEmail.Status);
        Assert.NotNull(alertEmail.LastError);
        Assert.Empty(await shop.MailTo(shop.Operators));
        Assert.Empty(await shop.MailTo(buyer.Email));

        // Once the mail server is back, an operator resends from review, and that delivers the order.
        await smtp.StartAsync();
        var resend = await shop.Grains.GetGrain<IOrderGrain>(buyer.OrderId).ResendDeliveryEmailAsync("ops@example.test");
        Assert.True(resend.Changed, resend.Error);
        Assert.Equal("manual_review", resend.Status);
        await shop.Cluster.DrainAsync();

        var mail = await shop.DeliveryEmailAsync(buyer);
        order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Null(order.ReviewReason);
        Assert.Contains(Assert.Single(order.Codes).Code, mail.Text, StringComparison.Ordinal);
        Assert.Equal(("manual_review", "delivered"), (order.History[^1].From, order.History[^1].To));
        Assert.DoesNotContain(await shop.Cluster.ReviewAsync(), e => e.OrderId == buyer.OrderId);

        // Delivered before its deadline: no second order-undelivered alert, and no second email.
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        Assert.Single(await shop.AlertsAsync(buyer), a => a.Kind == "order-undelivered");
        Assert.Single(await shop.MailTo(buyer.Email));
        Assert.Equal("delivered", (await shop.OrderAsync(buyer)).Status);
    }

    [Fact]
    public async Task SmtpDown_CodesShownOnTheOrderPage_DeliveredAndTheEmailStillFollows()
    {
        await using var smtp = await SmtpServer.CreateAsync();
        await using var shop = await CodeShop.StartAsync(store, smtp: smtp);
        await smtp.StopAsync();
        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();
        var code = Assert.Single((await shop.OrderAsync(buyer)).Codes).Code;
        var token = new Gateway.Pages.LinkTokens([shop.Cluster.Settings()["Links:Secret"]!]).CreateOrder(buyer.OrderId);

        using (var page = await shop.Http.GetAsync($"/order/{token}"))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"<code>{code}</code>", html, StringComparison.Ordinal);
            Assert.Contains(">Delivered</span>", html, StringComparison.Ordinal);
        }

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal(shop.Cluster.Time.GetUtcNow(), order.DeliveredAt);
        Assert.Equal("delivered: shown on the order page", order.History[^1].Cause);
        Assert.Contains(order.Deliveries, d => d.Channel == "order_page" && d.Detail.Contains("shown to the buyer", StringComparison.Ordinal));

        // Showing the page again records nothing more.
        using (var again = await shop.Http.GetAsync($"/order/{token}"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(order.History.Count, (await shop.OrderAsync(buyer)).History.Count);

        await smtp.StartAsync();
        await AdvanceUntilDoneAsync(shop, buyer, "delivery-email");
        await shop.DeliveryEmailAsync(buyer);
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        Assert.Equal("delivered", (await shop.OrderAsync(buyer)).Status);
        Assert.Single(await shop.MailTo(buyer.Email));
        Assert.Empty(await shop.AlertsAsync(buyer));
    }

    [Fact]
    public async Task RunnerHasFreeSlots_SupplierOrderAndEmailClaimedByTheWritesThatPlanThem_OnePurchaseOneEmail()
    {
        await using var shop = await CodeShop.StartAsync(store, silos: 1, smtp: smtpFixture.Server);
        var buyer = await shop.CreateOrderAsync();
        var dispatched = new System.Collections.Concurrent.ConcurrentQueue<EffectDispatched>();
        shop.Cluster.Silos[0].Runner.Dispatched += dispatched.Enqueue;

        using (var paid = await shop.PayWithStripeAsync(buyer))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await shop.Cluster.DrainAsync();

        var fenced = dispatched.Where(d => d.Kind is "supplier-order" or "delivery-email").ToList();
        Assert.Equal(["delivery-email", "supplier-order"], fenced.Select(d => d.Kind).Order());
        Assert.All(fenced, d => Assert.Equal((DispatchOutcome.Completed, 1, true), (d.Outcome, d.Attempt, d.ClaimedWithPlan)));
        Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        Assert.Single(await shop.MailTo(buyer.Email));
        Assert.Equal("delivered", (await shop.OrderAsync(buyer)).Status);
    }

    [Fact]
    public async Task EveryRunnerSlotTaken_EffectsClaimedByTheRunnerOnceASlotFrees_EachOrderBoughtAndMailedOnce()
    {
        await using var shop = await CodeShop.StartAsync(
            store, silos: 1, smtp: smtpFixture.Server, configure: o => o.Configuration["Effects:MaxConcurrency"] = "1");
        var buyers = new List<Buyer>();
        for (var i = 0; i < 10; i++)
        {
            buyers.Add(await shop.CreateOrderAsync());
        }

        await shop.Cluster.DrainAsync();
        var dispatched = new System.Collections.Concurrent.ConcurrentQueue<EffectDispatched>();
        var runner = shop.Cluster.Silos[0].Runner;
        runner.Dispatched += dispatched.Enqueue;

        // The runner's one slot, held by the test: no payment's write can claim its supplier order.
        var slot = runner.TryReserve();
        Assert.NotNull(slot);
        using (slot)
        {
            var payments = await Task.WhenAll(buyers.Select(shop.PayWithStripeAsync));
            Assert.All(payments, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
            foreach (var payment in payments)
            {
                payment.Dispose();
            }

            Assert.Empty(shop.Supplier.Ledger);
        }

        await shop.Cluster.DrainAsync();

        var fenced = dispatched.Where(d => d.Kind is "supplier-order" or "delivery-email").ToList();
        Assert.Equal(20, fenced.Count);
        Assert.All(fenced, d => Assert.Equal((DispatchOutcome.Completed, 1, false), (d.Outcome, d.Attempt, d.ClaimedWithPlan)));
        Assert.Equal(buyers.Select(b => b.OrderId).Order(), shop.Supplier.Ledger.Select(o => o.Reference).Order());
        foreach (var buyer in buyers)
        {
            Assert.Single(await shop.MailTo(buyer.Email));
        }
    }

    [Fact]
    public async Task TwoHundredPaidOrdersAtOnceAcrossThreeSilos_200SupplierOrders200EmailsNoneTwice()
    {
        await using var shop = await CodeShop.StartAsync(store, silos: 3, smtp: smtpFixture.Server);
        var buyers = new List<Buyer>();
        for (var i = 0; i < 200; i++)
        {
            buyers.Add(await shop.CreateOrderAsync());
        }

        var silosThatBought = new HashSet<int>();
        foreach (var (silo, index) in shop.Cluster.Silos.Select((s, i) => (s, i)))
        {
            silo.Runner.Dispatched += d =>
            {
                if (d.Kind == "supplier-order" && d.Outcome == DispatchOutcome.Completed)
                {
                    lock (silosThatBought)
                    {
                        silosThatBought.Add(index);
                    }
                }
            };
        }

        var payments = await Task.WhenAll(buyers.Select(shop.PayWithStripeAsync));
        Assert.All(payments, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        foreach (var payment in payments)
        {
            payment.Dispose();
        }

        await shop.Cluster.DrainAsync();

        Assert.Equal(200, shop.Supplier.Ledger.Count);
        Assert.Equal(buyers.Select(b => b.OrderId).Order(), shop.Supplier.Ledger.Select(o => o.Reference).Order());
        Assert.True(silosThatBought.Count > 1, $"supplier orders placed by {string.Join(", ", silosThatBought)}");
        var recipients = buyers.Select(b => b.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mails = await shop.Smtp.WaitForMessagesAsync(m => m.To.Any(recipients.Contains), 200, TimeSpan.FromSeconds(60));
        Assert.Equal(200, mails.Count);
        Assert.Equal(200, mails.Select(m => m.To.Single()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var buyer in buyers.Take(20))
        {
            var order = await shop.OrderAsync(buyer);
            Assert.Equal("delivered", order.Status);
            var code = Assert.Single(Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId)).Items).Code;
            Assert.Equal(code, Assert.Single(order.Codes).Code);
            Assert.Contains(code, mails.Single(m => m.To.Contains(buyer.Email, StringComparer.OrdinalIgnoreCase)).Text, StringComparison.Ordinal);
        }

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        Assert.Equal(200, shop.Supplier.Ledger.Count);
        Assert.Equal(200, (await shop.Smtp.MessagesAsync()).Count(m => m.To.Any(recipients.Contains)));
    }

    [Fact]
    public async Task MerchantWebhook_SignedCall_LicenseDeliveredByEmailAndOnTheOrderPage()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Answer = (200, "  PIXEL-PRO-7F3A-22B9  \n");
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var (sku, secret) = await shop.StockMerchantProductAsync(merchant.Url);
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);

        await shop.Cluster.DrainAsync();

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal("PIXEL-PRO-7F3A-22B9", order.LicenseText);
        var call = Assert.Single(merchant.Calls);
        var timestamp = call.Headers["X-Delivery-Timestamp"];
        Assert.Equal(shop.Cluster.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        // The deprecated signature, kept for one release: over the secret's UTF-8 bytes, as before.
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. call.Body]));
        Assert.Equal(expected, call.Headers["X-Delivery-Signature"]);
        Assert.True(ReadmeWebhookVerification.Verify(secret, call.Headers, call.Body));
        using var json = JsonDocument.Parse(call.Body);
        Assert.Equal(buyer.OrderId, json.RootElement.GetProperty("order_id").GetString());
        Assert.Equal(sku, json.RootElement.GetProperty("sku").GetString());
        Assert.Equal(buyer.Email, json.RootElement.GetProperty("customer_email").GetString());

        var mail = await shop.DeliveryEmailAsync(buyer);
        Assert.Contains("PIXEL-PRO-7F3A-22B9", mail.Text, StringComparison.Ordinal);
        using var page = await shop.Http.GetAsync(CodeShop.OrderPagePath(mail));
        Assert.Contains("PIXEL-PRO-7F3A-22B9", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MerchantWebhookFailing_RetriedThenManualReviewWithAnAlert()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Answer = (503, "down for maintenance");
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url);
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(30));

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("manual_review", order.Status);
        Assert.Contains("HTTP 503", order.ReviewReason, StringComparison.Ordinal);
        Assert.Equal(3, merchant.Calls.Count);
        // One delivery, retried: the merchant sees the same webhook-id each time and can deduplicate.
        Assert.Single(merchant.Calls.Select(c => c.Headers["webhook-id"]).Distinct());
        // Past the delivery deadline the order also raises its order-undelivered alert; this failure is alerted once.
        Assert.Single(await shop.AlertsAsync(buyer), a => a.Kind == "merchant-webhook-failed");
        Assert.Empty(await shop.MailTo(buyer.Email));
    }

    private static Task TakeDownAsync(SmtpServer smtp, string outage) =>
        outage == "port-closed" ? smtp.StopAsync() : smtp.RefuseAsync(451);

    private static Task BringBackAsync(SmtpServer smtp, string outage) =>
        outage == "port-closed" ? smtp.StartAsync() : smtp.AcceptAsync();

    /// <summary>Moves the test clock from one due time to the next until the effect is done; returns the time it was.</summary>
    private static async Task<DateTimeOffset> AdvanceUntilDoneAsync(CodeShop shop, Buyer buyer, string effect)
    {
        for (var step = 0; step < 20; step++)
        {
            if ((await shop.OutboxAsync(buyer)).Single(e => e.Name == effect).Status == EffectStatus.Done)
            {
                return shop.Cluster.Time.GetUtcNow();
            }

            var due = shop.Cluster.Activity.NextDue ?? throw new InvalidOperationException($"{effect} is not done and nothing is due.");
            shop.Cluster.Time.SetUtcNow(due > shop.Cluster.Time.GetUtcNow() ? due : shop.Cluster.Time.GetUtcNow());
            await shop.Cluster.DrainAsync();
        }

        throw new InvalidOperationException($"{effect} was not done after 20 due times.");
    }

    // One supplier order per buyer, delivered: its code on the order and in exactly one email to the buyer.
    private static async Task AssertDeliveredOnceAsync(CodeShop shop, IReadOnlyList<Buyer> buyers)
    {
        Assert.Equal(buyers.Count, shop.Supplier.Ledger.Count);
        foreach (var buyer in buyers)
        {
            var bought = Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
            var order = await shop.OrderAsync(buyer);
            Assert.Equal("delivered", order.Status);
            Assert.Equal(Assert.Single(bought.Items).Code, Assert.Single(order.Codes).Code);
            var mail = await shop.DeliveryEmailAsync(buyer);
            Assert.Contains(bought.Items[0].Code, mail.Text, StringComparison.Ordinal);
        }
    }

    private static async Task AssertRefundedWithoutDeliveryAsync(CodeShop shop, Buyer buyer, string reason)
    {
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("refunding", order.Status);
        Assert.Empty(order.Codes);
        Assert.DoesNotContain(order.Lines, l => l.Delivered);
        var outbox = await shop.OutboxAsync(buyer);
        var refund = Assert.Single(outbox, e => e.Name == "refund");
        Assert.StartsWith("refund-", refund.Step, StringComparison.Ordinal);
        Assert.DoesNotContain(outbox, e => e.Name == "delivery-email");
        var alert = Assert.Single(await shop.AlertsAsync(buyer));
        Assert.Equal("supplier-failed", alert.Kind);
        Assert.Contains(reason, alert.Message, StringComparison.Ordinal);
        var operatorMail = Assert.Single(await shop.Smtp.WaitForMessagesToAsync(shop.Operators, 1, Bounded));
        Assert.Contains("supplier-failed", operatorMail.Subject, StringComparison.Ordinal);
        Assert.Empty(await shop.MailTo(buyer.Email));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    private static byte[] CompletedWebhook(string supplierOrderId, string reference, string code) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["event_id"] = $"evt_{Guid.NewGuid():N}",
            ["order_id"] = supplierOrderId,
            ["reference"] = reference,
            ["status"] = "completed",
            ["items"] = new JsonArray(new JsonObject { ["code"] = code, ["pin"] = "1234" }),
            ["occurred_at"] = "2030-01-01T00:00:00Z",
        }.ToJsonString());

    private static async Task<IReadOnlyList<SupplierCircuitRecord>> CircuitChangesAsync(CodeShop shop) =>
        (await shop.Cluster.StreamAsync(OperationsStreams.SupplierCircuit))
            .Select(e => JsonSerializer.Deserialize(e.Entry, OperationsJson.Default.SupplierCircuitRecord)!)
            .ToList();
}

public sealed class SupplierCodeDeliverySqliteTests(SmtpFixture mail) : SupplierCodeDeliveryTests(TestStore.Sqlite, mail), IClassFixture<SmtpFixture>;

public sealed class SupplierCodeDeliveryPostgresTests(SmtpFixture mail) : SupplierCodeDeliveryTests(TestStore.Postgres, mail), IClassFixture<SmtpFixture>;
