using Microsoft.AspNetCore.Authentication.Cookies;

namespace Orleans.Delivery.Gateway.Console;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>The cookie authentication scheme of operators' browser sessions.</summary>
    public const string Scheme = "console";

    public const string Policy = "console-operator";

    /// <summary>
    /// The operator console: server-rendered Razor components, a session cookie after a password login, anti-forgery
    /// tokens on every form, and a throttle on wrong passwords.
    /// </summary>
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ConsoleOptions>(configuration.GetSection(ConsoleOptions.SectionName));
        services.AddSingleton<ConsolePassword>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<TestOrders>();
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "od.console.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__af";
        });
        services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "od.console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = ConsoleEndpoints.Root;
            o.LoginPath = ConsoleEndpoints.Root + "/login";
            o.LogoutPath = ConsoleEndpoints.Root + "/logout";
            o.AccessDeniedPath = ConsoleEndpoints.Root + "/login";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }
}
