using System.Net.Http.Headers;
using System.Text;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Benchmarks;

/// <summary>What the delivery benchmarks share: the paying webhook, and the reading of what the SMTP server received.</summary>
public static class Deliveries
{
    /// <param name="PerSecond">Delivered orders from the first webhook sent to the last email received.</param>
    public sealed record Outcome(int Delivered, double PerSecond, double P50, double P99, double Max);

    /// <summary>The event <paramref name="payload"/> signed as Stripe signs it, posted to the gateway's <c>/webhooks/stripe</c>.</summary>
    public static HttpRequestMessage PaymentRequest(Uri gateway, string payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "webhooks/stripe")) { Content = new StringContent(payload, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Stripe-Signature", StripeWebhookSigner.Sign(payload, BenchCluster.StripeSecret, TimeProvider.System.GetUtcNow()));
        return request;
    }

    /// <summary>A <c>payment_intent.succeeded</c> event paying the order in full.</summary>
    public static string PaymentPayload(string orderId) =>
        StripeEventPayloads.PaymentIntentSucceeded($"evt_{Guid.NewGuid():N}", $"pi_{Guid.NewGuid():N}", orderId, BenchCluster.PriceMinor, "usd");

    /// <summary>
    /// Per order, the time from its webhook (<paramref name="sentAt"/>) to the first email its buyer got; says on
    /// standard error when an order was not bought exactly once or got no email.
    /// </summary>
    /// <param name="prefix">What every order id of the run starts with: the supplier's ledger is told apart by it.</param>
    public static async Task<Outcome> ReadAsync(SmtpServer smtp, SupplierSimulatorHost supplier, string prefix, IReadOnlyList<string> orderIds, IReadOnlyList<DateTimeOffset> sentAt)
    {
        var received = (await smtp.MessagesAsync())
            .GroupBy(m => m.To.Single(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Min(m => m.ReceivedAt), StringComparer.OrdinalIgnoreCase);
        var latencies = new List<double>(orderIds.Count);
        DateTimeOffset? last = null;
        for (var i = 0; i < orderIds.Count; i++)
        {
            if (received.TryGetValue($"buyer-{orderIds[i]}@bench.test", out var at))
            {
                latencies.Add((at - sentAt[i]).TotalMilliseconds);
                last = last is null || at > last ? at : last;
            }
        }

        var purchases = supplier.Ledger.Count(o => o.Reference.Contains(prefix, StringComparison.Ordinal));
        if (purchases != orderIds.Count || latencies.Count != orderIds.Count)
        {
            Console.Error.WriteLine($"{prefix}: {purchases} supplier orders and {latencies.Count} emails for {orderIds.Count} orders");
        }

        var sorted = latencies.Order().ToArray();
        var span = last is { } end ? (end - sentAt.Min()).TotalSeconds : double.NaN;
        return new Outcome(latencies.Count, latencies.Count / span, Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99), sorted.LastOrDefault());
    }
}
