using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Http;

public enum ApiRole
{
    Storefront,
    Admin,
}

/// <summary>Lets a request through only with a key of the endpoint's role (admin keys may also act as the storefront).</summary>
public sealed class ApiKeyFilter(ApiRole role) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = Presented(request);
        if (presented is null)
        {
            return ApiProblem.Unauthorized("missing_api_key", "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
        }

        var options = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>().CurrentValue;
        var keys = role == ApiRole.Admin ? options.AdminKeys : options.StorefrontKeys.Concat(options.AdminKeys);
        if (!keys.Any(k => Matches(k, presented)))
        {
            return ApiProblem.Unauthorized("invalid_api_key", $"The API key is not valid for {(role == ApiRole.Admin ? "the admin API" : "this API")}.");
        }

        return await next(context);
    }

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header : null;
    }

    private static bool Matches(string expected, string presented) =>
        !string.IsNullOrEmpty(expected) &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

public static class ApiKeyFilterExtensions
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(role)).WithMetadata(new ApiKeyRequirement(role));
}
