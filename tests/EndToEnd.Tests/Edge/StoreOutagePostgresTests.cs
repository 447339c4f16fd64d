using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// The network between the silos and PostgreSQL is cut: every request that needs the database (a write, a grain not
/// in memory) is answered 503 with <c>Retry-After</c> and a problem that shows nothing of the failure (no exception,
/// no host, no SQL), never 500; an order already in memory is still read. Once the network is back, the same
/// requests are answered as before, without restarting anything.
/// </summary>
public sealed class StoreOutagePostgresTests
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Postgres_StoreUnreachable_503WithRetryAfterAndNoDetailsThenRecovers()
    {
        TcpForwarder? forwarder = null;
        try
        {
            await using var shop = await Shop.StartAsync(TestStore.Postgres, silos: 1, gateways: 1, routeDatabase: direct =>
            {
                var builder = new NpgsqlConnectionStringBuilder(direct);
                forwarder ??= new TcpForwarder(builder.Host!, builder.Port);
                return new NpgsqlConnectionStringBuilder(direct) { Host = "127.0.0.1", Port = forwarder.Port, Timeout = 3 }.ConnectionString;
            });
            try
            {
                await OutageAsync(shop, forwarder!);
            }
            finally
            {
                forwarder!.Restore();
            }
        }
        finally
        {
            // The shop stops first, with its database reachable again, as a deployment stops: no host's shutdown
            // depends on a hop that is gone.
            if (forwarder is not null)
            {
                await forwarder.DisposeAsync();
            }
        }
    }

    private static async Task OutageAsync(Shop shop, TcpForwarder cut)
    {
        var order = await shop.CreateOrderAsync();
        using var http = new HttpClient { BaseAddress = shop.Gateway };
        using (var reachable = await http.SendAsync(GetOrder(order.OrderId)))
        {
            Assert.Equal(HttpStatusCode.OK, reachable.StatusCode);
        }

        // The order's own background work (its row in the orders listing) is done before the cut: a write failing
        // then would rightly deactivate the grain, and this checks what an idle activation answers from memory.
        await shop.Cluster.DrainAsync();
        cut.Cut();
        using (var inMemory = await http.SendAsync(GetOrder(order.OrderId)))
        {
            Assert.Equal(HttpStatusCode.OK, inMemory.StatusCode);
        }

        foreach (var request in new[] { PesaPalIpn(order.OrderId), GetCustomer(order.CustomerId) })
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(LastResortExceptionHandler.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Equal("store_unavailable", await Shop.ProblemCodeAsync(response));
            foreach (var internals in new[] { "Exception", "Npgsql", "127.0.0.1", cut.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), " at " })
            {
                Assert.DoesNotContain(internals, body, StringComparison.Ordinal);
            }
        }

        cut.Restore();
        await Poll.UntilAsync(
            async () =>
            {
                // The customer has nothing yet (the order is unpaid): its real answer is 404, where the outage gave 503.
                using var response = await http.SendAsync(GetCustomer(order.CustomerId));
                return response.StatusCode == HttpStatusCode.NotFound;
            },
            Recovery,
            "the silo to reach the database again");
        using var recorded = await http.SendAsync(PesaPalIpn(order.OrderId));
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(200, (int?)JsonNode.Parse(await recorded.Content.ReadAsStringAsync())!["status"]);
    }

    private static HttpRequestMessage GetOrder(string orderId) =>
        new(HttpMethod.Get, $"/api/orders/{Uri.EscapeDataString(orderId)}") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Shop.StorefrontKey) } };

    private static HttpRequestMessage GetCustomer(string customerId) =>
        new(HttpMethod.Get, $"/admin/customers/{Uri.EscapeDataString(customerId)}") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Shop.AdminKey) } };

    private static HttpRequestMessage PesaPalIpn(string orderId) =>
        new(HttpMethod.Post, "/webhooks/pesapal")
        {
            Content = new StringContent(
                new JsonObject { ["OrderTrackingId"] = "trk-outage", ["OrderMerchantReference"] = orderId, ["OrderNotificationType"] = "IPNCHANGE" }.ToJsonString(),
                Encoding.UTF8,
                "application/json"),
        };
}
