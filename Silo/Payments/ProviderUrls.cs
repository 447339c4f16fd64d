namespace Orleans.Delivery.Silo.Payments;

internal static class ProviderUrls
{
    /// <summary>Relative paths resolve under the base only when it ends in '/' (".../v3" would lose "v3").</summary>
    public static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
