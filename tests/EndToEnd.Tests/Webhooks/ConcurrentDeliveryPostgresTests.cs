using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Simulators;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Webhooks;

/// <summary>One payment event delivered many times at once, across processes that share PostgreSQL.</summary>
public sealed class ConcurrentDeliveryPostgresTests(ITestOutputHelper output)
{
    private const int Deliveries = 50;

    [Fact]
    public async Task Postgres_FiftyConcurrentDeliveriesOfOneStripeEvent_ConfirmedOnceFulfilledOnce()
    {
        await using var shop = await Shop.StartAsync(TestStore.Postgres, silos: 3, gateways: 2);
        var order = await shop.CreateOrderAsync();
        var payload = StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd");
        var signature = shop.SignStripe(payload);

        var clock = Stopwatch.StartNew();
        var deliveries = Enumerable.Range(0, Deliveries).Select(i => Task.Run(() => shop.PostStripeAsync(payload, signature, gateway: i % 2))).ToList();
        // The silos run the effects as soon as the first delivery is recorded, while duplicates are still arriving.
        var responses = await Task.WhenAll(deliveries);
        var answeredIn = clock.Elapsed;
        await shop.Cluster.DrainAsync();

        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add((await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
            response.Dispose();
        }

        output.WriteLine($"{Deliveries} concurrent deliveries through 2 gateways answered in {answeredIn.TotalMilliseconds:F0} ms");
        Assert.Equal(1, outcomes.Count(o => o == "recorded"));
        Assert.Equal(Deliveries - 1, outcomes.Count(o => o == "duplicate"));
        var after = await shop.GetOrderAsync(order.OrderId, gateway: 1);
        Assert.Equal("delivered", after.Status);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Single(after.Payments);
        var outbox = await shop.OutboxAsync(order.OrderId);
        Assert.Single(outbox, e => e.Name == "delivery-email");
        Assert.Single(outbox, e => e.Step == "grant-entitlement-1");
        Assert.All(outbox, e => Assert.Equal(EffectStatus.Done, e.Status));
        Assert.Equal(1, shop.EmailsTo(order.Customer.Email));
        using var customer = await shop.SendAsync(HttpMethod.Get, $"/admin/customers/{Uri.EscapeDataString(order.CustomerId)}", Shop.AdminKey);
        Assert.Single(JsonNode.Parse(await customer.Content.ReadAsStringAsync())!["entitlements"]!.AsArray());
        shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task Postgres_FiftyDistinctEventsForOnePaymentIntent_ConfirmedOnceNothingRefunded()
    {
        await using var shop = await Shop.StartAsync(TestStore.Postgres, silos: 3, gateways: 2);
        var order = await shop.CreateOrderAsync();
        var intent = Shop.NewId("pi");
        // The simulator knows the PaymentIntent: a refund wrongly asked for would be made.
        shop.Payments.SetStripePaymentIntent(intent, Shop.EbookPrice, "usd");
        var payloads = Enumerable.Range(0, Deliveries)
            .Select(i => i % 2 == 0
                ? StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), intent, order.OrderId, Shop.EbookPrice, "usd")
                : StripeEventPayloads.CheckoutSessionCompleted(Shop.NewId("evt"), Shop.NewId("cs"), order.OrderId, null, Shop.EbookPrice, "usd", intent))
            .ToList();

        var outcomes = await DeliverAtOnceAsync(shop, payloads);

        Assert.Equal(1, outcomes.Count(o => o == "recorded"));
        Assert.Equal(Deliveries - 1, outcomes.Count(o => o == "duplicate"));
        var after = await shop.GetOrderAsync(order.OrderId, gateway: 1);
        Assert.Equal("delivered", after.Status);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Equal(intent, Assert.Single(after.Payments).Reference);
        Assert.Empty(shop.Payments.RequestsTo("/v1/refunds"));
        var outbox = await shop.OutboxAsync(order.OrderId);
        Assert.DoesNotContain(outbox, e => e.Name == "refund");
        Assert.Single(outbox, e => e.Name == "delivery-email");
        Assert.All(outbox, e => Assert.Equal(EffectStatus.Done, e.Status));
        Assert.DoesNotContain("duplicate-payment", await shop.AlertKindsAsync(order.OrderId));
        Assert.Equal(1, shop.EmailsTo(order.Customer.Email));
        shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task Postgres_TwoPaymentIntentsEachReportedManyTimesAtOnce_OneConfirmedTheOtherRefundedOnce()
    {
        await using var shop = await Shop.StartAsync(TestStore.Postgres, silos: 3, gateways: 2);
        var order = await shop.CreateOrderAsync();
        string[] intents = [Shop.NewId("pi"), Shop.NewId("pi")];
        foreach (var intent in intents)
        {
            shop.Payments.SetStripePaymentIntent(intent, Shop.EbookPrice, "usd");
        }

        // Each payment by both event types, each event delivered five times (Stripe retries), all at once.
        var payloads = intents
            .SelectMany(intent => new[]
            {
                StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), intent, order.OrderId, Shop.EbookPrice, "usd"),
                StripeEventPayloads.CheckoutSessionCompleted(Shop.NewId("evt"), Shop.NewId("cs"), order.OrderId, null, Shop.EbookPrice, "usd", intent),
            })
            .SelectMany(payload => Enumerable.Repeat(payload, 5))
            .ToList();

        var outcomes = await DeliverAtOnceAsync(shop, payloads);

        Assert.Equal(2, outcomes.Count(o => o == "recorded"));
        Assert.Equal(payloads.Count - 2, outcomes.Count(o => o == "duplicate"));
        var after = await shop.GetOrderAsync(order.OrderId, gateway: 1);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(["accepted", "duplicate"], after.Payments.Select(p => p.Outcome));
        var refunded = after.Payments[1].Reference!;
        Assert.Equal(intents.Order(), after.Payments.Select(p => p.Reference!).Order());
        var call = Assert.Single(shop.Payments.RequestsTo("/v1/refunds"));
        Assert.Contains(refunded, call.Body, StringComparison.Ordinal);
        Assert.Equal(1, shop.Payments.StripeRefundCount);
        Assert.Single(await shop.AlertKindsAsync(order.OrderId), k => k == "duplicate-payment");
        Assert.Equal(1, shop.EmailsTo(order.Customer.Email));
        shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task Postgres_WebhookAnsweredThenEverySiloKilled_FreshSiloFulfilsTheOrderOnce()
    {
        await using var shop = await Shop.StartAsync(TestStore.Postgres, silos: 2, gateways: 1);
        var order = await shop.CreateOrderAsync();
        var payload = StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd");

        using (var response = await shop.PostSignedStripeAsync(payload))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Nothing has run on a silo yet; every silo dies, so only what the answered turn wrote to the database is left.
        foreach (var silo in shop.Cluster.Silos.ToList())
        {
            await silo.KillAsync();
        }

        // The fresh silo finds the order's reminder in the database; it activates the order, which runs its effects.
        // Meanwhile the gateway's client finds the new silo; until then it answers 503.
        await shop.Cluster.StartSiloAsync();

        // A silo may have claimed the email before it died: its claim holds the email for the claim lease, on the
        // grains' clock, before the fresh silo may send it.
        shop.Cluster.Time.Advance(new EffectOptions().ClaimLease);
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await shop.SendAsync(HttpMethod.Get, $"/api/orders/{order.OrderId}", Shop.StorefrontKey);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"GET answered {(int)response.StatusCode}");
                return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!.Status == "delivered";
            },
            TimeSpan.FromSeconds(60),
            "the order delivered by the fresh silo");
        await shop.Cluster.DrainAsync();

        var after = await shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Single(await shop.OutboxAsync(order.OrderId), e => e.Name == "delivery-email" && e.Status == EffectStatus.Done);

        // The silos may have sent the email in the moment between the answer and the kill, before its result was
        // recorded: then the fresh silo sends it once more, as the same message (one Message-ID), never a third time.
        var ids = shop.MessageIdsTo(order.Customer.Email);
        Assert.InRange(ids.Count, 1, 2);
        Assert.Single(ids.Distinct(StringComparer.Ordinal));
    }

    /// <summary>Posts every payload at once, alternating gateways, while the silos work; answers each outcome.</summary>
    private static async Task<List<string>> DeliverAtOnceAsync(Shop shop, IReadOnlyList<string> payloads)
    {
        var deliveries = payloads.Select((payload, i) => Task.Run(() => shop.PostSignedStripeAsync(payload, gateway: i % 2))).ToList();
        var responses = await Task.WhenAll(deliveries);
        await shop.Cluster.DrainAsync();

        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add((await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
            response.Dispose();
        }

        return outcomes;
    }
}
