using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>The store as every page shows it: name, logo, and where buyers get help.</summary>
/// <param name="StoreName">Shown in the header and the title.</param>
/// <param name="LogoUrl">An absolute http(s) URL of the logo; anything else is not shown.</param>
/// <param name="SupportEmail">The support address in every page's footer and help text.</param>
public sealed record StoreBranding(string StoreName, string? LogoUrl, string SupportEmail)
{
    public static StoreBranding From(StoreSettingsDefinition settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new StoreBranding(settings.StoreName, settings.LogoUrl, settings.SupportEmail);
    }
}
