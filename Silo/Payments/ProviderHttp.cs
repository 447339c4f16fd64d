using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>
/// Sends requests to one provider through a Polly pipeline registered with Polly's dependency injection
/// (<see cref="AddPipelines"/>): retry of transient failures (network errors, attempt timeouts, 408, 429, 5xx;
/// Stripe's <c>Stripe-Should-Retry</c> header wins when present) with exponential backoff and jitter, around a
/// per-attempt timeout. Never throws for provider failures; only the caller's
/// cancellation escapes.
/// </summary>
internal sealed class ProviderHttp
{
    private readonly string _provider;
    private readonly HttpClient _httpClient;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _retrying;
    private readonly ResiliencePipeline<HttpResponseMessage> _singleAttempt;

    public ProviderHttp(string provider, HttpClient httpClient, ResiliencePipelineProvider<string> pipelines, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        _provider = provider;
        _httpClient = httpClient;
        _logger = logger;
        _retrying = pipelines.GetPipeline<HttpResponseMessage>(PipelineKey(provider));
        _singleAttempt = pipelines.GetPipeline<HttpResponseMessage>(SingleAttemptKey(provider));
    }

    /// <summary>The key of a provider's retrying pipeline, e.g. <c>payments.stripe</c>.</summary>
    public static string PipelineKey(string provider) => $"payments.{provider}";

    /// <summary>The key of a provider's pipeline for calls that must not be retried.</summary>
    public static string SingleAttemptKey(string provider) => $"payments.{provider}.single-attempt";

    /// <summary>
    /// Registers <paramref name="provider"/>'s two pipelines with Polly's dependency injection (so they report
    /// metrics and logs), from <typeparamref name="TOptions"/>, logging retries as <typeparamref name="TClient"/>.
    /// </summary>
    public static void AddPipelines<TOptions, TClient>(IServiceCollection services, string provider)
        where TOptions : PaymentProviderClientOptions
    {
        services.AddResiliencePipeline<string, HttpResponseMessage>(SingleAttemptKey(provider), static (builder, context) =>
            builder.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value.AttemptTimeout));
        services.AddResiliencePipeline<string, HttpResponseMessage>(PipelineKey(provider), (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILogger<TClient>>();
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutRejectedException } => true,
                        { Result: { } response } => IsTransient(response),
                        _ => false,
                    }),
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    Delay = options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    OnRetry = args =>
                    {
                        var reason = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                        PaymentsLog.Retrying(logger, provider, args.Context.OperationKey ?? "call", args.AttemptNumber + 1, reason, args.RetryDelay);
                        return default;
                    },
                });
            }

            builder.AddTimeout(options.AttemptTimeout);
        });
    }

    /// <summary>
    /// Sends the request made by <paramref name="createRequest"/> (called once per attempt). Set
    /// <paramref name="retry"/> false for non-idempotent calls the provider offers no idempotency key for.
    /// </summary>
    public async Task<ProviderResponse> SendAsync(
        string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken, bool retry = true)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            using var response = await (retry ? _retrying : _singleAttempt).ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = state.createRequest();
                    // The body is buffered inside the attempt, so the attempt timeout covers reading it.
                    return await state.client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken);
                },
                context,
                (createRequest, client: _httpClient));
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var answer = new ProviderResponse(response.StatusCode, body, null);
            if (answer.IsServerError)
            {
                PaymentsLog.Unavailable(_logger, _provider, operation, answer.Describe());
            }

            return answer;
        }
        // OperationCanceledException without the caller's cancellation is HttpClient's own Timeout firing.
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is HttpRequestException ? $"unreachable ({exception.GetType().Name})" : "timed out";
            PaymentsLog.Unavailable(_logger, _provider, operation, reason);
            return ProviderResponse.Unreachable(reason);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool IsTransient(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Stripe-Should-Retry", out var values))
        {
            return string.Equals(values.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        }

        return response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || (int)response.StatusCode >= 500;
    }
}
