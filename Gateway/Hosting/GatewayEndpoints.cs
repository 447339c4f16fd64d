using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Api;
using Orleans.Delivery.Gateway.Console;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.Supplier;

namespace Orleans.Delivery.Gateway.Hosting;

public static class GatewayEndpoints
{
    /// <summary>Maps every endpoint family of the gateway.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseWebhookFailureRecording();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestTargetCheck();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseConsoleFormGuard();
        app.MapHealthChecks("/health", new HealthCheckOptions());
        app.MapPrometheusScrapingEndpoint();
        app.MapOpenApi();
        app.MapCheckout();
        app.MapAdmin();
        app.MapOperationsAdmin();
        app.MapPaymentWebhooks(app.Services.GetRequiredService<IOptions<WebhookOptions>>().Value);
        app.MapBuyerPages();
        app.MapBuyerApi();
        app.MapFileAdmin();
        app.MapLocalFiles();
        app.MapSupplierWebhooks(app.Configuration);
        app.MapOrderPages();
        app.MapOperatorConsole();
        return app;
    }
}
