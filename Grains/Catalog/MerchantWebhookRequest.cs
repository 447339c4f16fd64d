namespace Orleans.Delivery.Grains.Catalog;

/// <summary>How a merchant webhook product's call is made, as the order snapshots it.</summary>
/// <param name="Method"><c>GET</c> (fields in the query string) or <c>POST</c>.</param>
/// <param name="Format">For POST: <c>json</c> or <c>form</c>.</param>
/// <param name="Fields">The optional fields sent besides the standard ones.</param>
/// <param name="StaticFields">Fixed name/value pairs sent with every call.</param>
/// <param name="SeparateMultibuy">One call per item (quantity 1 each) instead of one call carrying the quantity.</param>
public sealed record MerchantWebhookRequest(
    string Method,
    string Format,
    EquatableArray<string> Fields,
    EquatableArray<MerchantStaticField> StaticFields,
    bool SeparateMultibuy)
{
    public const string Get = "GET";
    public const string Post = "POST";
    public const string Json = "json";
    public const string Form = "form";

    /// <summary>What products saved before these settings sent: a JSON POST with the customer's email and name.</summary>
    public static MerchantWebhookRequest Legacy { get; } = new(Post, Json, ["customer_email", "customer_name"], [], false);
}

/// <summary>A fixed name/value pair of a merchant webhook call.</summary>
public sealed record MerchantStaticField(string Name, string Value);
