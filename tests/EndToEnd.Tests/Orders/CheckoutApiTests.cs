using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Orders;

/// <summary>The storefront's checkout API on a real gateway: orders priced from the catalog, created once, read back.</summary>
public sealed class CheckoutApiTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly Shop _shop = fixture.Shop;

    [Fact]
    public async Task Create_SameIdempotencyKeyTwice_SameOrder()
    {
        var key = Guid.NewGuid().ToString();
        var body = Cart("twice@example.com", (Shop.Ebook, 1));

        using var first = await _shop.CheckoutAsync(body, key);
        using var retried = await _shop.CheckoutAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var created = (await first.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!;
        var again = (await retried.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!;
        Assert.Equal(created.OrderId, again.OrderId);
        Assert.Equal($"/api/orders/{created.OrderId}", first.Headers.Location?.OriginalString);
        Assert.Single(again.History);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyDifferentCart_409AndFirstOrderKept()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _shop.CheckoutAsync(Cart("first@example.com", (Shop.Ebook, 1)), key);
        var created = (await first.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!;

        using var conflicting = await _shop.CheckoutAsync(Cart("first@example.com", (Shop.Ebook, 2)), key);

        Assert.Equal(HttpStatusCode.Conflict, conflicting.StatusCode);
        Assert.Equal("order_conflict", await Shop.ProblemCodeAsync(conflicting));
        var kept = await _shop.GetOrderAsync(created.OrderId);
        Assert.Equal(Shop.EbookPrice, kept.AmountMinor);
        Assert.Equal(1, Assert.Single(kept.Lines).Quantity);
    }

    [Fact]
    public async Task Create_WithoutIdempotencyKey_NewOrderEachTime()
    {
        var body = Cart("plain@example.com", (Shop.Ebook, 1));

        using var first = await _shop.CheckoutAsync(body);
        using var second = await _shop.CheckoutAsync(body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(
            (await first.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!.OrderId,
            (await second.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!.OrderId);
    }

    [Fact]
    public async Task Create_PricesInTheRequest_IgnoredAmountFromTheCatalog()
    {
        using var response = await _shop.CheckoutAsync(new
        {
            customer = new { email = "bargain@example.com" },
            items = new[] { new { sku = Shop.Ebook, quantity = 3, priceMinor = 1, unitPriceMinor = 1 } },
            amountMinor = 1,
            currency = "EUR",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!;
        Assert.Equal(3 * Shop.EbookPrice, order.AmountMinor);
        Assert.Equal("USD", order.Currency);
        Assert.Equal(Shop.EbookPrice, Assert.Single(order.Lines).UnitPriceMinor);
        Assert.Equal("pending_payment", order.Status);
    }

    [Fact]
    public async Task Create_NothingFulfilledWhileUnpaid()
    {
        var order = await _shop.CreateOrderAsync();

        await _shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));

        Assert.Equal("pending_payment", (await _shop.GetOrderAsync(order.OrderId)).Status);
        Assert.Empty(await _shop.OutboxAsync(order.OrderId));
        Assert.Equal(0, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task Create_PaidTheCatalogAmount_Confirmed()
    {
        var order = await _shop.CreateOrderAsync(Shop.Ebook, quantity: 2);

        using var paid = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, 2 * Shop.EbookPrice, "usd"));

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);

        // Files granted at once; the email goes out from a silo's runner after the answer, so the order is delivering
        // until the mail service takes it, or delivered already.
        Assert.Contains((await _shop.GetOrderAsync(order.OrderId)).Status, (string[])["delivering", "delivered"]);
        await _shop.Cluster.DrainAsync();
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
    }

    [Theory]
    [InlineData(0, "invalid_quantity")]
    [InlineData(-1, "invalid_quantity")]
    [InlineData(101, "invalid_quantity")]
    public async Task Create_BadQuantity_400WithStableCode(int quantity, string code)
    {
        using var response = await _shop.CheckoutAsync(Cart("qty@example.com", (Shop.Ebook, quantity)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
    }

    [Theory]
    [InlineData("not-an-email", "invalid_customer_email")]
    [InlineData("two@@example.com", "invalid_customer_email")]
    [InlineData("Ada <ada@example.com>", "invalid_customer_email")]
    [InlineData("", "missing_customer_email")]
    public async Task Create_BadEmail_400WithStableCode(string email, string code)
    {
        using var response = await _shop.CheckoutAsync(Cart(email, (Shop.Ebook, 1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
    }

    [Fact]
    public async Task Create_UnknownSku_422NamingTheSku()
    {
        using var response = await _shop.CheckoutAsync(Cart("sku@example.com", (Shop.Ebook, 1), ("no-such-product", 1)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("invalid_cart", await Shop.ProblemCodeAsync(response));
        Assert.Contains("no-such-product", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MixedCurrencies_422()
    {
        using var response = await _shop.CheckoutAsync(Cart("mixed@example.com", (Shop.Ebook, 1), (Shop.Course, 1)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("invalid_cart", await Shop.ProblemCodeAsync(response));
    }

    [Theory]
    [InlineData("{\"customer\":{\"email\":\"a@example.com\"},\"items\":[]}", "missing_items")]
    [InlineData("{\"customer\":{\"email\":\"a@example.com\"},\"items\":[{\"quantity\":1}]}", "missing_sku")]
    [InlineData("{\"customer\":{\"email\":\"a@example.com\"},\"items\":[{\"sku\":\"ebook\",\"quantity\":\"one\"}]}", "malformed_json")]
    [InlineData("{\"customer\":", "malformed_json")]
    [InlineData("", "empty_body")]
    public async Task Create_MalformedRequest_400WithStableCode(string body, string code)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_shop.Gateway, "/api/orders"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Shop.StorefrontKey);

        using var response = await _shop.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
        _shop.AssertNoErrorsLogged();
    }

    [Theory]
    [InlineData(null, "missing_api_key")]
    [InlineData("not-a-key", "invalid_api_key")]
    public async Task Create_WithoutAValidApiKey_401(string? key, string code)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_shop.Gateway, "/api/orders")) { Content = JsonContent.Create(Cart("key@example.com", (Shop.Ebook, 1))) };
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        using var response = await _shop.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
    }

    [Fact]
    public async Task Get_UnknownOrder_404()
    {
        using var response = await _shop.SendAsync(HttpMethod.Get, $"/api/orders/{Shop.NewId("ord")}", Shop.StorefrontKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_order", await Shop.ProblemCodeAsync(response));
    }

    [Fact]
    public async Task Get_AfterPayment_ShowsEveryTransitionWithTimeAndCause()
    {
        var created = _shop.Now;
        var order = await _shop.CreateOrderAsync();
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(3));
        var paidAt = _shop.Now;
        using var paid = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();

        var view = await _shop.GetOrderAsync(order.OrderId);

        Assert.Equal(
            [("none", "pending_payment", created), ("pending_payment", "paid", paidAt), ("paid", "delivering", paidAt)],
            view.History.Take(3).Select(h => (h.From, h.To, h.At)));
        Assert.Equal(("delivering", "delivered", paidAt, "delivered: the email was accepted by the mail server"), (view.History[^1].From, view.History[^1].To, view.History[^1].At, view.History[^1].Cause));
        Assert.StartsWith("order created: 1 line(s), 1999 USD", view.History[0].Cause, StringComparison.Ordinal);
        Assert.All(view.History, h => Assert.False(string.IsNullOrWhiteSpace(h.Cause)));
        Assert.Equal(created, view.CreatedAt);
        Assert.Equal(paidAt, view.PaidAt);
        Assert.Contains(view.History, h => h.Cause.StartsWith("email delivery-email-1 sent", StringComparison.Ordinal));
    }

    private static object Cart(string email, params (string Sku, int Quantity)[] items) => new
    {
        customer = new { email, name = "Ada Buyer" },
        items = items.Select(i => new { sku = i.Sku, quantity = i.Quantity }).ToArray(),
    };
}
