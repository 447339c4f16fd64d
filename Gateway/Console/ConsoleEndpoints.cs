using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Console.Pages;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Console;

/// <summary>
/// The operator console under <c>/console</c>: pages rendered on the server as Razor components, forms posted back
/// with an anti-forgery token, behind a password login with a session cookie. Every action calls the grain method the
/// admin API calls.
/// </summary>
public static partial class ConsoleEndpoints
{
    public const string Root = "/console";

    /// <summary>Outcomes an action redirects with (<c>?done=</c>): fixed sentences, so a crafted link cannot put words on a page.</summary>
    private static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["resent"] = "The delivery email is on its way again.",
        ["retried"] = "Fulfillment started again.",
        ["refunded"] = "The refund was requested.",
        ["delivered"] = "The codes were delivered.",
        ["saved"] = "The product was saved.",
        ["placed"] = "The test order was placed and paid; it is being fulfilled.",
        ["logged-out"] = "You are logged out.",
    };

    public static WebApplication MapOperatorConsole(this WebApplication app)
    {
        app.MapGet(Root + "/login", LoginPage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Root + "/login", LoginAsync).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        var console = app.MapGroup(Root).RequireAuthorization(ConsoleServiceCollectionExtensions.Policy).ExcludeFromDescription();
        console.MapGet("", () => TypedResults.Redirect(Root + "/orders"));
        console.MapGet("/", () => TypedResults.Redirect(Root + "/orders"));
        var actions = console.MapGroup("").WithMetadata(new RequireAntiforgeryTokenAttribute());
        actions.MapPost("/logout", (Delegate)LogoutAsync);
        MapOrders(console, actions);
        MapProducts(console, actions);
        MapTestOrders(console, actions);
        MapSupplierHealth(console);
        return app;
    }

    /// <summary>Renders <typeparamref name="TPage"/> with the page context and its own parameters.</summary>
    internal static RazorComponentResult<TPage> Render<TPage>(HttpContext context, object parameters, int status = StatusCodes.Status200OK, string? error = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Page"] = PageOf(context, error) };
        foreach (var property in parameters.GetType().GetProperties())
        {
            values[property.Name] = property.GetValue(parameters);
        }

        return new RazorComponentResult<TPage>(values) { StatusCode = status };
    }

    internal static ConsolePage PageOf(HttpContext context, string? error = null)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var done = context.Request.Query["done"].ToString();
        return new ConsolePage(
            context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null,
            tokens.FormFieldName,
            tokens.RequestToken!,
            Notices.GetValueOrDefault(done),
            error,
            context.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.DashboardPath,
            context.Request.Path.Value ?? Root);
    }

    /// <summary>After an action: back to <paramref name="path"/> with a fixed notice (Post/Redirect/Get).</summary>
    internal static RedirectHttpResult Done(string path, string notice) =>
        TypedResults.Redirect($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}done={notice}");

    /// <summary>
    /// Refuses, with a reason, a console form posted without a valid anti-forgery token, before its form is bound or
    /// its handler runs. Goes right after <c>UseAntiforgery</c>, which checked the token
    /// (<see cref="IAntiforgeryValidationFeature"/>); a console action the check did not reach counts as refused.
    /// </summary>
    public static IApplicationBuilder UseConsoleFormGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true }
            && HttpMethods.IsPost(context.Request.Method)
            && context.Request.Path.StartsWithSegments(Root, StringComparison.Ordinal)
            && context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            await ApiProblem.BadRequest("antiforgery_token_invalid", "The form's anti-forgery token is missing or invalid. Reload the page and try again.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static RazorComponentResult<LoginPage> LoginPage(HttpContext context, ConsolePassword password, string? returnUrl) =>
        Render<LoginPage>(context, new { ReturnUrl = LocalReturn(returnUrl), Disabled = !password.IsConfigured });

    private static async Task<IResult> LoginAsync(
        HttpContext context, [FromForm] string? password, [FromForm] string? returnUrl, ConsolePassword passwords, LoginThrottle throttle)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var back = LocalReturn(returnUrl);
        if (!passwords.IsConfigured)
        {
            return Render<LoginPage>(context, new { ReturnUrl = back, Disabled = true }, StatusCodes.Status403Forbidden,
                "The console is not enabled: set Console:Password.");
        }

        if (await throttle.TryAttemptAsync(client, context.RequestAborted) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Render<LoginPage>(context, new { ReturnUrl = back, Disabled = false }, StatusCodes.Status429TooManyRequests,
                $"Too many wrong passwords. Try again in {seconds} s.");
        }

        if (!passwords.Matches(password))
        {
            ConsoleLog.LoginFailed(context.RequestServices.GetRequiredService<ILogger<ConsolePassword>>(), client);
            return Render<LoginPage>(context, new { ReturnUrl = back, Disabled = false }, StatusCodes.Status401Unauthorized, "Wrong password.");
        }

        await throttle.SucceededAsync(client, context.RequestAborted);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], ConsoleServiceCollectionExtensions.Scheme);
        await context.SignInAsync(ConsoleServiceCollectionExtensions.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Redirect(back);
    }

    private static async Task<RedirectHttpResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(ConsoleServiceCollectionExtensions.Scheme);
        return Done(Root + "/login", "logged-out");
    }

    /// <summary>Only a path inside the console: a login form must never send the browser elsewhere.</summary>
    private static string LocalReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 2000 } url && url.StartsWith(Root + "/", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && !url.Contains("/login", StringComparison.Ordinal)
            ? url
            : Root + "/orders";
}
