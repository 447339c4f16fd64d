using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
}
