using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>
/// A store that sells one supplier code product, end to end on real parts: a <see cref="TestCluster"/> of silos on
/// SQLite or PostgreSQL, its gateway on a loopback port, the supplier simulator, and a real SMTP server. The simulator
/// signs its webhooks with the cluster's test clock and posts them to the gateway.
/// </summary>
internal sealed partial class CodeShop : IAsyncDisposable
{
    public const string StripeSecret = "whsec_codeshop_test_secret_0123456789";
    public const long PriceMinor = 2000;
    public const string ProductName = "Steam Gift Card";
    public const string AdminKey = "codeshop-admin-key-0123456789";

    public static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    private CodeShop(TestCluster cluster, SupplierSimulatorHost supplier, SmtpServer smtp, Uri gateway, string sku, string supplierSku, string operators)
    {
        Cluster = cluster;
        Supplier = supplier;
        Smtp = smtp;
        Gateway = gateway;
        Sku = sku;
        SupplierSku = supplierSku;
        Operators = operators;
        _http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TestCluster Cluster { get; }

    public SupplierSimulatorHost Supplier { get; }

    public SmtpServer Smtp { get; }

    public Uri Gateway { get; }

    public HttpClient Http => _http;

    /// <summary>The store's SKU of the code product.</summary>
    public string Sku { get; }

    /// <summary>The supplier's SKU behind it: script the simulator with this.</summary>
    public string SupplierSku { get; }

    /// <summary>Where operator alerts are emailed.</summary>
    public string Operators { get; }

    public IGrainFactory Grains => Cluster.Silos.First(s => !s.Stopped).Services.GetRequiredService<IGrainFactory>();

    /// <param name="smtp">The SMTP server the silos send through.</param>
    /// <param name="configure">Further settings of the cluster (configuration, services).</param>
    public static async Task<CodeShop> StartAsync(TestStore store, SmtpServer smtp, int silos = 2, bool requiresPin = false, Action<TestClusterOptions>? configure = null)
    {
        var clock = new LateBoundTimeProvider();
        var supplier = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions
        {
            TimeProvider = clock,

            // The gateway answers 2xx; a retry would wait on the test clock, which nobody advances for it.
            WebhookMaxAttempts = 1,
        });

        var unique = Guid.NewGuid().ToString("N")[..12];
        var operators = $"ops-{unique}@example.test";
        var options = new TestClusterOptions { Store = store, Silos = silos };
        options.Configuration["Supplier:BaseUrl"] = supplier.BaseUrl.ToString();
        options.Configuration["Supplier:ApiKey"] = supplier.Options.ApiKey;
        options.Configuration["Supplier:RetryDelay"] = "00:00:00";
        options.Configuration["Supplier:Webhook:Secret"] = supplier.Options.WebhookSecret;
        options.Configuration["Webhooks:Stripe:Secrets:0"] = StripeSecret;
        options.Configuration["Mail:Provider"] = "smtp";
        options.Configuration["Mail:Smtp:Host"] = smtp.Host;
        options.Configuration["Mail:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Configuration["Mail:Smtp:EnableSsl"] = "false";
        options.Configuration["Alerts:Email"] = operators;
        options.Configuration["Api:AdminKeys:0"] = AdminKey;
        configure?.Invoke(options);
        TestCluster? cluster = null;
        try
        {
            cluster = await TestCluster.StartAsync(options);
            clock.Follow(cluster.Time);
            var gateway = await cluster.StartGatewayAsync();
            supplier.WebhookCallbackUrl = new Uri(gateway, "/webhooks/supplier");
            var shop = new CodeShop(cluster, supplier, smtp, gateway, $"gift-{unique}", $"steam-20-usd-{unique}", operators);
            await shop.StockAsync(requiresPin);
            return shop;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            await supplier.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an order for <paramref name="quantity"/> codes, pending payment, for a buyer of its own (a test order if <paramref name="test"/>).</summary>
    public async Task<Buyer> CreateOrderAsync(int quantity = 1, string? sku = null, bool test = false)
    {
        var unique = Guid.NewGuid().ToString("N");
        var email = $"buyer-{unique}@example.test";
        var cart = await Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).PriceAsync([new CartItem(sku ?? Sku, quantity)]);
        Assert.True(cart.IsValid, string.Join(" ", cart.Errors));
        var orderId = $"order-{unique}";
        var creation = await Grains.GetGrain<IOrderGrain>(orderId).CreateAsync(new NewOrder(new Grains.Interfaces.CustomerInfo(email, "Ada Lovelace"), cart, test));
        Assert.True(creation.Created, creation.Error);
        return new Buyer(orderId, email, cart.AmountMinor);
    }

    /// <summary>Adds a product fulfilled by a merchant's webhook; returns its SKU and the signing secret generated for it.</summary>
    public async Task<(string Sku, string Secret)> StockMerchantProductAsync(Uri url, Func<ProductDefinition, ProductDefinition>? configure = null)
    {
        var sku = $"license-{Guid.NewGuid():N}"[..24];
        var product = new ProductDefinition(
            sku,
            "Pixel Editor Pro",
            4900,
            "USD",
            FulfillmentKind.MerchantWebhook,
            Instructions: "Paste the key under Help → Activate.",
            MerchantWebhookUrl: url.ToString());
        var change = await Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).UpsertProductAsync(configure?.Invoke(product) ?? product);
        Assert.True(change.Applied, string.Join(" ", change.Errors));
        return (sku, change.WebhookSecret ?? throw new InvalidOperationException("no secret was generated"));
    }

    /// <summary>Adds a top-up product (the supplier may confirm it instead of sending a code); returns its SKU and the
    /// supplier's SKU behind it.</summary>
    public async Task<(string Sku, string SupplierSku)> StockTopUpAsync()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var (sku, supplierSku) = ($"airtime-{unique}", $"airtime-10-{unique}");
        var change = await Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).UpsertProductAsync(new ProductDefinition(
            sku,
            "Airtime",
            1000,
            "USD",
            FulfillmentKind.SupplierCode,
            SupplierSku: supplierSku,
            Denomination: "$10",
            Instructions: "The credit shows on your phone within minutes.",
            TopUp: true));
        Assert.True(change.Applied, string.Join(" ", change.Errors));
        return (sku, supplierSku);
    }

    /// <summary>Asks for the order under review to be fulfilled again, as an operator does, through the admin API.</summary>
    public async Task<HttpResponseMessage> RetryAsOperatorAsync(Buyer buyer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/orders/{buyer.OrderId}/retry");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return await _http.SendAsync(request);
    }

    /// <summary>Pays through the gateway's Stripe endpoint, signed as Stripe signs, at the cluster's time.</summary>
    public async Task<HttpResponseMessage> PayWithStripeAsync(Buyer buyer)
    {
        var payload = StripeEventPayloads.PaymentIntentSucceeded($"evt_{Guid.NewGuid():N}", $"pi_{Guid.NewGuid():N}", buyer.OrderId, buyer.AmountMinor, "usd");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeWebhookSigner.Sign(payload, StripeSecret, Cluster.Time.GetUtcNow()));
        return await _http.SendAsync(request);
    }

    /// <summary>Pays with one grain turn, where the payment is not what a test is about.</summary>
    public async Task PayAsync(Buyer buyer)
    {
        var answer = await Grains.GetGrain<IOrderGrain>(buyer.OrderId).RecordPaymentAsync(
            new PaymentReport("stripe", $"evt_{Guid.NewGuid():N}", PaymentOutcome.Succeeded, buyer.AmountMinor, "USD", $"pi_{Guid.NewGuid():N}"));
        Assert.True(answer.Changed, answer.Error);
    }

    public async Task<OrderView> OrderAsync(Buyer buyer) =>
        await Grains.GetGrain<IOrderGrain>(buyer.OrderId).GetAsync() ?? throw new InvalidOperationException($"Order {buyer.OrderId} does not exist.");

    public async Task<IReadOnlyList<AlertRecord>> AlertsAsync(Buyer buyer) =>
        (await Cluster.StreamAsync(OperationsStreams.Alerts, buyer.OrderId))
            .Select(e => JsonSerializer.Deserialize(e.Entry, OperationsJson.Default.AlertRecord)!)
            .ToList();

    public Task<IReadOnlyList<EffectView>> OutboxAsync(Buyer buyer) => Cluster.OrderEffectsAsync(buyer.OrderId);

    /// <summary>Every message the SMTP server has accepted for <paramref name="address"/> so far.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailTo(string address) =>
        (await Smtp.MessagesAsync()).Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits for the buyer's delivery email (the send happened during a drain; the server may list it a moment later).</summary>
    public async Task<ReceivedMail> DeliveryEmailAsync(Buyer buyer) =>
        Assert.Single(await Smtp.WaitForMessagesToAsync(buyer.Email, 1, MailWait));

    /// <summary>Posts a supplier webhook body to the gateway with the given headers.</summary>
    public async Task<HttpResponseMessage> PostSupplierWebhookAsync(byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/supplier") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>The path of the order page link in an email (its host is the configured public address).</summary>
    public static string OrderPagePath(ReceivedMail mail)
    {
        var match = OrderLink().Match(mail.Text ?? string.Empty);
        Assert.True(match.Success, "the email carries no order page link");
        return match.Groups["path"].Value;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Cluster.DisposeAsync();
        await Supplier.DisposeAsync();
    }

    private async Task StockAsync(bool requiresPin)
    {
        var catalog = Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
        var settings = await catalog.UpdateSettingsAsync(new StoreSettingsDefinition(
            "Codes & Co", "https://example.test/logo.png", "support@example.test", "orders@example.test", "Codes & Co"));
        Assert.True(settings.Applied, string.Join(" ", settings.Errors));
        var product = await catalog.UpsertProductAsync(new ProductDefinition(
            Sku,
            ProductName,
            PriceMinor,
            "USD",
            FulfillmentKind.SupplierCode,
            SupplierSku: SupplierSku,
            RequiresPin: requiresPin,
            Denomination: "$20",
            Instructions: "Redeem the code in the Steam client under Games → Redeem a Steam Wallet Code.",
            ActivationUrl: "https://store.steampowered.com/account/redeemwalletcode"));
        Assert.True(product.Applied, string.Join(" ", product.Errors));
    }

    [GeneratedRegex(@"https?://[^/\s]+(?<path>/order/[A-Za-z0-9_.\-]+)")]
    private static partial Regex OrderLink();
}

/// <summary>An order of the test and its buyer.</summary>
internal sealed record Buyer(string OrderId, string Email, long AmountMinor);
