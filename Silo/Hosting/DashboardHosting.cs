using System.Net.Http.Headers;
using System.Text;
using Orleans.Dashboard;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Silo.Hosting;

/// <summary>
/// The Orleans dashboard (<c>Microsoft.Orleans.Dashboard</c>) on every silo, at <see cref="Path"/> on the silo's HTTP
/// endpoint, for admin keys only: its page, assets and the APIs behind them. It shows grain types and keys, silos,
/// reminders and grain state, so it is guarded like the admin API.
/// </summary>
public static class DashboardHosting
{
    public const string Path = "/dashboard";

    private const string Realm = "Basic realm=\"Orleans dashboard\", charset=\"UTF-8\"";

    /// <summary>The silo's half: the grain service and profiler that collect what the dashboard shows.</summary>
    public static IHostApplicationBuilder AddDeliveryDashboard(this IHostApplicationBuilder builder)
    {
        // The live log stream holds a request open for an hour; the logs already go to the host's own sinks.
        builder.UseOrleans(silo => silo.AddDashboard(o => o.HideTrace = true));
        return builder;
    }

    /// <summary>The HTTP half: the dashboard's routes under <see cref="Path"/>, each behind the admin key.</summary>
    public static WebApplication MapDeliveryDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard(Path)
            .AddEndpointFilter(BasicCredentialsAsApiKey)
            .RequireApiKey(ApiRole.Admin)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A browser cannot add <c>X-Api-Key</c> to the dashboard page's own requests, but after a 401 with a Basic
    /// challenge it asks for credentials and sends them with every request to the same origin. The password is taken
    /// as the API key (the user name is ignored), then checked as any key is.
    /// </summary>
    private static async ValueTask<object?> BasicCredentialsAsApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var authorization)
            && string.Equals(authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && PasswordOf(authorization.Parameter) is { Length: > 0 } password)
        {
            request.Headers.Authorization = default;
            request.Headers["X-Api-Key"] = password;
        }

        var result = await next(context);
        if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = Realm;
        }

        return result;
    }

    private static string? PasswordOf(string? parameter)
    {
        if (parameter is null)
        {
            return null;
        }

        var bytes = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, bytes, out var written))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : credentials[(colon + 1)..];
    }
}
