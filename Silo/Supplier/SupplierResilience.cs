using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>
/// The Polly pipelines for supplier calls. A singleton: the circuit breaker's memory of failures must outlive the
/// short-lived typed <see cref="SupplierClient"/>, and both pipelines share one breaker because a dead supplier is
/// dead for lookups and orders alike.
/// </summary>
public sealed class SupplierResilience
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly CircuitBreakerStateProvider _circuit = new();

    public SupplierResilience(IOptions<SupplierOptions> options, TimeProvider timeProvider, ILogger<SupplierResilience> logger)
    {
        var settings = options.Value;
        var breaker = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                StateProvider = _circuit,
                ShouldHandle = args => ValueTask.FromResult(IsSupplierFault(args.Outcome)),
                OnOpened = args =>
                {
                    logger.CircuitOpened(args.BreakDuration, Describe(args.Outcome));
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    logger.CircuitHalfOpened();
                    return default;
                },
                OnClosed = _ =>
                {
                    logger.CircuitClosed();
                    return default;
                },
            })
            .Build();

        // Retry outermost, then the shared breaker (it counts every try), then the per-try timeout.
        PlaceOrder = Build(settings, timeProvider, logger, breaker, IsCertainlyNotSent);
        Lookup = Build(settings, timeProvider, logger, breaker, IsTransient);
    }

    /// <summary>The circuit's state: <see cref="CircuitState.Open"/> while calls fail fast.</summary>
    public CircuitState CircuitState => _circuit.CircuitState;

    /// <summary>For <c>POST /orders</c>: retries only failures that happened before the request left.</summary>
    internal ResiliencePipeline<HttpResponseMessage> PlaceOrder { get; }

    /// <summary>For the GETs: retries every transient failure, as reading twice is harmless.</summary>
    internal ResiliencePipeline<HttpResponseMessage> Lookup { get; }

    /// <summary>Whether a failed POST certainly never reached the supplier: the connection was never opened.</summary>
    internal static bool IsCertainlyNotSent(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    private static ResiliencePipeline<HttpResponseMessage> Build(
        SupplierOptions settings,
        TimeProvider timeProvider,
        ILogger logger,
        ResiliencePipeline<HttpResponseMessage> breaker,
        Func<Outcome<HttpResponseMessage>, bool> shouldRetry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (settings.TriesPerAttempt > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.TriesPerAttempt - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                MaxDelay = MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(shouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome)),
                OnRetry = args =>
                {
                    logger.Retrying(Describe(args.Outcome), args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        return builder
            .AddPipeline(breaker)
            .AddTimeout(settings.RequestTimeout)
            .Build();
    }

    private static bool IsCertainlyNotSent(Outcome<HttpResponseMessage> outcome) => IsCertainlyNotSent(outcome.Exception);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };

    // 429 counts against the supplier too: it asks us to back off, which is what an open circuit does.
    private static bool IsSupplierFault(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };

    private static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome)
    {
        var delta = outcome.Result?.Headers.RetryAfter?.Delta;
        return delta is { } wait && wait > TimeSpan.Zero ? (wait < MaxRetryDelay ? wait : MaxRetryDelay) : null;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        { Exception: HttpRequestException e } => $"network error ({e.HttpRequestError})",
        { Exception: { } e } => e.GetType().Name,
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        _ => "unknown",
    };
}
