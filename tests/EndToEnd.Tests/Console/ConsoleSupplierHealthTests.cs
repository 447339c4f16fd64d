using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Grains.Interfaces;
using static Orleans.Delivery.EndToEnd.Tests.Console.ConsoleHttp;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>
/// The supplier health page and <c>GET /admin/supplier/health</c> after a few orders bought from the supplier
/// simulator: the figures come from what the silos recorded, and the page renders them with its chart.
/// </summary>
public sealed class ConsoleSupplierHealthTests(ConsoleShop store) : IClassFixture<ConsoleShop>
{
    [Fact]
    public async Task SupplierHealth_AfterTwoDeliveredOrders_ShowsCallsBalanceSpendCircuitsAndChart()
    {
        await store.DeliveredOrderAsync();
        await store.DeliveredOrderAsync();
        await store.Grains.GetGrain<IAlertsGrain>(IAlertsGrain.Default).EvaluateAsync();
        await store.Cluster.DrainAsync();
        var balance = store.Shop.Supplier.Balance.ToString("N2", CultureInfo.InvariantCulture) + " USD";
        using var http = Client(store);
        await LogInAsync(http);

        using var page = await http.GetAsync("/console/supplier");
        var html = await page.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(await AdminGetAsync("/admin/supplier/health"))!;

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Matches(new Regex(@"Last 5 minutes</th>\s*<td>2</td>"), html);
        Assert.Matches(new Regex(@"Last hour</th>\s*<td>2</td>"), html);
        Assert.Contains(balance, html, StringComparison.Ordinal);
        Assert.Contains("5.71 USD", html, StringComparison.Ordinal);   // 2 × 20.00 USD bought, over 7 days
        Assert.Contains("Paid: 2", html, StringComparison.Ordinal);
        Assert.Contains("Delivered: 2", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-title chart-desc\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-title\">", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"circuit closed\">closed</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(2, (int)json["lastFiveMinutes"]!["calls"]!);
        Assert.Equal(0, (int)json["lastHour"]!["failures"]!);
        Assert.True((double)json["lastFiveMinutes"]!["p95Ms"]! >= 0);
        Assert.Equal(store.Shop.Supplier.Balance, (decimal)json["balance"]!["amount"]!);
        Assert.Equal("USD", (string?)json["typicalDailySpend"]![0]!["currency"]);
        Assert.Equal(571.43m, Math.Round((decimal)json["typicalDailySpend"]![0]!["amountMinor"]!, 2));
        Assert.Equal(2, json["minutes"]!.AsArray().Sum(m => (int)m!["paid"]!));
        Assert.Equal(2, json["minutes"]!.AsArray().Sum(m => (int)m!["delivered"]!));
        Assert.Equal(1440, (int)json["chartMinutes"]!);
        Assert.Equal(store.Cluster.Silos.Count(s => !s.Stopped), json["circuits"]!.AsArray().Count);
        Assert.All(json["circuits"]!.AsArray(), c => Assert.Equal("closed", (string?)c!["state"]));
    }

    private async Task<string> AdminGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CodeShop.AdminKey);
        using var response = await store.Shop.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
