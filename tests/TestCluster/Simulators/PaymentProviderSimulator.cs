using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Testing.Simulators;

/// <summary>
/// A loopback stand-in for the Stripe, PayPal and PesaPal APIs the silos call: a real Kestrel server on
/// 127.0.0.1 with a random port. It checks credentials, honours idempotency keys the way the providers do (same
/// key → same answer, no second refund), hosts the PayPal signing certificate, can be scripted to fail, and
/// records every request with its arrival time.
/// </summary>
public sealed class PaymentProviderSimulator : IAsyncDisposable
{
    public const string StripeSecretKey = "sk_test_simulator";
    public const string PayPalClientId = "paypal-sim-client";
    public const string PayPalClientSecret = "paypal-sim-secret";
    public const string PesaPalConsumerKey = "pesapal-sim-key";
    public const string PesaPalConsumerSecret = "pesapal-sim-secret";
    public const string PayPalCertificatePath = "/paypal/certs/CERT-simulator";

    private readonly WebApplication _app;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly List<SimulatorRequest> _requests = [];
    private readonly List<(Func<SimulatorRequest, bool> Match, TaskCompletionSource<SimulatorRequest> Signal)> _waiters = [];
    private readonly Dictionary<string, Queue<int>> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<Task>> _holds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredResponse> _stripeIdempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredResponse> _payPalIdempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Payment> _stripeIntents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string OrderId, string Status)> _stripeIntentOrders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Payment> _payPalCaptures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PayPalOrder> _payPalOrders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PesaPalPayment> _pesaPalPayments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _payPalTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _pesaPalTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pesaPalRefunded = new(StringComparer.Ordinal);
    private long _sequence;
    private int _issued;

    private PaymentProviderSimulator(WebApplication app, TimeProvider timeProvider, PayPalWebhookSigner signer)
    {
        _app = app;
        _timeProvider = timeProvider;
        PayPalSigner = signer;
    }

    /// <summary>The root of every simulated API, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Where the simulator serves <see cref="PayPalSigner"/>'s certificate.</summary>
    public Uri PayPalCertificateUrl => new(BaseUrl, PayPalCertificatePath);

    /// <summary>Signs PayPal webhooks with the key whose certificate this simulator hosts.</summary>
    public PayPalWebhookSigner PayPalSigner { get; }

    /// <summary>How long PesaPal tokens issued from now on live (PesaPal: five minutes).</summary>
    public TimeSpan PesaPalTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<SimulatorRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Refunds actually made (idempotent replays and rejections excluded), per provider.</summary>
    public int StripeRefundCount { get; private set; }

    public int PayPalRefundCount { get; private set; }

    public int PesaPalRefundCount { get; private set; }

    public static async Task<PaymentProviderSimulator> StartAsync(TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var simulator = new PaymentProviderSimulator(app, timeProvider ?? TimeProvider.System, new PayPalWebhookSigner());
        simulator.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return simulator;
    }

    /// <summary>Requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<SimulatorRequest> RequestsTo(string pathPrefix) =>
        Requests.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Completes when a matching request has arrived (or already had); throws after <paramref name="timeout"/>.</summary>
    public Task<SimulatorRequest> WaitForRequestAsync(Func<SimulatorRequest, bool> match, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_requests.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var signal = new TaskCompletionSource<SimulatorRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }

    /// <summary>The next <paramref name="times"/> requests to paths starting with <paramref name="pathPrefix"/> get <paramref name="statusCode"/>.</summary>
    public void FailNext(string pathPrefix, int times, int statusCode = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(pathPrefix, out var queue))
            {
                _failures[pathPrefix] = queue = new Queue<int>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(statusCode);
            }
        }
    }

    /// <summary>
    /// The next request to a path starting with <paramref name="pathPrefix"/> is answered only once the returned
    /// source is completed (scripted latency without a clock: a client's timeout fires first).
    /// </summary>
    public TaskCompletionSource HoldNext(string pathPrefix)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_holds.TryGetValue(pathPrefix, out var queue))
            {
                _holds[pathPrefix] = queue = new Queue<Task>();
            }

            queue.Enqueue(release.Task);
        }

        return release;
    }

    /// <summary>A Stripe PaymentIntent that refunds can be made against.</summary>
    public void SetStripePaymentIntent(string paymentIntentId, long amountMinor, string currency)
    {
        lock (_gate)
        {
            _stripeIntents[paymentIntentId] = new Payment(amountMinor, currency.ToLowerInvariant());
        }
    }

    /// <summary>
    /// A Stripe PaymentIntent made for <paramref name="orderId"/> (its <c>metadata.order_id</c>), in
    /// <paramref name="status"/>: found by the PaymentIntent search and refundable.
    /// </summary>
    public void SetStripePaymentIntent(string paymentIntentId, long amountMinor, string currency, string orderId, string status = "succeeded")
    {
        lock (_gate)
        {
            _stripeIntents[paymentIntentId] = new Payment(amountMinor, currency.ToLowerInvariant());
            _stripeIntentOrders[paymentIntentId] = (orderId, status);
        }
    }

    /// <summary>A PayPal capture that refunds can be made against.</summary>
    public void SetPayPalCapture(string captureId, long amountMinor, string currency)
    {
        lock (_gate)
        {
            _payPalCaptures[captureId] = new Payment(amountMinor, currency);
        }
    }

    /// <summary>
    /// A PayPal checkout order made for <paramref name="orderId"/> (its purchase unit's <c>custom_id</c>) in
    /// <paramref name="status"/> (CREATED, APPROVED, COMPLETED), as <c>GET /v2/checkout/orders/{id}</c> shows it; with
    /// <paramref name="captureId"/> the unit carries that completed capture, which refunds can then be made against.
    /// </summary>
    public void SetPayPalOrder(string payPalOrderId, string orderId, long amountMinor, string currency, string status, string? captureId = null)
    {
        lock (_gate)
        {
            _payPalOrders[payPalOrderId] = new PayPalOrder(orderId, amountMinor, currency, status, captureId);
            if (captureId is not null)
            {
                _payPalCaptures[captureId] = new Payment(amountMinor, currency);
            }
        }
    }

    /// <summary>What GetTransactionStatus answers for <paramref name="orderTrackingId"/>; amount in major units as PesaPal sends it.</summary>
    public void SetPesaPalStatus(
        string orderTrackingId, int statusCode, decimal amount, string currency, string merchantReference, string? confirmationCode = null)
    {
        lock (_gate)
        {
            _pesaPalPayments[orderTrackingId] = new PesaPalPayment(
                statusCode, amount, currency, merchantReference, confirmationCode ?? "CONF" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        PayPalSigner.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = await RecordAsync(context);
            if (NextHold(request.Path) is { } hold)
            {
                await hold.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (NextFailure(request.Path) is { } status)
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "scripted failure" });
                return;
            }

            await next(context);
        });

        app.MapPost("/v1/refunds", (Func<HttpContext, Task<IResult>>)StripeRefund);
        app.MapGet("/v1/payment_intents/search", StripeSearch);
        app.MapPost("/v1/oauth2/token", (Func<HttpContext, Task<IResult>>)PayPalToken);
        app.MapPost("/v2/payments/captures/{captureId}/refund", PayPalRefund);
        app.MapGet("/v2/checkout/orders/{payPalOrderId}", PayPalGetOrder);
        app.MapGet(PayPalCertificatePath, () => Results.Text(PayPalSigner.CertificatePem, "application/x-pem-file"));
        app.MapPost("/api/Auth/RequestToken", (Func<HttpContext, Task<IResult>>)PesaPalToken);
        app.MapGet("/api/Transactions/GetTransactionStatus", PesaPalStatus);
        app.MapPost("/api/Transactions/RefundRequest", (Func<HttpContext, Task<IResult>>)PesaPalRefund);
    }

    private async Task<SimulatorRequest> RecordAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        List<TaskCompletionSource<SimulatorRequest>> signals;
        SimulatorRequest request;
        lock (_gate)
        {
            request = new SimulatorRequest(
                ++_sequence,
                _timeProvider.GetUtcNow(),
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value ?? string.Empty,
                body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            _requests.Add(request);
            var matched = _waiters.Where(w => w.Match(request)).ToList();
            _waiters.RemoveAll(matched.Contains);
            signals = matched.Select(w => w.Signal).ToList();
        }

        foreach (var signal in signals)
        {
            signal.TrySetResult(request);
        }

        return request;
    }

    private Task? NextHold(string path)
    {
        lock (_gate)
        {
            foreach (var (prefix, queue) in _holds)
            {
                if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && queue.Count > 0)
                {
                    return queue.Dequeue();
                }
            }

            return null;
        }
    }

    private int? NextFailure(string path)
    {
        lock (_gate)
        {
            foreach (var (prefix, queue) in _failures)
            {
                if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && queue.Count > 0)
                {
                    return queue.Dequeue();
                }
            }

            return null;
        }
    }

    // ---- Stripe ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Stripe's PaymentIntent search, for the one query form we use: <c>metadata['order_id']:'…'</c> (values quoted with
    /// single quotes, backslash escapes). Any other query is refused as Stripe refuses a malformed one.
    /// </summary>
    private IResult StripeSearch(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {StripeSecretKey}")
        {
            return StripeError(401, "invalid_request_error", null, "Invalid API Key provided");
        }

        const string Prefix = "metadata['order_id']:'";
        var query = context.Request.Query["query"].ToString();
        if (!query.StartsWith(Prefix, StringComparison.Ordinal) || !query.EndsWith('\'') || query.Length < Prefix.Length + 1)
        {
            return StripeError(400, "invalid_request_error", "parameter_invalid_string", "Invalid search query.");
        }

        var orderId = query[Prefix.Length..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        lock (_gate)
        {
            var data = new JsonArray();
            foreach (var (id, (intentOrder, status)) in _stripeIntentOrders.Where(i => i.Value.OrderId == orderId).OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                var payment = _stripeIntents[id];
                data.Add(new JsonObject
                {
                    ["id"] = id,
                    ["object"] = "payment_intent",
                    ["amount"] = payment.Amount,
                    ["amount_received"] = status == "succeeded" ? payment.Amount : 0,
                    ["currency"] = payment.Currency,
                    ["status"] = status,
                    ["metadata"] = new JsonObject { ["order_id"] = intentOrder },
                });
            }

            return Results.Json(new JsonObject
            {
                ["object"] = "search_result",
                ["url"] = "/v1/payment_intents/search",
                ["has_more"] = false,
                ["data"] = data,
            });
        }
    }

    private async Task<IResult> StripeRefund(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {StripeSecretKey}")
        {
            return StripeError(401, "invalid_request_error", null, "Invalid API Key provided");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var fingerprint = string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        lock (_gate)
        {
            if (key.Length > 0 && _stripeIdempotency.TryGetValue(key, out var stored))
            {
                // Stripe replays the first answer for a key, and refuses the key when the parameters differ.
                if (stored.Fingerprint != fingerprint)
                {
                    return StripeError(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same parameters they were first used with.");
                }

                context.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Text(stored.Body, "application/json", statusCode: stored.StatusCode);
            }

            var (status, body) = CreateStripeRefund(form["payment_intent"].ToString(), form["amount"].ToString());
            if (key.Length > 0)
            {
                _stripeIdempotency[key] = new StoredResponse(fingerprint, status, body);
            }

            return Results.Text(body, "application/json", statusCode: status);
        }
    }

    private (int Status, string Body) CreateStripeRefund(string paymentIntentId, string amountText)
    {
        if (!_stripeIntents.TryGetValue(paymentIntentId, out var intent))
        {
            return StripeErrorBody(404, "invalid_request_error", "resource_missing", $"No such payment_intent: '{paymentIntentId}'");
        }

        if (intent.Remaining == 0)
        {
            return StripeErrorBody(400, "invalid_request_error", "charge_already_refunded", "Charge has already been refunded.");
        }

        var amount = amountText.Length == 0 ? intent.Remaining : long.Parse(amountText, CultureInfo.InvariantCulture);
        if (amount <= 0 || amount > intent.Remaining)
        {
            return StripeErrorBody(400, "invalid_request_error", "amount_too_large", "Refund amount is greater than unrefunded amount on charge.");
        }

        intent.Refunded += amount;
        StripeRefundCount++;
        var refund = new JsonObject
        {
            ["id"] = $"re_sim_{Interlocked.Increment(ref _issued)}",
            ["object"] = "refund",
            ["amount"] = amount,
            ["currency"] = intent.Currency,
            ["payment_intent"] = paymentIntentId,
            ["status"] = "succeeded",
        };
        return (200, refund.ToJsonString());
    }

    private static IResult StripeError(int status, string type, string? code, string message)
    {
        var (s, body) = StripeErrorBody(status, type, code, message);
        return Results.Text(body, "application/json", statusCode: s);
    }

    private static (int, string) StripeErrorBody(int status, string type, string? code, string message) =>
        (status, new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message } }.ToJsonString());

    // ---- PayPal ---------------------------------------------------------------------------------------------

    private async Task<IResult> PayPalToken(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PayPalClientId}:{PayPalClientSecret}"));
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (context.Request.Headers.Authorization.ToString() != expected || form["grant_type"] != "client_credentials")
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client Authentication failed" }, statusCode: 401);
        }

        var token = $"A21AAsim{Interlocked.Increment(ref _issued)}";
        lock (_gate)
        {
            _payPalTokens.Add(token);
        }

        return Results.Json(new JsonObject
        {
            ["scope"] = "https://uri.paypal.com/services/payments/refund",
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["app_id"] = "APP-SIMULATOR",
            ["expires_in"] = 32400,
            ["nonce"] = Guid.NewGuid().ToString("N"),
        });
    }

    /// <summary>
    /// Orders v2 "show order details", trimmed to what PayPal always returns: id, intent, status, and one purchase unit
    /// with amount and custom_id, carrying its captures once captured (each naming the order in
    /// <c>supplementary_data.related_ids</c>). An unknown id is PayPal's 404 RESOURCE_NOT_FOUND.
    /// </summary>
    private IResult PayPalGetOrder(HttpContext context, string payPalOrderId)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        lock (_gate)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_payPalTokens.Contains(authorization["Bearer ".Length..]))
            {
                return PayPalError(401, "AUTHENTICATION_FAILURE", null);
            }

            if (!_payPalOrders.TryGetValue(payPalOrderId, out var order))
            {
                return PayPalError(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID");
            }

            var amount = new JsonObject
            {
                ["currency_code"] = order.Currency,
                ["value"] = Gateway.Webhooks.CurrencyMinorUnits.FormatMajor(order.AmountMinor, order.Currency),
            };
            var unit = new JsonObject
            {
                ["reference_id"] = "default",
                ["amount"] = amount,
                ["custom_id"] = order.OrderId,
            };
            if (order.CaptureId is { } captureId)
            {
                unit["payments"] = new JsonObject
                {
                    ["captures"] = new JsonArray(new JsonObject
                    {
                        ["id"] = captureId,
                        ["status"] = "COMPLETED",
                        ["amount"] = amount.DeepClone(),
                        ["final_capture"] = true,
                        ["custom_id"] = order.OrderId,
                        ["supplementary_data"] = new JsonObject { ["related_ids"] = new JsonObject { ["order_id"] = payPalOrderId } },
                    }),
                };
            }

            return Results.Json(new JsonObject
            {
                ["id"] = payPalOrderId,
                ["intent"] = "CAPTURE",
                ["status"] = order.Status,
                ["purchase_units"] = new JsonArray(unit),
                ["links"] = new JsonArray(new JsonObject
                {
                    ["href"] = new Uri(BaseUrl, $"v2/checkout/orders/{payPalOrderId}").ToString(),
                    ["rel"] = "self",
                    ["method"] = "GET",
                }),
            });
        }
    }

    private async Task<IResult> PayPalRefund(HttpContext context, string captureId)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        lock (_gate)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_payPalTokens.Contains(authorization["Bearer ".Length..]))
            {
                return PayPalError(401, "AUTHENTICATION_FAILURE", null);
            }
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var body = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? [];
        var requestId = context.Request.Headers["PayPal-Request-Id"].ToString();
        lock (_gate)
        {
            // PayPal answers a repeated PayPal-Request-Id with the original result instead of acting again.
            var key = $"{captureId}|{requestId}";
            if (requestId.Length > 0 && _payPalIdempotency.TryGetValue(key, out var stored))
            {
                return Results.Text(stored.Body, "application/json", statusCode: stored.StatusCode);
            }

            var (status, response) = CreatePayPalRefund(captureId, body);
            if (requestId.Length > 0)
            {
                _payPalIdempotency[key] = new StoredResponse(string.Empty, status, response);
            }

            return Results.Text(response, "application/json", statusCode: status);
        }
    }

    private (int Status, string Body) CreatePayPalRefund(string captureId, JsonObject body)
    {
        if (!_payPalCaptures.TryGetValue(captureId, out var capture))
        {
            return PayPalErrorBody(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID");
        }

        if (capture.Remaining == 0)
        {
            return PayPalErrorBody(422, "UNPROCESSABLE_ENTITY", "CAPTURE_FULLY_REFUNDED");
        }

        var amount = capture.Remaining;
        if (body["amount"] is JsonObject requested)
        {
            var currency = requested["currency_code"]?.GetValue<string>() ?? string.Empty;
            if (currency != capture.Currency)
            {
                return PayPalErrorBody(422, "UNPROCESSABLE_ENTITY", "REFUND_CURRENCY_MISMATCH");
            }

            if (!Gateway.Webhooks.CurrencyMinorUnits.TryParseToMinor(requested["value"]?.GetValue<string>(), currency, out amount) || amount <= 0)
            {
                return PayPalErrorBody(400, "INVALID_REQUEST", "INVALID_PARAMETER_VALUE");
            }

            if (amount > capture.Remaining)
            {
                return PayPalErrorBody(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED");
            }
        }

        capture.Refunded += amount;
        PayPalRefundCount++;
        var refund = new JsonObject
        {
            ["id"] = $"SIMREFUND{Interlocked.Increment(ref _issued):D8}",
            ["status"] = "COMPLETED",
            ["amount"] = new JsonObject
            {
                ["value"] = Gateway.Webhooks.CurrencyMinorUnits.FormatMajor(amount, capture.Currency),
                ["currency_code"] = capture.Currency,
            },
        };
        return (201, refund.ToJsonString());
    }

    private static IResult PayPalError(int status, string name, string? issue)
    {
        var (s, body) = PayPalErrorBody(status, name, issue);
        return Results.Text(body, "application/json", statusCode: s);
    }

    private static (int, string) PayPalErrorBody(int status, string name, string? issue)
    {
        var error = new JsonObject { ["name"] = name, ["message"] = name, ["debug_id"] = Guid.NewGuid().ToString("N")[..13] };
        if (issue is not null)
        {
            error["details"] = new JsonArray(new JsonObject { ["issue"] = issue, ["description"] = issue });
        }

        return (status, error.ToJsonString());
    }

    // ---- PesaPal --------------------------------------------------------------------------------------------

    private async Task<IResult> PesaPalToken(HttpContext context)
    {
        var credentials = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        if (credentials?["consumer_key"]?.GetValue<string>() != PesaPalConsumerKey
            || credentials["consumer_secret"]?.GetValue<string>() != PesaPalConsumerSecret)
        {
            // PesaPal reports bad credentials in the body, not the HTTP status.
            return Results.Json(new JsonObject
            {
                ["token"] = null,
                ["expiryDate"] = null,
                ["error"] = new JsonObject { ["error_type"] = "api_error", ["code"] = "invalid_consumer_key_or_secret_provided", ["message"] = "Invalid consumer_key or consumer_secret provided" },
                ["status"] = "500",
                ["message"] = null,
            });
        }

        var token = $"pesapal-sim-token-{Interlocked.Increment(ref _issued)}";
        var expiry = _timeProvider.GetUtcNow() + PesaPalTokenLifetime;
        lock (_gate)
        {
            _pesaPalTokens[token] = expiry;
        }

        return Results.Json(new JsonObject
        {
            ["token"] = token,
            ["expiryDate"] = expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["error"] = null,
            ["status"] = "200",
            ["message"] = "Request processed successfully",
        });
    }

    private bool PesaPalAuthorized(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        lock (_gate)
        {
            return authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                && _pesaPalTokens.TryGetValue(authorization["Bearer ".Length..], out var expiry)
                && expiry > _timeProvider.GetUtcNow();
        }
    }

    private IResult PesaPalStatus(HttpContext context)
    {
        if (!PesaPalAuthorized(context))
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "invalid_token" }, ["status"] = "401" }, statusCode: 401);
        }

        var trackingId = context.Request.Query["orderTrackingId"].ToString();
        lock (_gate)
        {
            if (!_pesaPalPayments.TryGetValue(trackingId, out var payment))
            {
                return Results.Json(new JsonObject
                {
                    ["payment_method"] = null,
                    ["amount"] = 0,
                    ["created_date"] = null,
                    ["confirmation_code"] = null,
                    ["payment_status_description"] = null,
                    ["description"] = null,
                    ["message"] = null,
                    ["payment_account"] = null,
                    ["call_back_url"] = null,
                    ["status_code"] = null,
                    ["merchant_reference"] = null,
                    ["currency"] = null,
                    ["error"] = new JsonObject { ["error_type"] = "api_error", ["code"] = "payment_details_not_found", ["message"] = "Pesapal payment details not found" },
                    ["status"] = "500",
                });
            }

            return Results.Json(new JsonObject
            {
                ["payment_method"] = "Visa",
                ["amount"] = payment.Amount,
                ["created_date"] = "2026-01-15T12:00:00.000",
                ["confirmation_code"] = payment.ConfirmationCode,
                ["payment_status_description"] = payment.StatusCode switch { 1 => "Completed", 2 => "Failed", 3 => "Reversed", _ => "INVALID" },
                ["description"] = null,
                ["message"] = "Request processed successfully",
                ["payment_account"] = "476173**0010",
                ["call_back_url"] = $"https://shop.example/return?OrderTrackingId={trackingId}&OrderMerchantReference={payment.MerchantReference}",
                ["status_code"] = payment.StatusCode,
                ["merchant_reference"] = payment.MerchantReference,
                ["payment_status_code"] = string.Empty,
                ["currency"] = payment.Currency,
                ["error"] = new JsonObject { ["error_type"] = null, ["code"] = null, ["message"] = null, ["call_back_url"] = null },
                ["status"] = "200",
            });
        }
    }

    private async Task<IResult> PesaPalRefund(HttpContext context)
    {
        if (!PesaPalAuthorized(context))
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "invalid_token" }, ["status"] = "401" }, statusCode: 401);
        }

        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        var code = request?["confirmation_code"]?.GetValue<string>() ?? string.Empty;
        var amountNode = request?["amount"];
        decimal? amount = amountNode is JsonValue value
            ? value.TryGetValue<decimal>(out var number) ? number
            : value.TryGetValue<string>(out var text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out number) ? number
            : null
            : null;
        lock (_gate)
        {
            var payment = _pesaPalPayments.Values.FirstOrDefault(p => p.ConfirmationCode == code);
            string? rejection = payment switch
            {
                null => "Invalid confirmation code",
                { StatusCode: not 1 } => "Only COMPLETED payments can be refunded",
                _ when _pesaPalRefunded.Contains(code) => "Multiple refunds are not allowed",
                _ when amount is null or <= 0 || amount > payment.Amount => "Invalid refund amount",
                _ when string.IsNullOrWhiteSpace(request?["username"]?.GetValue<string>()) || string.IsNullOrWhiteSpace(request?["remarks"]?.GetValue<string>()) => "username and remarks are required",
                _ => null,
            };
            if (rejection is not null)
            {
                return Results.Json(new JsonObject { ["status"] = "500", ["message"] = rejection });
            }

            _pesaPalRefunded.Add(code);
            PesaPalRefundCount++;
            return Results.Json(new JsonObject { ["status"] = "200", ["message"] = "Refund request successfully" });
        }
    }

    private sealed record StoredResponse(string Fingerprint, int StatusCode, string Body);

    private sealed class Payment(long amount, string currency)
    {
        public long Amount { get; } = amount;

        public string Currency { get; } = currency;

        public long Refunded { get; set; }

        public long Remaining => Amount - Refunded;
    }

    private sealed record PayPalOrder(string OrderId, long AmountMinor, string Currency, string Status, string? CaptureId);

    private sealed record PesaPalPayment(int StatusCode, decimal Amount, string Currency, string MerchantReference, string ConfirmationCode);
}
