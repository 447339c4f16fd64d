using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Simulators;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// Ten thousand hostile requests through a real gateway on PostgreSQL, across every endpoint it maps: malformed and
/// mistyped JSON, control characters (NUL first), unpaired surrogates and broken UTF-8, huge values, wrong content
/// types and methods, oversized bodies, bad signatures, and validly signed payloads that are hostile inside. None may
/// be answered 5xx or leak an exception, and afterwards the store holds exactly what it held before, apart from
/// webhooks about orders that do not exist, kept for inspection.
/// </summary>
public sealed class EdgeFuzzPostgresTests(ITestOutputHelper output)
{
    private const int Seed = 20_300_101;
    private const int Requests = 10_000;
    private const int Concurrency = 16;
    private const string SupplierSecret = "supplier-webhook-secret-for-the-fuzz-0123456789";
    private const string UnmatchedStream = "unmatched-webhooks";
    private const string FailureStream = "webhook-failures";
    private const int ShownFailures = 25;

    [Fact]
    public async Task Postgres_TenThousandHostileRequests_No5xxAndNothingRecordedButUnknownWebhooks()
    {
        await using var shop = await Shop.StartAsync(
            TestStore.Postgres, silos: 1, gateways: 1, configure: s => s["Supplier:Webhook:Secret"] = SupplierSecret);
        var known = new List<OrderView>();
        for (var i = 0; i < 3; i++)
        {
            known.Add(await CreateKnownOrderAsync(shop, $"fuzz-known-{i}"));
        }

        var paid = await CreateKnownOrderAsync(shop, "fuzz-known-paid");
        using (var payment = await shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded("evt_fuzz_known_paid", "pi_fuzz_known_paid", paid.OrderId, Shop.EbookPrice, "usd")))
        {
            Assert.Equal(HttpStatusCode.OK, payment.StatusCode);
        }

        await shop.Cluster.DrainAsync();
        Assert.Equal("delivered", (await shop.GetOrderAsync(paid.OrderId)).Status);
        known.Add(paid);
        var connection = shop.Cluster.ConnectionString!;
        var before = await StoreSnapshot.TakeAsync(connection);
        var requests = EdgeFuzzCases.Generate(
            new FuzzTargets(
                known.Select(o => o.OrderId).ToList(),
                known.Select(o => o.CustomerId).Distinct().ToList(),
                shop.Now,
                Shop.StripeSecret,
                (id, time, body) => shop.Payments.PayPalSigner.Sign(id, time, Shop.PayPalWebhookId, body),
                shop.Payments.PayPalCertificateUrl,
                new SupplierWebhookSigner(SupplierSecret),
                Shop.StorefrontKey,
                Shop.AdminKey),
            Seed,
            Requests);

        var failures = new ConcurrentDictionary<int, string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (request, _) =>
        {
            var (status, failure) = await SendAsync(shop, request);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (failure is not null)
            {
                failures[request.Number] = $"{request}\n  → {failure}";
            }
        });
        var elapsed = clock.Elapsed;
        await shop.Cluster.DrainAsync();
        var after = await StoreSnapshot.TakeAsync(connection);
        var logged = await StoreSnapshot.EntriesAfterAsync(connection, before.LastEntryId);

        output.WriteLine(FormattableString.Invariant(
            $"{requests.Count} requests ({requests.Count(r => r.MustRefuse)} that must be refused) at {Concurrency} at once in {elapsed.TotalSeconds:F1} s; seed {Seed}"));
        output.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));
        output.WriteLine($"webhooks kept for inspection: {logged.Count}");
        Assert.True(
            failures.IsEmpty,
            $"{failures.Count} of {requests.Count} requests were answered wrongly (seed {Seed}); the first {Math.Min(ShownFailures, failures.Count)}:\n\n"
            + string.Join("\n\n", failures.OrderBy(f => f.Key).Take(ShownFailures).Select(f => f.Value)));

        var changed = before.Grains.Where(g => !g.Key.StartsWith("inbox/", StringComparison.Ordinal) && after.Grains.GetValueOrDefault(g.Key) != g.Value).Select(g => g.Key).ToList();
        Assert.True(changed.Count == 0, "Grains changed: " + string.Join(", ", changed));
        var added = after.Grains.Keys.Except(before.Grains.Keys).Where(k => !k.StartsWith("inbox/", StringComparison.Ordinal)).ToList();
        Assert.True(added.Count == 0, "Grains appeared: " + string.Join(", ", added.Take(20).Select(Printable)));
        Assert.Equal(before.Reminders, after.Reminders);
        Assert.Equal(before.Review, after.Review);
        // A refused signature is counted for the webhook failure alert: by provider and status only, nothing of the request.
        foreach (var (_, grainKey, entry) in logged.Where(l => l.Stream == FailureStream))
        {
            Assert.Contains(grainKey, (string[])["stripe", "paypal", "pesapal", "supplier", "other"]);
            var failure = JsonNode.Parse(entry)!;
            Assert.Equal(grainKey, (string?)failure["source"]);
            Assert.Contains((string?)failure["reason"], (string[])["signature refused", "processing failed"]);
        }

        foreach (var (stream, grainKey, entry) in logged.Where(l => l.Stream != FailureStream))
        {
            Assert.Equal(UnmatchedStream, stream);
            Assert.Contains(grainKey, (string[])["stripe", "paypal", "pesapal", "supplier"]);
            var kept = JsonNode.Parse(entry)!;
            var reference = (string?)kept["reference"];
            // Only tolerated requests can be kept, and they never name an order that exists.
            Assert.True(
                reference is null || (IsCleanIdentifier(reference) && !known.Any(o => reference.Contains(o.OrderId, StringComparison.Ordinal))),
                $"A webhook naming {Printable(reference)} was kept: {entry}");
            Assert.True(IsCleanIdentifier((string?)kept["eventId"]), $"A hostile event id was kept: {entry}");
        }

        foreach (var order in known)
        {
            Assert.Equal(order.OrderId == paid.OrderId ? "delivered" : "pending_payment", (await shop.GetOrderAsync(order.OrderId)).Status);
        }

        shop.AssertNoErrorsLogged();
    }

    private static async Task<OrderView> CreateKnownOrderAsync(Shop shop, string idempotencyKey)
    {
        using var response = await shop.CheckoutAsync(
            new
            {
                customer = new { email = $"{idempotencyKey}@example.com", name = "Known Buyer" },
                items = new[] { new { sku = Shop.Ebook, quantity = 1 } },
            },
            idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderView>(Shop.Json))!;
    }

    /// <summary>Sends one request; the status (0 for no answer) and what is wrong with the answer, if anything.</summary>
    private static async Task<(int Status, string? Failure)> SendAsync(Shop shop, FuzzRequest request)
    {
        using var message = request.ToMessage(shop.Gateway);
        HttpResponseMessage response;
        try
        {
            response = await shop.Http.SendAsync(message);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            return (0, $"no answer: {e.GetType().Name}: {e.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var code = mediaType == "application/problem+json" ? ProblemCode(body) : null;
            string? failure = null;
            if (status >= 500)
            {
                failure = $"answered {status}: {Shorten(body)}";
            }
            else if (request.MustRefuse && status < 400)
            {
                failure = $"must be refused, answered {status}: {Shorten(body)}";
            }
            else if (request.ExpectedCode is { } expected && code != expected)
            {
                failure = $"expected code {expected}, answered {status} {code ?? mediaType ?? "(no body)"}: {Shorten(body)}";
            }
            else if (status >= 400 && body.Length > 0 && !IsPage(request.Path) && code is null)
            {
                failure = $"answered {status} without a problem code ({mediaType}): {Shorten(body)}";
            }
            else if (Leaks(body))
            {
                failure = $"answered {status} with internals: {Shorten(body)}";
            }

            return (status, failure);
        }
    }

    private static string? ProblemCode(string body)
    {
        try
        {
            return (string?)JsonNode.Parse(body)?["code"];
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    // The buyer's pages answer refusals as HTML pages, by design.
    private static bool IsPage(string path) =>
        path.StartsWith("/download/", StringComparison.Ordinal) || path.StartsWith("/account/", StringComparison.Ordinal) || path.StartsWith("/order/", StringComparison.Ordinal);

    private static bool Leaks(string body) =>
        body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Npgsql", StringComparison.Ordinal)
        || body.Contains("SQLSTATE", StringComparison.OrdinalIgnoreCase) || body.Contains("invalid byte sequence", StringComparison.Ordinal);

    // An independent oracle, so a flaw in the gateway's own validator cannot hide here.
    private static bool IsCleanIdentifier(string? text) =>
        text is { Length: > 0 and <= 200 } && !text.Any(c => char.IsControl(c) || c is '\uFFFD' or '\uFFFE' or '\uFFFF') && !HasLoneSurrogate(text);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Printable(string? text) =>
        text is null ? "(null)" : System.Text.Json.JsonSerializer.Serialize(text.Length <= 80 ? text : text[..80] + "…");

    private static string Shorten(string body) => body.Length <= 400 ? body : body[..400] + string.Create(CultureInfo.InvariantCulture, $"…({body.Length} chars)");
}
