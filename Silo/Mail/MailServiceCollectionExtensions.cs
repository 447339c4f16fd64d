using Orleans.Delivery.Grains.Effects;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Silo.Mail;
using Polly;
using Polly.Registry;
using SendGrid;

// The DI convention (as in Npgsql): extension methods live in the container's namespace.
namespace Microsoft.Extensions.DependencyInjection;

public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MailOptions"/> bound from the <c>Mail</c> section and validated at start-up, and
    /// <see cref="IMailSender"/> as the sender <see cref="MailOptions.Provider"/> chooses (the pickup folder when
    /// nothing is configured). The three senders are registered as themselves too, for tests and tools, and the
    /// SendGrid sender's Polly pipeline with Polly's dependency injection.
    /// </summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MailOptions>().Bind(configuration.GetSection("Mail")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailOptions>, MailOptionsValidator>());
        services.TryAddSingleton<SmtpMailSender>();
        services.TryAddSingleton<PickupFolderMailSender>();
        // The sender is a singleton holding its client, so connections are recycled by the handler (DNS changes
        // are seen) rather than by the factory rotating handlers; Polly's per-attempt timeout governs, so
        // HttpClient's own 100 s default is off.
        services.AddHttpClient(SendGridMailSender.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler(() => new EffectFenceHandler())
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddResiliencePipeline<string, Response>(SendGridMailSender.PipelineKey, static (builder, context) =>
            SendGridMailSender.ConfigurePipeline(
                builder,
                context.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value.SendGrid,
                context.ServiceProvider.GetRequiredService<ILogger<SendGridMailSender>>()));
        services.TryAddSingleton(sp => new SendGridMailSender(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridMailSender.HttpClientName),
            sp.GetRequiredService<IOptions<MailOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ResiliencePipelineProvider<string>>(),
            sp.GetRequiredService<ILogger<SendGridMailSender>>()));
        services.TryAddSingleton<IMailSender>(sp =>
        {
            var provider = sp.GetRequiredService<IOptions<MailOptions>>().Value.EffectiveProvider;
            MailLog.ProviderChosen(sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IMailSender)), provider);
            return provider switch
            {
                MailOptions.SmtpProvider => sp.GetRequiredService<SmtpMailSender>(),
                MailOptions.SendGridProvider => sp.GetRequiredService<SendGridMailSender>(),
                _ => sp.GetRequiredService<PickupFolderMailSender>(),
            };
        });
        return services;
    }
}
