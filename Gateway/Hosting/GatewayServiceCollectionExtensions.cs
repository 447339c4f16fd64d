using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Console;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Gateway.Webhooks.Supplier;

namespace Orleans.Delivery.Gateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Everything the gateway's endpoints need (the grains come from the silo it is hosted in, or from its Orleans client): webhook verification, Problem Details (with a
    /// last-resort exception handler that never shows an exception), health.
    /// </summary>
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        // Problems the framework writes for a bare status (unmapped route, wrong method, unreadable request) get a
        // code too, so that a client can switch on `code` whatever answered.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd("code", ApiProblem.CodeFor(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode)));
        services.AddExceptionHandler<LastResortExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.Configure<ApiKeyOptions>(configuration.GetSection(ApiKeyOptions.SectionName));
        if (!services.Any(d => d.ServiceType == typeof(ApiKeyFiles)))
        {
            services.AddSingleton<ApiKeyFiles>();
            services.AddSingleton<IPostConfigureOptions<ApiKeyOptions>>(sp => sp.GetRequiredService<ApiKeyFiles>());
            services.AddHostedService<ApiKeyFilesReport>();
        }

        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<ApiKeySecurityTransformer>();
            o.AddOperationTransformer<ApiKeySecurityTransformer>();
        });
        services.Configure<WebhookOptions>(configuration.GetSection("Webhooks"));
        services.AddSingleton<IOptions<PayPalWebhookOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.PayPal));
        services.AddHttpClient<PayPalCertificateCache>();
        services.AddSingleton<PayPalWebhookVerifier>();
        services.AddSingleton<PaymentWebhookRecorder>();
        services.AddBuyerPages(configuration);
        services.AddOperatorConsole(configuration);
        if (!string.IsNullOrEmpty(configuration.GetSection(SupplierWebhookOptions.SectionName)["Secret"]))
        {
            services.AddSupplierWebhookVerifier();
        }

        services.AddLinkTokens(configuration);
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        services.AddDeliveryTelemetry(configuration);
        return services;
    }
}
