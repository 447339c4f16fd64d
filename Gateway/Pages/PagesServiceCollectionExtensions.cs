using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Pages;

public static class PagesServiceCollectionExtensions
{
    /// <summary><see cref="LinkTokens"/> from the <c>Links</c> section, validated at start-up.</summary>
    public static IServiceCollection AddLinkTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LinkOptions>().Bind(configuration.GetSection(LinkOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LinkOptions>, LinkOptionsValidator>());
        services.TryAddSingleton<LinkTokens>();
        services.TryAddSingleton<PublicLinks>();
        return services;
    }

    /// <summary>
    /// What the buyer's pages and account API need: link tokens, the file store (<c>Files</c>) and
    /// <see cref="BuyerDownloads"/>.
    /// </summary>
    public static IServiceCollection AddBuyerPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLinkTokens(configuration);
        services.AddFileStore(configuration);
        services.TryAddSingleton<BuyerDownloads>();

        // Link tokens and signed file URLs travel in request paths and queries, which ASP.NET Core logs in full
        // ("Request starting …" at Information, routing and host filtering at Debug). Its warnings still come through;
        // registered after the configuration's rules, this one wins over a Logging:LogLevel that would lower it.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        return services;
    }
}
