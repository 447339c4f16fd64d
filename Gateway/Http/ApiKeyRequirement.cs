namespace Orleans.Delivery.Gateway.Http;

/// <summary>Endpoint metadata: the endpoint wants an API key of <paramref name="Role"/> (for the OpenAPI document).</summary>
public sealed record ApiKeyRequirement(ApiRole Role);
