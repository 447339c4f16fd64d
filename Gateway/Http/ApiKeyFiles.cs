using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// Fills in the API keys nobody configured from <see cref="ApiKeyOptions.AdminKeyFile"/> and
/// <see cref="ApiKeyOptions.StorefrontKeyFile"/>, generating each file on first start, so that a single node started
/// with nothing set has working keys its operator can read from disk.
/// </summary>
public sealed class ApiKeyFiles : IPostConfigureOptions<ApiKeyOptions>
{
    private readonly ConcurrentDictionary<ApiRole, string> _used = new();

    /// <summary>The key files in use, by role, as absolute paths (filled once the options were first read).</summary>
    public IReadOnlyDictionary<ApiRole, string> Used => _used;

    public void PostConfigure(string? name, ApiKeyOptions options)
    {
        options.AdminKeys = FromFile(ApiRole.Admin, options.AdminKeys, options.AdminKeyFile);
        options.StorefrontKeys = FromFile(ApiRole.Storefront, options.StorefrontKeys, options.StorefrontKeyFile);
    }

    private List<string> FromFile(ApiRole role, List<string> configured, string? file)
    {
        if (configured.Any(k => !string.IsNullOrWhiteSpace(k)) || string.IsNullOrWhiteSpace(file))
        {
            return configured;
        }

        var key = PersistedSecret.LoadOrCreate(file);
        _used[role] = Path.GetFullPath(file);
        return [key];
    }
}
