using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// What a request that threw is answered: a problem that says nothing about the exception (no message, no type, no
/// stack), whatever the environment. A store that cannot be reached or is overloaded (the grain store, or the file
/// store's service) is a 503 with <c>Retry-After</c>, so a provider's webhook is simply delivered again; a request
/// Kestrel could not read keeps its 4xx; anything else is a 500, logged here with its exception.
/// </summary>
public sealed class LastResortExceptionHandler(ILogger<LastResortExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The <c>Retry-After</c> of a 503: long enough for a failover or a connection pool to recover.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware clears the endpoint before it calls handlers; its feature keeps the one that threw.
        var endpoint = (httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint())?.DisplayName ?? "(no endpoint)";
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            // Nobody is left to read an answer, and nothing failed on our side.
            HttpLog.Abandoned(logger, endpoint);
            return true;
        }

        ProblemHttpResult problem;
        if (exception is BadHttpRequestException unreadable)
        {
            HttpLog.Unreadable(logger, endpoint, unreadable.StatusCode);
            problem = ApiProblem.Create(
                unreadable.StatusCode,
                ApiProblem.CodeFor(unreadable.StatusCode),
                unreadable.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this endpoint accepts."
                    : "The request could not be read: a route value, query parameter, header or the body is not in the form this endpoint expects.");
        }
        else if (IsStoreUnavailable(exception))
        {
            HttpLog.StoreUnavailable(logger, endpoint, RetryAfterSeconds, exception);
            problem = Unavailable(httpContext);
        }
        else
        {
            HttpLog.Unhandled(logger, endpoint, exception);
            problem = ApiProblem.Create(
                StatusCodes.Status500InternalServerError,
                ApiProblem.CodeFor(StatusCodes.Status500InternalServerError),
                "Something went wrong on our side. Try again; if it keeps happening, contact support with this problem's traceId.");
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The answer while a store the request needs cannot be reached: 503 with <c>Retry-After</c>.</summary>
    public static ProblemHttpResult Unavailable(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblem.Create(
            StatusCodes.Status503ServiceUnavailable,
            ApiProblem.CodeFor(StatusCodes.Status503ServiceUnavailable),
            $"A store this request needs cannot be reached right now; nothing was recorded. Try again in {RetryAfterSeconds} seconds.");
    }

    /// <summary>True when the exception, or one it wraps, says the store is down, unreachable or too busy right now.</summary>
    internal static bool IsStoreUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            var unavailable = e switch
            {
                // One that crossed from a silo in a grain call's answer arrives without its SQL state: the database
                // failed the call, so nothing was recorded.
                PostgresException p => p.SqlState is not { } state || p.IsTransient || state.StartsWith("08", StringComparison.Ordinal)
                    || state is "57014" or "57P01" or "57P02" or "57P03",
                // Not a server error: the connection could not be opened or broke (I/O, timeout, pool exhausted).
                NpgsqlException => true,
                // SQLite busy or locked (codes 5 and 6), on the single node.
                DbException { ErrorCode: 5 or 6 } d when d.GetType().Name == "SqliteException" => true,
                // The cluster: no silo could take the call, a silo left mid-call, or a stale activation's write lost.
                // Orleans' own exceptions (grain code here throws none of them): no silo reachable, a call rejected or
                // timed out, a client without a gateway.
                OrleansException or InconsistentStateException => true,
                DbException d => d.IsTransient,
                TimeoutException or SocketException or HttpRequestException => true,
                Amazon.Runtime.AmazonServiceException a => (int)a.StatusCode >= 500,
                _ => false,
            };
            if (unavailable)
            {
                return true;
            }
        }

        return false;
    }
}
