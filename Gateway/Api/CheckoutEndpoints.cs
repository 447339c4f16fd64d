using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>
/// The storefront server's API: create an order (pending payment), read it back, and name the payment provider's order
/// created for it, so a payment whose webhooks are all lost is still found by the reconciliation sweep.
/// </summary>
public static class CheckoutEndpoints
{
    public const int MaxItems = 50;
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The longest email address (RFC 5321's path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest buyer's name.</summary>
    public const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Checkout").RequireApiKey(ApiRole.Storefront);
        api.MapPost("/", CreateAsync).Accepts<CheckoutRequest>("application/json")
            .WithSummary("Creates an order awaiting payment, priced from the catalog; an Idempotency-Key header makes retries safe");
        api.MapGet("/{orderId}", GetAsync).WithSummary("An order with its status and, once delivered, its codes");
        api.MapPost("/{orderId}/payment-references", RecordPaymentReferenceAsync).Accepts<PaymentReferenceRequest>("application/json")
            .WithSummary("Names the PayPal order (or PesaPal order tracking id) created for this order; the reconciliation sweep asks about it");
        return app;
    }

    public static async Task<Results<Created<OrderView>, Ok<OrderView>, ProblemHttpResult>> CreateAsync(HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.CheckoutRequest);
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(request!) is { } invalid)
        {
            return invalid;
        }

        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 0 && Identifier.Check(idempotencyKey, "Idempotency-Key", MaxIdempotencyKeyLength) is { } invalidKey)
        {
            return ApiProblem.Invalid(invalidKey);
        }

        var cart = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore)
            .PriceAsync(request!.Items!.Select(i => new CartItem(i.Sku!.Trim(), i.Quantity)).ToList(), context.RequestAborted);
        if (!cart.IsValid)
        {
            return ApiProblem.Unprocessable("invalid_cart", string.Join(" ", cart.Errors));
        }

        var orderId = idempotencyKey.Length > 0 ? OrderIds.FromIdempotencyKey(idempotencyKey) : OrderIds.New();
        var customer = new CheckoutCustomerInfo(request.Customer!).ToInfo();
        var creation = await grains.GetGrain<IOrderGrain>(orderId).CreateAsync(new NewOrder(customer, cart), context.RequestAborted);
        return creation switch
        {
            { Created: true, Order: { } created } => TypedResults.Created($"/api/orders/{created.OrderId}", created),
            { Order: { } existing, ErrorCode: null } => TypedResults.Ok(existing),
            _ => ApiProblem.Conflict(creation.ErrorCode ?? "order_conflict", creation.Error ?? "This Idempotency-Key was used for a different order."),
        };
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(string orderId, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (Identifier.Check(orderId, "orderId") is { } invalid)
        {
            return ApiProblem.Invalid(invalid);
        }

        var order = await grains.GetGrain<IOrderGrain>(orderId).GetAsync(cancellationToken);
        return order is null
            ? ApiProblem.NotFound("unknown_order", $"No order has the id '{orderId}'.")
            : TypedResults.Ok(order);
    }

    public static async Task<Results<Ok<PaymentReferenceAnswer>, ProblemHttpResult>> RecordPaymentReferenceAsync(
        string orderId, HttpContext context, IGrainFactory grains)
    {
        if (Identifier.Check(orderId, "orderId") is { } invalidOrderId)
        {
            return ApiProblem.Invalid(invalidOrderId);
        }

        var (request, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.PaymentReferenceRequest);
        if (problem is not null)
        {
            return problem;
        }

        if (ValidateReference(request!) is { } invalid)
        {
            return invalid;
        }

        var order = grains.GetGrain<IOrderGrain>(orderId);
        if (await order.GetAsync(context.RequestAborted) is null)
        {
            return ApiProblem.NotFound("unknown_order", $"No order has the id '{orderId}'.");
        }

        var answer = await order.RecordProviderOrderAsync(
            new ProviderOrderReference(request!.Provider!, request.Reference!, "storefront"), context.RequestAborted);
        return answer.Refused
            ? ApiProblem.Unprocessable("too_many_references", answer.Error ?? "The order names too many payment references.")
            : TypedResults.Ok(new PaymentReferenceAnswer(orderId, request.Provider!, request.Reference!, answer.Changed, answer.Status));
    }

    /// <summary>
    /// A provider whose payments the sweep finds by a reference, and a reference of that provider's shape. Stripe needs
    /// none: its PaymentIntents are searched by the order id they carry.
    /// </summary>
    private static ProblemHttpResult? ValidateReference(PaymentReferenceRequest request)
    {
        if (string.IsNullOrEmpty(request.Provider))
        {
            return ApiProblem.BadRequest("missing_provider", "provider is required (paypal or pesapal).", "provider");
        }

        if (request.Provider == PaymentProviders.Stripe)
        {
            return ApiProblem.BadRequest(
                "reference_not_needed", "Stripe payments are found by the order id in the PaymentIntent's metadata.order_id; no reference is needed.", "provider");
        }

        if (request.Provider is not (PaymentProviders.PayPal or PaymentProviders.PesaPal))
        {
            return ApiProblem.BadRequest("unknown_provider", "provider must be paypal or pesapal.", "provider");
        }

        if (string.IsNullOrEmpty(request.Reference))
        {
            return ApiProblem.BadRequest("missing_reference", "reference is required: the provider's id of the order it created.", "reference");
        }

        return request.Provider switch
        {
            PaymentProviders.PayPal when !PayPalOrderIds.IsValid(request.Reference) => ApiProblem.BadRequest(
                "invalid_reference", $"A PayPal order id is 1 to {PayPalOrderIds.MaxLength} upper-case letters and digits.", "reference"),
            PaymentProviders.PesaPal when !Guid.TryParseExact(request.Reference, "D", out _) => ApiProblem.BadRequest(
                "invalid_reference", "A PesaPal order tracking id is a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).", "reference"),
            _ => null,
        };
    }

    private static ProblemHttpResult? Validate(CheckoutRequest request)
    {
        if (request.Customer is null || string.IsNullOrWhiteSpace(request.Customer.Email))
        {
            return ApiProblem.BadRequest("missing_customer_email", "customer.email is required.");
        }

        // As received, before anything is trimmed: a trailing control character must not trim into a valid value.
        // A blank id or name counts as none (the buyer is then known by email).
        if ((Identifier.Check(request.Customer.Email, "customer.email", MaxEmailLength)
            ?? (string.IsNullOrWhiteSpace(request.Customer.Id) ? null : Identifier.Check(request.Customer.Id, "customer.id"))
            ?? FreeText.Check(request.Customer.Name, "customer.name", MaxNameLength)) is { } invalidCustomer)
        {
            return ApiProblem.Invalid(invalidCustomer);
        }

        if (!MailAddress.TryCreate(request.Customer.Email.Trim(), out var address) || address.Address != request.Customer.Email.Trim())
        {
            return ApiProblem.BadRequest("invalid_customer_email", "customer.email is not an email address.");
        }

        if (request.Items is not { Count: > 0 })
        {
            return ApiProblem.BadRequest("missing_items", "items must list at least one product.");
        }

        if (request.Items.Count > MaxItems)
        {
            return ApiProblem.BadRequest("too_many_items", $"An order holds at most {MaxItems} lines.");
        }

        if (request.Items.Any(i => i is null || string.IsNullOrWhiteSpace(i.Sku)))
        {
            return ApiProblem.BadRequest("missing_sku", "Every item needs a sku.");
        }

        if (request.Items.Select((item, i) => Identifier.Check(item.Sku, $"items[{i}].sku")).FirstOrDefault(r => r is not null) is { } invalidSku)
        {
            return ApiProblem.Invalid(invalidSku);
        }

        return request.Items.Any(i => i.Quantity is < 1 or > 100)
            ? ApiProblem.BadRequest("invalid_quantity", "Every item's quantity must be between 1 and 100.")
            : null;
    }

    private readonly record struct CheckoutCustomerInfo(CheckoutCustomer Customer)
    {
        public CustomerInfo ToInfo()
        {
            var email = Customer.Email!.Trim();
            var name = string.IsNullOrWhiteSpace(Customer.Name) ? null : Customer.Name.Trim();
            // Without a storefront customer id, the buyer is known by their normalised email.
            var id = string.IsNullOrWhiteSpace(Customer.Id) ? "email:" + email.ToLowerInvariant() : Customer.Id.Trim();
            return new CustomerInfo(email, name, id);
        }
    }
}

/// <summary>Ids that come from callers and become grain keys: the edge's <see cref="Identifier"/> rule.</summary>
public static class OrderKey
{
    public static bool IsValid(string? key) => Identifier.IsValid(key);
}
