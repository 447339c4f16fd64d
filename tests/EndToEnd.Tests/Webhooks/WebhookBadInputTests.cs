using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Webhooks;

/// <summary>
/// Correctly signed webhooks that carry nothing we can act on: each gets the answer its sender expects, nothing is
/// recorded, and nothing reaches the log as an error.
/// </summary>
public sealed class WebhookBadInputTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private const int OneMiB = 1024 * 1024;

    private readonly Shop _shop = fixture.Shop;

    [Theory]
    [InlineData("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",")]
    [InlineData("[1,2,3]")]
    [InlineData("not json at all")]
    public async Task StripeMalformedJson_400AndNothingRecorded(string payload)
    {
        var inbox = (await _shop.UnmatchedWebhooksAsync()).Count;

        using var response = await _shop.PostSignedStripeAsync(payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(WebhookErrorCodes.MalformedJson, await Shop.ProblemCodeAsync(response));
        Assert.Equal(inbox, (await _shop.UnmatchedWebhooksAsync()).Count);
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task PayPalMalformedJson_400AndNothingRecorded()
    {
        var inbox = (await _shop.UnmatchedWebhooksAsync()).Count;

        using var response = await _shop.PostSignedPayPalAsync("{\"id\":\"WH-1\",\"event_type\":");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(WebhookErrorCodes.MalformedJson, await Shop.ProblemCodeAsync(response));
        Assert.Equal(inbox, (await _shop.UnmatchedWebhooksAsync()).Count);
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task StripeSucceededWithoutOrderId_400MissingOrderIdAndNothingRecorded()
    {
        var inbox = (await _shop.UnmatchedWebhooksAsync()).Count;

        using var response = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), orderId: null, 100, "usd"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(WebhookErrorCodes.MissingOrderId, await Shop.ProblemCodeAsync(response));
        Assert.Equal(inbox, (await _shop.UnmatchedWebhooksAsync()).Count);
    }

    [Fact]
    public async Task StripeUnknownEventTypeNamingAnOrder_2xxIgnoredAndOrderUnchanged()
    {
        var order = await _shop.CreateOrderAsync();
        var before = await _shop.OrderJsonAsync(order.OrderId);
        var inbox = (await _shop.UnmatchedWebhooksAsync()).Count;
        var payload = StripeEventPayloads.Event(Shop.NewId("evt"), "invoice.paid", new JsonObject
        {
            ["id"] = Shop.NewId("in"),
            ["object"] = "invoice",
            ["amount_paid"] = Shop.EbookPrice,
            ["currency"] = "usd",
            ["metadata"] = new JsonObject { ["order_id"] = order.OrderId },
        });

        using var response = await _shop.PostSignedStripeAsync(payload);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Equal(before, await _shop.OrderJsonAsync(order.OrderId));
        Assert.Equal(inbox, (await _shop.UnmatchedWebhooksAsync()).Count);
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task PayPalUnknownEventType_2xxIgnored()
    {
        var inbox = (await _shop.UnmatchedWebhooksAsync()).Count;

        using var response = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.Other(Shop.NewId("WH"), "CHECKOUT.ORDER.APPROVED"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Equal(inbox, (await _shop.UnmatchedWebhooksAsync()).Count);
        _shop.AssertNoErrorsLogged();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StripeBodyOverOneMiB_413AndOrderUnchanged(bool announcedLength)
    {
        var order = await _shop.CreateOrderAsync();
        var before = await _shop.OrderJsonAsync(order.OrderId);
        var payload = Padded(StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_shop.Gateway, "/webhooks/stripe")) { Content = Body(payload, announcedLength) };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", _shop.SignStripe(payload));

        using var response = await _shop.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body_too_large", await Shop.ProblemCodeAsync(response));
        Assert.Equal(before, await _shop.OrderJsonAsync(order.OrderId));
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task PayPalBodyOverOneMiB_413AndOrderUnchanged()
    {
        var order = await _shop.CreateOrderAsync();
        var before = await _shop.OrderJsonAsync(order.OrderId);
        var payload = Padded(PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), Shop.NewId("CAP"), order.OrderId, "19.99", "USD"));

        using var response = await _shop.PostSignedPayPalAsync(payload);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body_too_large", await Shop.ProblemCodeAsync(response));
        Assert.Equal(before, await _shop.OrderJsonAsync(order.OrderId));
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task PesaPalBodyOverOneMiB_413AndNothingLookedUp()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var before = await _shop.OrderJsonAsync(order.OrderId);
        var payload = Padded(new JsonObject
        {
            ["OrderNotificationType"] = "IPNCHANGE",
            ["OrderTrackingId"] = Guid.NewGuid().ToString(),
            ["OrderMerchantReference"] = order.OrderId,
        }.ToJsonString());

        using var response = await _shop.Http.PostAsync(new Uri(_shop.Gateway, "/webhooks/pesapal"), Body(payload, announcedLength: true));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body_too_large", await Shop.ProblemCodeAsync(response));
        Assert.Equal(before, await _shop.OrderJsonAsync(order.OrderId));
        Assert.Empty(await _shop.OutboxAsync(order.OrderId));
    }

    /// <summary>The event with a field that takes it just past 1 MiB; still valid JSON.</summary>
    private static string Padded(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node["padding"] = new string('x', OneMiB);
        var padded = node.ToJsonString();
        Assert.True(Encoding.UTF8.GetByteCount(padded) > OneMiB);
        return padded;
    }

    private static HttpContent Body(string payload, bool announcedLength) =>
        announcedLength
            ? new StringContent(payload, Encoding.UTF8, "application/json")
            // Chunked: the gateway only finds out while reading.
            : new StreamContent(new Files.ForwardOnlyStream(Encoding.UTF8.GetBytes(payload))) { Headers = { ContentType = new("application/json") } };
}
