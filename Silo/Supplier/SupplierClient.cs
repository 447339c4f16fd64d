using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Supplier;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>
/// The supplier API as the silo sees it: a typed <see cref="HttpClient"/> whose every outcome is a
/// <see cref="SupplierResponse"/>. It never places the same order twice on its own: a placement is retried only
/// when the connection could not even be opened; anything else that leaves the outcome open is reported as
/// <see cref="SupplierResponse.Unreachable"/> with <c>MayHaveBeenCreated</c>, for the caller to look up by reference.
/// A call none of whose tries left this process (open circuit, connection never opened) is
/// <see cref="SupplierResponse.NotSent"/>: the supplier cannot have seen it.
/// </summary>
public sealed class SupplierClient
{
    private const string PlaceOrderOperation = "place-order";
    private const string GetOrderOperation = "get-order";
    private const string FindOperation = "find-by-reference";
    private const string BalanceOperation = "get-balance";
    private const int MaxReasonLength = 200;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly SupplierOptions _options;
    private readonly SupplierResilience _resilience;
    private readonly SupplierOrderReader _reader;
    private readonly ILogger<SupplierClient> _logger;

    public SupplierClient(
        HttpClient httpClient, IOptions<SupplierOptions> options, SupplierResilience resilience, SupplierOrderReader reader, ILogger<SupplierClient> logger)
    {
        _http = httpClient;
        _options = options.Value;
        _resilience = resilience;
        _reader = reader;
        _logger = logger;
    }

    /// <summary>Buys <paramref name="quantity"/> units of <paramref name="sku"/> (<c>POST /orders</c>).</summary>
    /// <param name="sku">The supplier's product code.</param>
    /// <param name="quantity">How many units, at least 1.</param>
    /// <param name="reference">Our order id: the supplier stores it, and it is how a lost answer is found again.</param>
    /// <param name="cancellationToken">Cancels the call; the order may still have been created.</param>
    /// <returns>Completed, Pending, Failed, Rejected, NotSent, Unreachable or Malformed.</returns>
    public async Task<SupplierResponse> PlaceOrderAsync(string sku, int quantity, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);

        var body = JsonSerializer.SerializeToUtf8Bytes(new SupplierOrderRequestJson(sku, quantity, reference), SupplierJsonContext.Default.SupplierOrderRequestJson);

        // The body is a byte array with a Content-Length, sent with the headers and without Expect: 100-continue:
        // SocketsHttpHandler may silently resend a request whose body it had not yet sent.
        var exchange = await SendAsync(_resilience.PlaceOrder, HttpMethod.Post, "orders", body, cancellationToken);
        var response = exchange switch
        {
            { Status: { } status, Body: var bytes } when IsSuccess(status) => ReadOrder(bytes, reference),
            { Status: { } status } when status >= 500 || status is 408 or 429 => new SupplierResponse.Unreachable($"HTTP {status}", MayHaveBeenCreated: true),
            { Status: { } status, Body: var bytes } => Rejected(status, bytes),
            _ => Failure(exchange, placingOrder: true),
        };

        switch (response)
        {
            case SupplierResponse.Completed c:
                _logger.OrderPlaced("completed", reference, sku, quantity, c.SupplierOrderId, c.Items.Count);
                break;
            case SupplierResponse.Pending p:
                _logger.OrderPlaced("pending", reference, sku, quantity, p.SupplierOrderId, 0);
                break;
            case SupplierResponse.Failed f:
                _logger.OrderFailed(reference, f.Reason);
                break;
            default:
                LogProblem(PlaceOrderOperation, reference, response);
                break;
        }

        return response;
    }

    /// <summary>Reads one order by the supplier's id (<c>GET /orders/{id}</c>): the polling fallback.</summary>
    /// <returns>Completed, Pending, Failed, NotFound, Rejected, NotSent, Unreachable or Malformed.</returns>
    public async Task<SupplierResponse> GetOrderAsync(string supplierOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(supplierOrderId);
        var exchange = await SendAsync(_resilience.Lookup, HttpMethod.Get, $"orders/{Uri.EscapeDataString(supplierOrderId)}", null, cancellationToken);
        return Lookup(GetOrderOperation, supplierOrderId, exchange, expectedReference: null);
    }

    /// <summary>Finds the order placed with our <paramref name="reference"/> (<c>GET /orders?reference=</c>): the
    /// way to learn whether a placement whose answer was lost did buy.</summary>
    /// <returns>Completed, Pending, Failed, NotFound, Rejected, NotSent, Unreachable or Malformed.</returns>
    public async Task<SupplierResponse> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var exchange = await SendAsync(_resilience.Lookup, HttpMethod.Get, $"orders?reference={Uri.EscapeDataString(reference)}", null, cancellationToken);
        return Lookup(FindOperation, reference, exchange, expectedReference: reference);
    }

    /// <summary>Reads the reseller account's balance (<c>GET /balance</c>).</summary>
    /// <returns>Balance, Rejected, NotSent, Unreachable or Malformed.</returns>
    public async Task<SupplierResponse> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        var exchange = await SendAsync(_resilience.Lookup, HttpMethod.Get, "balance", null, cancellationToken);
        var response = exchange switch
        {
            { Status: { } status, Body: var bytes } when IsSuccess(status) => ReadBalance(bytes),
            { Status: { } status } when status >= 500 || status is 408 or 429 => new SupplierResponse.Unreachable($"HTTP {status}", MayHaveBeenCreated: false),
            { Status: { } status, Body: var bytes } => Rejected(status, bytes),
            _ => Failure(exchange, placingOrder: false),
        };

        if (response is not SupplierResponse.Balance)
        {
            LogProblem(BalanceOperation, "account", response);
        }

        return response;
    }

    private SupplierResponse Lookup(string operation, string key, Exchange exchange, string? expectedReference)
    {
        var response = exchange switch
        {
            { Status: { } status, Body: var bytes } when IsSuccess(status) => ReadOrder(bytes, expectedReference),
            { Status: 404 } => new SupplierResponse.NotFound(),
            { Status: { } status } when status >= 500 || status is 408 or 429 => new SupplierResponse.Unreachable($"HTTP {status}", MayHaveBeenCreated: false),
            { Status: { } status, Body: var bytes } => Rejected(status, bytes),
            _ => Failure(exchange, placingOrder: false),
        };

        switch (response)
        {
            case SupplierResponse.Completed:
                _logger.LookupAnswered(operation, key, "completed");
                break;
            case SupplierResponse.Pending:
                _logger.LookupAnswered(operation, key, "pending");
                break;
            case SupplierResponse.Failed:
                _logger.LookupAnswered(operation, key, "failed");
                break;
            case SupplierResponse.NotFound:
                _logger.LookupAnswered(operation, key, "not found");
                break;
            default:
                LogProblem(operation, key, response);
                break;
        }

        return response;
    }

    private async Task<Exchange> SendAsync(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        var tries = new Tries();
        var state = (Client: this, Method: method, Path: path, Body: body, Tries: tries);
        try
        {
            using var response = await pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    // A request message cannot be sent twice, so each try builds its own.
                    using var request = state.Client.CreateRequest(state.Method, state.Path, state.Body);
                    try
                    {
                        var answer = await state.Client._http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                        state.Tries.MayHaveReached = true;
                        return answer;
                    }
                    catch (Exception e)
                    {
                        // A timeout or a connection lost after it was opened may have delivered the request.
                        state.Tries.MayHaveReached |= !SupplierResilience.IsCertainlyNotSent(e);
                        throw;
                    }
                },
                state,
                cancellationToken);

            // ResponseContentRead buffered the body inside the try, under its timeout: this read does no I/O.
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new Exchange((int)response.StatusCode, bytes, null, MayHaveReached: true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException e)
        {
            return new Exchange(null, [], e, tries.MayHaveReached);
        }
        catch (TimeoutRejectedException e)
        {
            return new Exchange(null, [], e, MayHaveReached: true);
        }
        catch (HttpRequestException e)
        {
            return new Exchange(null, [], e, tries.MayHaveReached);
        }
        catch (TaskCanceledException e)
        {
            // HttpClient.Timeout, when a caller left it shorter than RequestTimeout.
            return new Exchange(null, [], new TimeoutRejectedException("HttpClient.Timeout elapsed", e), MayHaveReached: true);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, byte[]? body)
    {
        var request = new HttpRequestMessage(method, Resolve(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        return request;
    }

    // Resolved against BaseUrl with a trailing slash, so that "https://host/v1" keeps its "/v1".
    private Uri Resolve(string path)
    {
        var root = _options.BaseUrl ?? _http.BaseAddress ?? throw new InvalidOperationException("SupplierOptions.BaseUrl is not set.");
        if (!root.AbsoluteUri.EndsWith('/'))
        {
            root = new Uri(root.AbsoluteUri + "/");
        }

        return new Uri(root, path);
    }

    private SupplierResponse Failure(Exchange exchange, bool placingOrder) => exchange.Error switch
    {
        BrokenCircuitException when !exchange.MayHaveReached => new SupplierResponse.NotSent(
            "circuit open: the supplier failed repeatedly, so it was not called"),
        HttpRequestException e when !exchange.MayHaveReached && SupplierResilience.IsCertainlyNotSent(e) => new SupplierResponse.NotSent(
            $"no connection ({e.HttpRequestError}): {Truncate(e.Message)}"),
        BrokenCircuitException => new SupplierResponse.Unreachable(
            "circuit open: the supplier failed repeatedly, so it was not called", MayHaveBeenCreated: false),
        TimeoutRejectedException => new SupplierResponse.Unreachable(
            $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s", MayHaveBeenCreated: placingOrder),
        HttpRequestException e => new SupplierResponse.Unreachable(
            $"network error ({e.HttpRequestError}): {Truncate(e.Message)}",
            MayHaveBeenCreated: placingOrder && !SupplierResilience.IsCertainlyNotSent(e)),
        _ => new SupplierResponse.Unreachable("no answer", MayHaveBeenCreated: placingOrder),
    };

    private SupplierResponse ReadOrder(byte[] body, string? expectedReference) => ReadOrder(_reader.Read(body), expectedReference);

    private SupplierResponse ReadOrder(SupplierOrderRead read, string? expectedReference)
    {
        if (read.Order is not { } order)
        {
            return new SupplierResponse.Malformed(Truncate(read.Problem ?? "unreadable order"));
        }

        var fields = _reader.Fields;
        if (expectedReference is not null && order.Reference is not null && order.Reference != expectedReference)
        {
            return new SupplierResponse.Malformed($"the answer is for {fields.Reference} '{SupplierOrderReader.Shorten(order.Reference)}', not '{expectedReference}'");
        }

        var id = order.OrderId;
        return order.Status switch
        {
            SupplierOrderStatus.Completed when id is not null => new SupplierResponse.Completed(id, order.Items),
            SupplierOrderStatus.Pending when id is not null => new SupplierResponse.Pending(id),
            SupplierOrderStatus.Completed or SupplierOrderStatus.Pending =>
                new SupplierResponse.Malformed($"a {order.Status.ToString()!.ToLowerInvariant()} order without {fields.OrderId}"),
            SupplierOrderStatus.Failed => new SupplierResponse.Failed(id, order.Error is { } error ? Truncate(error) : "the supplier reported the order as failed"),
            null when order.StatusText is null => new SupplierResponse.Malformed($"the order has no {fields.Status}"),
            _ => new SupplierResponse.Malformed($"unknown {fields.Status} '{SupplierOrderReader.Shorten(order.StatusText!)}'"),
        };
    }

    private static SupplierResponse ReadBalance(byte[] body)
    {
        try
        {
            var balance = JsonSerializer.Deserialize(body, SupplierJsonContext.Default.SupplierBalanceJson);
            return balance is { Balance: { } amount, Currency: { Length: > 0 } currency }
                ? new SupplierResponse.Balance(amount, currency)
                : new SupplierResponse.Malformed("the balance answer lacks balance or currency");
        }
        catch (JsonException e)
        {
            return new SupplierResponse.Malformed($"unreadable balance: {Truncate(e.Message)}");
        }
    }

    private static SupplierResponse.Rejected Rejected(int status, byte[] body)
    {
        string? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, SupplierJsonContext.Default.SupplierErrorJson)?.Error;
        }
        catch (JsonException)
        {
            // A refusal without a readable body still carries its status code, which is the useful part.
        }

        var reason = status switch
        {
            401 or 403 => "the supplier refused the API key",
            _ => "the supplier refused the request",
        };
        return new SupplierResponse.Rejected(status, string.IsNullOrWhiteSpace(error) ? $"{reason} (HTTP {status})" : $"{reason} (HTTP {status}): {Truncate(error)}");
    }

    private void LogProblem(string operation, string key, SupplierResponse response)
    {
        switch (response)
        {
            case SupplierResponse.NotSent n:
                _logger.NotSent(operation, key, n.Reason);
                break;
            case SupplierResponse.Unreachable u:
                _logger.Unreachable(operation, key, u.Reason, u.MayHaveBeenCreated);
                break;
            case SupplierResponse.Rejected r:
                _logger.Rejected(operation, key, r.StatusCode, r.Reason);
                break;
            case SupplierResponse.Malformed m:
                _logger.Malformed(operation, key, m.Reason);
                break;
        }
    }

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    private static string Truncate(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";

    // What came back from one client call, after the pipeline: a status and body, or the exception that ended it;
    // MayHaveReached is false only when no try can have reached the supplier.
    private readonly record struct Exchange(int? Status, byte[] Body, Exception? Error, bool MayHaveReached);

    // Written by the tries of one call, which the pipeline runs one after another.
    private sealed class Tries
    {
        public bool MayHaveReached { get; set; }
    }
}
