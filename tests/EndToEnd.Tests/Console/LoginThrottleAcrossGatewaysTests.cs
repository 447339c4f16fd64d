using System.Net;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>
/// The console's login throttle is one count per client address for the whole cluster: wrong passwords spread over two
/// gateways add up, and the lock holds on both.
/// </summary>
public sealed class LoginThrottleAcrossGatewaysTests(ConsoleShop store) : IClassFixture<ConsoleShop>
{
    [Fact]
    public async Task Login_FiveWrongPasswordsSpreadOverTwoGateways_NextTryOnEitherWaits_ThenTheRightOneWorks()
    {
        var secondGateway = await store.Cluster.StartGatewayAsync();
        using var first = ConsoleHttp.Client(store);
        using var second = ConsoleHttp.Client(store);
        second.BaseAddress = secondGateway;
        var firstToken = ConsoleHttp.Token(await first.GetStringAsync("/console/login"));
        var secondToken = ConsoleHttp.Token(await second.GetStringAsync("/console/login"));

        for (var i = 0; i < 5; i++)
        {
            var (http, token) = i % 2 == 0 ? (first, firstToken) : (second, secondToken);
            using var wrong = await ConsoleHttp.PostPasswordAsync(http, token, $"wrong-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Three wrong tries went to the first gateway and two to the second: neither alone reached five.
        foreach (var (http, token) in new[] { (first, firstToken), (second, secondToken) })
        {
            using var waiting = await ConsoleHttp.PostPasswordAsync(http, token, ConsoleShop.Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), waiting.Headers.RetryAfter?.Delta);
        }

        await store.Cluster.AdvanceAsync(TimeSpan.FromSeconds(31));

        using var right = await ConsoleHttp.PostPasswordAsync(second, secondToken, ConsoleShop.Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/console/orders", right.Headers.Location!.OriginalString);
    }
}
