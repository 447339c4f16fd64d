namespace Orleans.Delivery.Gateway.Http;

/// <summary>API keys (configuration section <c>Api</c>). A key is sent as <c>Authorization: Bearer …</c> or <c>X-Api-Key</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Keys of the storefront's server: checkout and the buyer's account on its behalf. Default: none.</summary>
    public List<string> StorefrontKeys { get; set; } = [];

    /// <summary>Keys of operators: catalog, settings, review queue, resends, refunds, logs. Default: none.</summary>
    public List<string> AdminKeys { get; set; } = [];
}
