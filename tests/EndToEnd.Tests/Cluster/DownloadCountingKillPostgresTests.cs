using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Delivery.Testing.Processes;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Cluster;

/// <summary>
/// Three Silo processes and a Gateway process on PostgreSQL: buyers spend their download allowance as fast as the
/// gateway answers while the silo that counts for most of them is killed with SIGKILL. No allowance is exceeded, no
/// answered download goes uncounted, and every count is in the download history exactly once.
/// </summary>
[Collection(SiloProcessesCollection.Name)]
public sealed class DownloadCountingKillPostgresTests(ITestOutputHelper output)
{
    private const int Buyers = 6;
    private const int Limit = 12;
    private const int Callers = 3;

    [Fact]
    public async Task SiloKilled_WhileDownloadsAreCounted_NoAllowanceExceededEveryCountLoggedOnce()
    {
        var folder = Directory.CreateTempSubdirectory("procs-files-");
        try
        {
            await using var cluster = await ProcessCluster.StartAsync(output, extra: new Dictionary<string, string>
            {
                ["Files__Local__RootPath"] = Path.Combine(folder.FullName, "files"),
                ["Files__Local__SecretFile"] = Path.Combine(folder.FullName, "file-url.key"),
                ["Files__Local__PublicBaseUrl"] = "http://127.0.0.1:5000",
            });
            var sku = await AddFileProductAsync(cluster);
            var buyers = await Task.WhenAll(Enumerable.Range(0, Buyers).Select(_ => BuyAsync(cluster, sku)));
            var (victim, held) = await VictimAsync(cluster, buyers);
            cluster.Log($"{victim.Name} counts for {held} of {Buyers} buyers");

            var tallies = buyers.ToDictionary(b => b.CustomerId, _ => new Tally());
            using var budget = new CancellationTokenSource(ProcessCluster.Wait);
            var spending = buyers.SelectMany(b => Enumerable.Range(0, Callers).Select(_ => SpendAsync(cluster, b, tallies[b.CustomerId], budget.Token))).ToList();
            await cluster.WaitUntilAsync(
                () => Task.FromResult(tallies.Values.Sum(t => t.Issued) >= Buyers * 2),
                ProcessCluster.Wait,
                "downloads to be counted");
            await victim.KillAsync();
            var killed = Stopwatch.StartNew();
            cluster.Log($"{victim.Name} killed with {tallies.Values.Sum(t => t.Issued)} downloads issued");
            await Task.WhenAll(spending);
            cluster.Log($"allowances spent {killed.Elapsed.TotalSeconds:F1} s after the kill: " +
                string.Join(", ", tallies.Values.Select(t => $"{t.Issued} issued/{t.Unanswered} unanswered")));

            // The history is written after each count, by the counting grain's effects: wait until it has caught up.
            List<string> history = [];
            await cluster.WaitUntilAsync(
                async () => (history = await DownloadHistoryAsync(cluster)).Count(h => tallies.ContainsKey(h)) >= Buyers * Limit,
                ProcessCluster.Wait,
                "the download history to hold every count");
            foreach (var buyer in buyers)
            {
                var tally = tallies[buyer.CustomerId];
                var used = await UsedAsync(cluster, buyer);
                var logged = history.Count(h => h == buyer.CustomerId);
                Assert.True(tally.Issued <= Limit, $"{buyer.CustomerId}: {tally.Issued} downloads issued, allowance {Limit}");
                Assert.Equal(Limit, used);
                Assert.True(
                    used - tally.Issued <= tally.Unanswered,
                    $"{buyer.CustomerId}: {used} counted, {tally.Issued} issued, only {tally.Unanswered} answers lost");
                Assert.Equal(used, logged);
            }

            // An order held by the killed silo may still be sending its email (its claim holds it for the lease).
            await cluster.WaitUntilAsync(
                async () =>
                {
                    var sent = await cluster.Smtp.MessagesAsync();
                    return buyers.All(b => sent.Any(m => m.To.Contains(b.Email, StringComparer.OrdinalIgnoreCase)));
                },
                ProcessCluster.Wait,
                "a delivery email to each buyer");
            var messages = await cluster.Smtp.MessagesAsync();
            Assert.All(buyers, b => Assert.Single(messages, m => m.To.Contains(b.Email, StringComparer.OrdinalIgnoreCase)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> AddFileProductAsync(ProcessCluster cluster)
    {
        var sku = "ebook-" + Guid.NewGuid().ToString("N")[..8];
        var key = $"ebooks/{sku}/guide.pdf";
        using (var upload = new HttpRequestMessage(HttpMethod.Put, new Uri(cluster.GatewayAddress, "admin/files/" + key)))
        {
            upload.Content = new ByteArrayContent("%PDF-1.4 field guide"u8.ToArray());
            upload.Content.Headers.ContentType = new("application/pdf");
            upload.Headers.Add("X-Api-Key", ProcessCluster.AdminKey);
            using var uploaded = await cluster.Http.SendAsync(upload);
            Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        }

        using var product = new HttpRequestMessage(HttpMethod.Put, new Uri(cluster.GatewayAddress, $"admin/products/{sku}"))
        {
            Content = JsonContent.Create(new
            {
                sku, name = "The Field Guide", priceMinor = 1299, currency = "USD", kind = "file", downloadLimit = Limit, fileKey = key, fileName = "Field Guide.pdf",
            }),
        };
        product.Headers.Add("X-Api-Key", ProcessCluster.AdminKey);
        using var saved = await cluster.Http.SendAsync(product);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        return sku;
    }

    private static async Task<Downloader> BuyAsync(ProcessCluster cluster, string sku)
    {
        var customerId = "procs-" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{customerId}@example.test";
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.GatewayAddress, "api/orders"))
        {
            Content = JsonContent.Create(new { customer = new { email, id = customerId }, items = new[] { new { sku, quantity = 1 } } }),
        };
        create.Headers.Add("X-Api-Key", ProcessCluster.StorefrontKey);
        using var created = await cluster.Http.SendAsync(create);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        using var order = JsonDocument.Parse(body);
        var buyer = new Delivery.Buyer(order.RootElement.GetProperty("orderId").GetString()!, email, order.RootElement.GetProperty("amountMinor").GetInt64());
        using var paid = await cluster.PayAsync(buyer);
        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());

        string? entitlement = null;
        await cluster.WaitUntilAsync(
            async () => (entitlement = (await EntitlementAsync(cluster, customerId))?.GetProperty("entitlementId").GetString()) is not null,
            ProcessCluster.Wait,
            $"{customerId}'s download to be granted");
        return new Downloader(customerId, email, entitlement!);
    }

    /// <summary>The silo holding the most of these buyers' customer grains.</summary>
    private static async Task<(SiloProcess Victim, int Held)> VictimAsync(ProcessCluster cluster, Downloader[] buyers)
    {
        var hosts = await cluster.HostsAsync(buyers.Select(b => b.CustomerId));
        var victim = cluster.Silos.Select(s => (Silo: s, Held: hosts.Count(h => h.Value == s))).OrderByDescending(v => v.Held).First();
        Assert.True(victim.Held > 0, "no silo holds any of the buyers' customer grains");
        return victim;
    }

    /// <summary>One caller asking for downloads until the allowance is spent: a refusal with download_limit_reached.</summary>
    private static async Task SpendAsync(ProcessCluster cluster, Downloader buyer, Tally tally, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var request = new HttpRequestMessage(
                HttpMethod.Post, new Uri(cluster.GatewayAddress, $"api/customers/{buyer.CustomerId}/entitlements/{buyer.EntitlementId}/downloads"));
            request.Headers.Add("X-Api-Key", ProcessCluster.StorefrontKey);
            HttpResponseMessage response;
            try
            {
                response = await cluster.Http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Interlocked.Increment(ref tally.Unanswered);
                continue;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        Interlocked.Increment(ref tally.Issued);
                        break;
                    case HttpStatusCode.Forbidden when body.Contains("download_limit_reached", StringComparison.Ordinal):
                        return;
                    case HttpStatusCode.ServiceUnavailable:
                        // Nothing may be known of the count: the silo may have written it before it died.
                        Interlocked.Increment(ref tally.Unanswered);
                        break;
                    default:
                        Assert.Fail($"{buyer.CustomerId}: a download answered {(int)response.StatusCode} {body}");
                        break;
                }
            }
        }
    }

    private static async Task<JsonElement?> EntitlementAsync(ProcessCluster cluster, string customerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.GatewayAddress, $"api/customers/{customerId}/entitlements"));
        request.Headers.Add("X-Api-Key", ProcessCluster.StorefrontKey);
        using var response = await cluster.Http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = document.RootElement.GetProperty("entitlements");
        return items.GetArrayLength() == 0 ? null : items[0].Clone();
    }

    private static async Task<int> UsedAsync(ProcessCluster cluster, Downloader buyer)
    {
        var entitlement = await EntitlementAsync(cluster, buyer.CustomerId);
        Assert.NotNull(entitlement);
        return entitlement.Value.GetProperty("used").GetInt32();
    }

    /// <summary>The customer of every entry in the download history, all pages.</summary>
    private static async Task<List<string>> DownloadHistoryAsync(ProcessCluster cluster)
    {
        var customers = new List<string>();
        long? before = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.GatewayAddress, $"admin/downloads?limit=200{(before is { } b ? $"&before={b}" : "")}"));
            request.Headers.Add("X-Api-Key", ProcessCluster.AdminKey);
            using var response = await cluster.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var page = JsonDocument.Parse(body);
            customers.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("grain").GetString()!));
            before = page.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.Number ? next.GetInt64() : null;
        }
        while (before is not null);
        return customers;
    }

    private sealed record Downloader(string CustomerId, string Email, string EntitlementId);

    private sealed class Tally
    {
        public int Issued;
        public int Unanswered;
    }
}
