using System.Net.Mail;
using System.Text;
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
        var product = string.IsNullOrEmpty(sku) ? null : (await catalog.GetAsync([sku], cancellationToken)).Products.FirstOrDefault(p => p.Sku == sku);
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
        var payment = StripeTestPayment.Create(orderId, cart.AmountMinor, cart.Currency!, secrets[0], now, label: "test");
        var body = Encoding.UTF8.GetBytes(payment.Body);
        var verified = StripeSignatureVerifier.Verify(payment.Signature, body, secrets, now, webhooks.CurrentValue.Stripe.Tolerance);
        var parsed = StripeEventParser.Parse(body);
        if (!verified.IsValid || !parsed.IsSuccess)
        {
            return (orderId, $"The test payment was not accepted ({verified.ErrorCode ?? parsed.ErrorCode}).", StatusCodes.Status409Conflict);
        }

        await recorder.RecordAsync(parsed.Notification!, cancellationToken);
        ConsoleLog.TestOrderPlaced(logger, orderId, product.Sku);
        return (orderId, null, StatusCodes.Status200OK);
    }
}
