using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>
/// The Polly pipelines for supplier calls, registered with Polly's dependency injection (so they report metrics and
/// logs as <c>supplier.place-order</c>, <c>supplier.lookup</c> and <c>supplier.breaker</c>) and taken from its
/// <see cref="ResiliencePipelineProvider{TKey}"/>. The registry builds each pipeline once, so the circuit breaker's
/// memory of failures outlives the short-lived typed <see cref="SupplierClient"/>, and both pipelines share one
/// breaker because a dead supplier is dead for lookups and orders alike.
/// </summary>
public sealed class SupplierResilience
{
    /// <summary>The pipeline for <c>POST /orders</c>.</summary>
    public const string PlaceOrderPipeline = "supplier.place-order";

    /// <summary>The pipeline for the GETs.</summary>
    public const string LookupPipeline = "supplier.lookup";

    /// <summary>The circuit breaker both pipelines share.</summary>
    public const string BreakerPipeline = "supplier.breaker";

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly CircuitBreakerStateProvider _circuit;

    public SupplierResilience(ResiliencePipelineProvider<string> pipelines, [FromKeyedServices(BreakerPipeline)] CircuitBreakerStateProvider circuit)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        _circuit = circuit;
        PlaceOrder = pipelines.GetPipeline<HttpResponseMessage>(PlaceOrderPipeline);
        Lookup = pipelines.GetPipeline<HttpResponseMessage>(LookupPipeline);
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

    /// <summary>
    /// Registers the three pipelines and this class. They read <see cref="SupplierOptions"/> and log through
    /// <see cref="ILogger{SupplierResilience}"/>; Polly takes the registered <see cref="TimeProvider"/>.
    /// </summary>
    internal static void Register(IServiceCollection services)
    {
        services.TryAddKeyedSingleton<CircuitBreakerStateProvider>(BreakerPipeline);
        services.TryAddSingleton<SupplierResilience>();
        services.TryAddSingleton<SupplierCircuitRecorder>();
        services.AddResiliencePipeline<string, HttpResponseMessage>(BreakerPipeline, static (builder, context) =>
        {
            var settings = context.ServiceProvider.GetRequiredService<IOptions<SupplierOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILogger<SupplierResilience>>();
            var recorder = context.ServiceProvider.GetRequiredService<SupplierCircuitRecorder>();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                StateProvider = context.ServiceProvider.GetRequiredKeyedService<CircuitBreakerStateProvider>(BreakerPipeline),
                ShouldHandle = args => ValueTask.FromResult(IsSupplierFault(args.Outcome)),
                OnOpened = args =>
                {
                    logger.CircuitOpened(args.BreakDuration, Describe(args.Outcome));
                    return recorder.RecordAsync(SupplierCircuitRecorder.Open, Describe(args.Outcome), args.Context.CancellationToken);
                },
                OnHalfOpened = args =>
                {
                    logger.CircuitHalfOpened();
                    return recorder.RecordAsync(SupplierCircuitRecorder.HalfOpen, null, args.Context.CancellationToken);
                },
                OnClosed = args =>
                {
                    logger.CircuitClosed();
                    return recorder.RecordAsync(SupplierCircuitRecorder.Closed, null, args.Context.CancellationToken);
                },
            });
        });

        // Retry outermost, then the shared breaker (it counts every try), then the per-try timeout.
        services.AddResiliencePipeline<string, HttpResponseMessage>(PlaceOrderPipeline, static (builder, context) =>
            Configure(builder, context.ServiceProvider, IsCertainlyNotSent));
        services.AddResiliencePipeline<string, HttpResponseMessage>(LookupPipeline, static (builder, context) =>
            Configure(builder, context.ServiceProvider, IsTransient));
    }

    private static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        IServiceProvider services,
        Func<Outcome<HttpResponseMessage>, bool> shouldRetry)
    {
        var settings = services.GetRequiredService<IOptions<SupplierOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<SupplierResilience>>();
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

        builder
            .AddPipeline(services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(BreakerPipeline))
            .AddTimeout(settings.RequestTimeout);
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
