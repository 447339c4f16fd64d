using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Delivery.Gateway.Webhooks.Stripe;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Webhooks;

namespace Orleans.Delivery.Silo.Demo;

/// <summary>
/// <c>pay &lt;order-id&gt; [--url &lt;node&gt;]</c>: pays an order on a running demo node with a signed test
/// <c>payment_intent.succeeded</c>, as Stripe would, then waits for its delivery email. It reads the order's amount
/// through the admin API (the key from <c>Api:AdminKeys</c> or the admin key file) and signs with the demo's Stripe
/// secret, both from the working directory the node runs in.
/// </summary>
public static class PayCommand
{
    public const string Name = "pay";

    private const string Usage = "usage: dotnet run --project Silo -- pay <order-id> [--url http://localhost:5000]";
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private static readonly string[] Stopped = ["manual_review", "refunding", "refunded", "reversed"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TimeProvider time)
    {
        string? orderId = null, url = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--url" && i + 1 < args.Count)
            {
                url = args[++i];
            }
            else if (args[i].StartsWith("--url=", StringComparison.Ordinal))
            {
                url = args[i]["--url=".Length..];
            }
            else if (args[i].StartsWith('-') || orderId is not null)
            {
                settings.Add(args[i]);
            }
            else
            {
                orderId = args[i];
            }
        }

        if (string.IsNullOrWhiteSpace(orderId))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        // The node's own configuration sources (appsettings.json, environment, command line), so the key files and
        // the address are the ones the node uses.
        var configuration = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. settings] }).Configuration;
        var node = new Uri((url ?? configuration["Links:PublicBaseUrl"] ?? "http://localhost:5000").TrimEnd('/') + "/");
        var adminKey = AdminKey(configuration);
        var demo = configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();
        var secretFile = Path.GetFullPath(demo.StripeSecretFile);
        if (adminKey is null || !File.Exists(secretFile))
        {
            await output.WriteLineAsync(
                $"No {(adminKey is null ? "admin key" : "demo Stripe secret")} here ({Environment.CurrentDirectory}). Start the node first, " +
                "from the same folder: dotnet run --project Silo -- --demo");
            return 1;
        }

        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        try
        {
            return await PayAsync(http, orderId, PersistedSecret.LoadOrCreate(secretFile), configuration, output, time);
        }
        catch (HttpRequestException e)
        {
            await output.WriteLineAsync($"Cannot reach the node at {node} ({e.HttpRequestError}). Is it running? dotnet run --project Silo -- --demo");
            return 1;
        }
    }

    private static async Task<int> PayAsync(HttpClient http, string orderId, string secret, IConfiguration configuration, TextWriter output, TimeProvider time)
    {
        var orderPath = $"admin/orders/{Uri.EscapeDataString(orderId)}";
        var (status, order) = await GetAsync(http, orderPath);
        if (order is null)
        {
            await output.WriteLineAsync($"No order {orderId} on {http.BaseAddress} (HTTP {(int)status}).");
            return 1;
        }

        if ((string?)order["status"] != "pending_payment")
        {
            await output.WriteLineAsync($"Order {orderId} is {(string?)order["status"]}: nothing to pay.");
            return 1;
        }

        var amount = (long)order["amountMinor"]!;
        var currency = (string)order["currency"]!;
        var payment = StripeTestPayment.Create(orderId, amount, currency, secret, time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/stripe") { Content = new StringContent(payment.Body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", payment.Signature);
        using var answer = await http.SendAsync(request);
        if (answer.StatusCode == HttpStatusCode.NotFound)
        {
            await output.WriteLineAsync($"{http.BaseAddress} has no Stripe webhook endpoint: start the node with --demo.");
            return 1;
        }

        if (!answer.IsSuccessStatusCode)
        {
            await output.WriteLineAsync($"The node refused the payment (HTTP {(int)answer.StatusCode}): {await answer.Content.ReadAsStringAsync()}");
            return 1;
        }

        await output.WriteLineAsync(
            $"Paid order {orderId}: {CurrencyMinorUnits.FormatMajor(amount, currency)} {currency} by a signed test payment_intent.succeeded, event {payment.EventId}.");
        return await WaitForDeliveryAsync(http, orderId, orderPath, configuration, output, time);
    }

    private static async Task<int> WaitForDeliveryAsync(HttpClient http, string orderId, string orderPath, IConfiguration configuration, TextWriter output, TimeProvider time)
    {
        var started = time.GetTimestamp();
        using var ticks = new PeriodicTimer(PollEvery, time);
        JsonNode? order = null;
        while (time.GetElapsedTime(started) < DeliveryWait)
        {
            (_, order) = await GetAsync(http, orderPath);
            var status = (string?)order?["status"];
            // Every line delivered, and the last thing that happened is an email: nothing is left to send.
            if (status == "delivered" && (string?)order?["deliveries"]?.AsArray().LastOrDefault()?["channel"] == "email")
            {
                var folder = Path.GetFullPath(configuration["Mail:PickupDirectory"] ?? Path.Combine(".", "data", "mail"));
                await output.WriteLineAsync($"Order {orderId} is {status}; its delivery emails are in {folder}");
                return 0;
            }

            if (Stopped.Contains(status))
            {
                await output.WriteLineAsync($"Order {orderId} is {status}: {(string?)order?["reviewReason"] ?? "see GET /admin/orders/" + orderId}");
                return 1;
            }

            await ticks.WaitForNextTickAsync();
        }

        await output.WriteLineAsync($"Order {orderId} is still {(string?)order?["status"]} after {DeliveryWait.TotalSeconds:0} s; see GET /admin/orders/{orderId}.");
        return 1;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Order)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null);
    }

    private static string? AdminKey(IConfiguration configuration)
    {
        var options = configuration.GetSection(ApiKeyOptions.SectionName).Get<ApiKeyOptions>() ?? new ApiKeyOptions();
        if (options.AdminKeys.FirstOrDefault(k => !string.IsNullOrWhiteSpace(k)) is { } configured)
        {
            return configured;
        }

        return options.AdminKeyFile is { Length: > 0 } file && File.Exists(file) ? PersistedSecret.LoadOrCreate(file) : null;
    }
}
