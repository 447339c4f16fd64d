using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Tests.Catalog;

internal static class CatalogFixtures
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly Product Ebook = new("ebook", "Ebook", 1500, "USD", ProductKind.File, DownloadLimit: 3, FileKey: "files/ebook.pdf");

    public static readonly Product Steam = new(
        "steam-20", "Steam $20", 2000, "USD", ProductKind.SupplierCode, SupplierSku: "steam-20-usd", Denomination: "$20", Instructions: "Redeem on Steam");

    public static readonly Product License = new(
        "app", "App license", 3000, "USD", ProductKind.MerchantWebhook, Instructions: "Paste the key",
        MerchantWebhook: new MerchantWebhookTarget("https://merchant.example/license", "whsec_123"));

    public static readonly Product EuroCard = new("card-eur", "Card €10", 1000, "EUR", ProductKind.SupplierCode, SupplierSku: "card-10-eur");

    public static readonly StoreSettings Settings = new("Sokobuni Demo", "https://cdn.example/logo.png", "help@shop.example", "orders@shop.example");

    public static CatalogState CatalogOf(params Product[] products) => products.Aggregate(
        CatalogState.Initial,
        (state, product) => CatalogDecider.Handle(new UpsertProduct(product, T0), state).State);
}
