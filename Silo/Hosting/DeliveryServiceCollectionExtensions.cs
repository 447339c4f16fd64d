using Orleans.Delivery.Grains.Effects;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Silo.Alerts;
using Orleans.Delivery.Silo.Delivery;
using Orleans.Delivery.Silo.Reconciliation;
using Orleans.Delivery.Silo.Supplier;

// The DI convention (as in Npgsql): extension methods live in the container's namespace.
namespace Microsoft.Extensions.DependencyInjection;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Everything a silo needs to fulfil orders: the mail sender, the links emails carry, the supplier client (when
    /// <c>Supplier:BaseUrl</c> is set), and one handler per kind of order effect. The Silo host and the test cluster
    /// both register through here.
    /// </summary>
    public static IServiceCollection AddDeliveryHandlers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDeliveryGrains();
        services.AddMail(configuration);
        services.AddLinkTokens(configuration);
        services.AddEffectHandler<DeliveryEmailHandler>();
        services.AddPaymentProviderClients(configuration.GetSection("Payments"));
        services.AddEffectHandler<RefundHandler>();
        services.AddEffectHandler<PaymentLookupHandler>();
        services.AddEffectHandler<PaymentReconciliationHandler>();
        services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Without a supplier, code orders are not bought: the handlers answer "unreachable", and after the retries the
        // order goes to manual review with an alert that names the missing setting.
        if (!string.IsNullOrWhiteSpace(configuration.GetSection(SupplierOptions.SectionName)["BaseUrl"]))
        {
            services.AddSupplierClient();
        }

        services.AddEffectHandler<SupplierOrderHandler>();
        services.AddEffectHandler<SupplierPollHandler>();
        services.AddOptions<MerchantWebhookOptions>().BindConfiguration(MerchantWebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IMerchantHostResolver, DnsMerchantHostResolver>();
        services.AddSingleton<MerchantConnections>();
        services.AddHttpClient(MerchantWebhookHandler.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<MerchantConnections>().CreateHandler())
            .AddHttpMessageHandler(() => new EffectFenceHandler());
        services.AddEffectHandler<MerchantWebhookHandler>();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.AddEffectHandler<AlertHandler>();
        services.AddOptions<AlertThresholds>().BindConfiguration(AlertRuleOptions.SectionName)
            .Validate(t => !AlertRuleOptions.Problems(t).Any(), "Alerts:Rules is not valid (see AlertRuleOptions)").ValidateOnStart();
        services.AddEffectHandler<OperationsAlertMailHandler>();
        services.AddHttpClient(OperationsAlertWebhookHandler.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddEffectHandler<OperationsAlertWebhookHandler>();
        services.AddEffectHandler<SupplierBalanceReadHandler>();
        return services;
    }
}
