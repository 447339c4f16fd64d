using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>
/// The <c>orders</c> table through <c>GET /admin/orders</c>: each order's row follows its status, payment and delivery,
/// test orders are marked, and bad filters are refused with a reason.
/// </summary>
public sealed class OrderListingTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly Shop _shop = fixture.Shop;

    [Fact]
    public async Task ListOrders_PaidOrder_RowFollowsItFromPendingToDelivered()
    {
        var email = $"Buyer-{Guid.NewGuid():N}@Example.com";
        var order = await _shop.CreateOrderAsync(email: email);
        var pending = await ListAsync($"email={Uri.EscapeDataString(email)}");

        var intent = Shop.NewId("pi");
        using var paid = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), intent, order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();
        var delivered = await ListAsync($"email={Uri.EscapeDataString(email.ToUpperInvariant())}&status=delivered&product={Shop.Ebook}&test=false");

        var before = Assert.Single(pending);
        Assert.Equal((order.OrderId, "pending_payment", email, false), ((string)before["orderId"]!, (string)before["status"]!, (string)before["customerEmail"]!, (bool)before["test"]!));
        Assert.Null(before["paidAt"]);
        var after = Assert.Single(delivered);
        Assert.Equal((order.OrderId, "delivered", Shop.EbookPrice, "USD"), ((string)after["orderId"]!, (string)after["status"]!, (long)after["totalMinor"]!, (string)after["currency"]!));
        Assert.NotNull(after["paidAt"]);
        Assert.NotNull(after["deliveredAt"]);
        Assert.Equal([Shop.Ebook], after["skus"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task ListOrders_NextCursor_PagesThroughEveryOrderOnce()
    {
        var email = $"pager-{Guid.NewGuid():N}@example.com";
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await _shop.CreateOrderAsync(email: email)).OrderId);
        }

        await _shop.Cluster.DrainAsync();
        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var query = $"email={Uri.EscapeDataString(email)}&limit=2" + (next is null ? "" : $"&before={Uri.EscapeDataString(next)}");
            using var response = await _shop.SendAsync(HttpMethod.Get, $"/admin/orders?{query}", Shop.AdminKey);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["orderId"]!));
            next = (string?)page["next"];
            pages++;
        }
        while (next is not null && pages < 5);

        Assert.Equal(2, pages);
        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateOrder_TestFlag_ShownOnTheViewAndListedAsTest()
    {
        var email = $"tester-{Guid.NewGuid():N}@example.com";
        var cart = await _shop.Cluster.Client.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).PriceAsync([new CartItem(Shop.Ebook, 1)]);
        var orderId = Shop.NewId("test");

        var created = await _shop.Cluster.Client.GetGrain<IOrderGrain>(orderId).CreateAsync(new NewOrder(new CustomerInfo(email), cart, Test: true));
        var json = JsonNode.Parse(await _shop.OrderJsonAsync(orderId))!;
        var tests = await ListAsync($"email={Uri.EscapeDataString(email)}&test=true");
        var live = await ListAsync($"email={Uri.EscapeDataString(email)}&test=false");

        Assert.True(created.Created);
        Assert.True(created.Order!.Test);
        Assert.True((bool)json["test"]!);
        Assert.Equal(orderId, (string)Assert.Single(tests)["orderId"]!);
        Assert.Empty(live);
    }

    [Fact]
    public async Task DeliveryLog_DeliveryAndResend_SearchableByOrderEmailProductAndDatesAndExportedAsCsv()
    {
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var order = await _shop.CreateOrderAsync(email: email);
        using (var paid = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd")))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await _shop.Cluster.DrainAsync();
        using (var resent = await _shop.SendAsync(HttpMethod.Post, $"/admin/orders/{order.OrderId}/resend", Shop.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        }

        await _shop.Cluster.DrainAsync();
        var day = _shop.Now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var byOrder = await DeliveriesAsync($"order={order.OrderId}");
        var byEmail = await DeliveriesAsync($"email={Uri.EscapeDataString(email.ToUpperInvariant())}&product={Shop.Ebook}&from={day}");
        var otherProduct = await DeliveriesAsync($"email={Uri.EscapeDataString(email)}&product={Shop.Course}");
        var before = await DeliveriesAsync($"email={Uri.EscapeDataString(email)}&to={day}");

        var emails = byOrder.Where(e => (string?)e["entry"]!["channel"] == "email").Select(e => e["entry"]!).ToList();
        Assert.Equal(["resent", "delivered"], emails.Select(e => (string?)e["kind"]));
        Assert.All(emails, e =>
        {
            Assert.Equal(email, (string?)e["customerEmail"]);
            Assert.Equal([Shop.Ebook], e["products"]!.AsArray().Select(p => (string?)p));
            Assert.Equal([$"{Shop.Ebook}: file"], e["items"]!.AsArray().Select(p => (string?)p));
        });
        Assert.Equal(_shop.MessageIdsTo(email).Order(StringComparer.Ordinal), emails.Select(e => (string)e["messageId"]!).Order(StringComparer.Ordinal));
        Assert.Equal(byOrder.Select(e => (long)e["id"]!), byEmail.Select(e => (long)e["id"]!));
        Assert.Empty(otherProduct);
        Assert.Empty(before);

        using var csv = await _shop.SendAsync(HttpMethod.Get, $"/admin/deliveries.csv?email={Uri.EscapeDataString(email)}", Shop.AdminKey);
        using var formatCsv = await _shop.SendAsync(HttpMethod.Get, $"/admin/deliveries?format=csv&order={order.OrderId}", Shop.AdminKey);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,order_id,customer_id,customer_email,kind,channel,products,items,message_id,detail", rows[0]);
        Assert.Equal(byOrder.Count + 1, rows.Length);
        Assert.All(_shop.MessageIdsTo(email), id => Assert.Contains(id, text, StringComparison.Ordinal));
        Assert.Equal(text, await formatCsv.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("format=xml", "invalid_format")]
    [InlineData("order=a%00b", "invalid_identifier")]
    [InlineData("from=soon", "invalid_from")]
    [InlineData("limit=0", "invalid_limit")]
    public async Task DeliveryLog_BadFilter_400WithTheReason(string query, string code)
    {
        using var response = await _shop.SendAsync(HttpMethod.Get, $"/admin/deliveries?{query}", Shop.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
    }

    [Theory]
    [InlineData("status=lost", "invalid_status")]
    [InlineData("from=yesterday", "invalid_from")]
    [InlineData("to=2030-13-45", "invalid_to")]
    [InlineData("test=maybe", "invalid_test")]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=100000", "invalid_limit")]
    [InlineData("before=-3", "invalid_before")]
    [InlineData("before=12%3A", "invalid_before")]
    [InlineData("email=a%00b", "invalid_identifier")]
    public async Task ListOrders_BadFilter_400WithTheReason(string query, string code)
    {
        using var response = await _shop.SendAsync(HttpMethod.Get, $"/admin/orders?{query}", Shop.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
    }

    [Fact]
    public async Task ListOrders_WithoutAdminKey_Refused()
    {
        using var response = await _shop.SendAsync(HttpMethod.Get, "/admin/orders", Shop.StorefrontKey);

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
    }

    private async Task<IReadOnlyList<JsonObject>> DeliveriesAsync(string query)
    {
        await _shop.Cluster.DrainAsync();
        using var response = await _shop.SendAsync(HttpMethod.Get, $"/admin/deliveries?{query}", Shop.AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    private async Task<IReadOnlyList<JsonObject>> ListAsync(string query)
    {
        await _shop.Cluster.DrainAsync();
        using var response = await _shop.SendAsync(HttpMethod.Get, $"/admin/orders?{query}", Shop.AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }
}
