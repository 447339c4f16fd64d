using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Api;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.Stripe;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

/// <summary>
/// Places an operator's test order: created marked test, then paid through the path a provider's payment takes — a
/// Stripe <c>payment_intent.succeeded</c> event signed with the configured endpoint secret, checked by the same
/// signature verifier, read by the same parser and recorded by the same recorder as a webhook — and fulfilled by the
/// real pipeline.
/// </summary>
public sealed class TestOrders(
    IGrainFactory grains, PaymentWebhookRecorder recorder, IOptionsMonitor<WebhookOptions> webhooks, IOptions<ConsoleOptions> options,
    TimeProvider time, ILogger<TestOrders> logger)
{
    /// <summary>The order id, or why no order was placed (with the HTTP status to answer).</summary>
    public async Task<(string? OrderId, string? Error, int Status)> PlaceAsync(string? sku, string? email, bool liveSupplier, CancellationToken cancellationToken)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > CheckoutEndpoints.MaxEmailLength || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return (null, "Enter the email address the test delivery goes to.", StatusCodes.Status400BadRequest);
        }

        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
        var product = string.IsNullOrEmpty(sku) ? null : (await catalog.GetAsync(cancellationToken)).Products.FirstOrDefault(p => p.Sku == sku);
        if (product is null)
        {
            return (null, "Choose a product of the catalog.", StatusCodes.Status400BadRequest);
        }

        if (product.Kind == FulfillmentKind.SupplierCode && !options.Value.SupplierIsTest && !liveSupplier)
        {
            return (null, "This product is bought from the live supplier, at a real cost. Tick \"use the live supplier\" to place the test order anyway.",
                StatusCodes.Status409Conflict);
        }

        var secrets = webhooks.CurrentValue.Stripe.Secrets;
        if (secrets.Count == 0 || secrets.Any(string.IsNullOrEmpty))
        {
            return (null, "Test orders are paid through the Stripe webhook path: set Webhooks:Stripe:Secrets.", StatusCodes.Status409Conflict);
        }

        var cart = await catalog.PriceAsync([new CartItem(product.Sku, 1)], cancellationToken);
        if (!cart.IsValid)
        {
            return (null, string.Join(" ", cart.Errors), StatusCodes.Status422UnprocessableEntity);
        }

        var orderId = "test_" + OrderIds.New()["ord_".Length..];
        var creation = await grains.GetGrain<IOrderGrain>(orderId).CreateAsync(new NewOrder(new CustomerInfo(email, "Test order"), cart, Test: true), cancellationToken);
        if (!creation.Created)
        {
            return (null, creation.Error ?? "The order was not created.", StatusCodes.Status409Conflict);
        }

        var now = time.GetUtcNow();
        var (body, signature) = SignedPayment(orderId, cart.AmountMinor, cart.Currency!, secrets[0], now);
        var verified = StripeSignatureVerifier.Verify(signature, body, secrets, now, webhooks.CurrentValue.Stripe.Tolerance);
        var parsed = StripeEventParser.Parse(body);
        if (!verified.IsValid || !parsed.IsSuccess)
        {
            return (orderId, $"The test payment was not accepted ({verified.ErrorCode ?? parsed.ErrorCode}).", StatusCodes.Status409Conflict);
        }

        await recorder.RecordAsync(parsed.Notification!, cancellationToken);
        ConsoleLog.TestOrderPlaced(logger, orderId, product.Sku);
        return (orderId, null, StatusCodes.Status200OK);
    }

    /// <summary>
    /// A <c>payment_intent.succeeded</c> event for the order, signed as Stripe signs:
    /// <c>t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}</c>. Hand-written: Stripe.net is not served here, and
    /// the gateway holds only the verifying half of the scheme.
    /// </summary>
    private static (byte[] Body, string Signature) SignedPayment(string orderId, long amountMinor, string currency, string secret, DateTimeOffset now)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = "evt_test_" + suffix,
            ["object"] = "event",
            ["type"] = "payment_intent.succeeded",
            ["created"] = now.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = "pi_test_" + suffix,
                    ["object"] = "payment_intent",
                    ["amount"] = amountMinor,
                    ["amount_received"] = amountMinor,
                    ["currency"] = currency.ToLowerInvariant(),
                    ["status"] = "succeeded",
                    ["metadata"] = new JsonObject { ["order_id"] = orderId },
                },
            },
        }.ToJsonString());
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return (body, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }
}
