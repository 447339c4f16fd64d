namespace Orleans.Delivery.Gateway.Http;

/// <summary>API keys (configuration section <c>Api</c>). A key is sent as <c>Authorization: Bearer …</c> or <c>X-Api-Key</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Api";

    /// <summary>Keys of the storefront's server: checkout and the buyer's account on its behalf. Default: none.</summary>
    public List<string> StorefrontKeys { get; set; } = [];

    /// <summary>Keys of operators: catalog, settings, review queue, resends, refunds, logs. Default: none.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>
    /// For one machine only (the single-node default sets <c>data/admin.key</c>): when <see cref="AdminKeys"/> is
    /// empty, the admin key is read from this file, or generated (32 random bytes) and written there on first start.
    /// Default: none, so a gateway without configured keys refuses every admin call.
    /// </summary>
    public string? AdminKeyFile { get; set; }

    /// <summary>
    /// The same as <see cref="AdminKeyFile"/> for the storefront's key, used when <see cref="StorefrontKeys"/> is empty
    /// (the single-node default sets <c>data/storefront.key</c>). Default: none.
    /// </summary>
    public string? StorefrontKeyFile { get; set; }
}
