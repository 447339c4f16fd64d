namespace Orleans.Delivery.Gateway.Pages;

/// <summary>The buyer's "Digital Products" page.</summary>
/// <param name="Store">The store's name, logo and support contact.</param>
/// <param name="CustomerEmail">Shown so the buyer knows whose products these are; optional.</param>
/// <param name="Items">Every purchased file, newest first as given.</param>
/// <param name="Licenses">Licenses merchants' webhooks delivered, newest first as given.</param>
public sealed record AccountPageView(
    StoreBranding Store,
    string? CustomerEmail,
    IReadOnlyList<AccountItemView> Items,
    IReadOnlyList<Grains.Interfaces.LicenseView>? Licenses = null);
