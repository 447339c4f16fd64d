using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Hosting;

/// <summary>
/// Describes the API keys in the OpenAPI document: the two ways to send one, and which operations want one (those
/// mapped with <see cref="ApiKeyFilterExtensions.RequireApiKey{TBuilder}"/>), with the role in the description.
/// </summary>
public sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string HeaderScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Orleans.Delivery";
        document.Info.Description =
            "Checkout, admin, buyer and webhook APIs. Storefront endpoints take a storefront or an admin key; admin " +
            "endpoints take an admin key. Errors are RFC 9457 problem details with a stable `code`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A storefront or admin key (Api:StorefrontKeys, Api:AdminKeys; on a single node data/storefront.key, data/admin.key).",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The same key as 'Authorization: Bearer <key>'.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var requirement = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().LastOrDefault();
        if (requirement is null)
        {
            return Task.CompletedTask;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
        ];
        var who = requirement.Role == ApiRole.Admin ? "Needs an admin key." : "Needs a storefront (or admin) key.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? who : $"{operation.Description} {who}";
        return Task.CompletedTask;
    }
}
