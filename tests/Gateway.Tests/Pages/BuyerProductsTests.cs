using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Tests.Pages;

public sealed class BuyerProductsTests
{
    private static readonly DateTimeOffset Monday = new(2030, 1, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FileOf_ProductWithFileName_KeyAndName()
    {
        var products = Products(File("ebook", "ebooks/guide.pdf", "The Guide.pdf"));

        Assert.Equal(new ProductFile("ebooks/guide.pdf", "The Guide.pdf"), products.FileOf(Entitlement("ord_1", "ebook", Monday)));
    }

    [Fact]
    public void FileOf_NoFileName_LastSegmentOfTheKey()
    {
        var products = Products(File("ebook", "ebooks/2030/guide.pdf", null));

        Assert.Equal("guide.pdf", products.FileOf(Entitlement("ord_1", "ebook", Monday))!.FileName);
    }

    [Fact]
    public void FileOf_ProductGoneOrNotAFileOrInvalidKey_Null()
    {
        var code = new ProductDefinition("card", "Card", 100, "USD", FulfillmentKind.SupplierCode, SupplierSku: "GC", FileKey: "cards/x.pdf");
        var products = Products(code, File("broken", "../etc/passwd", "x"));

        Assert.Null(products.FileOf(Entitlement("ord_1", "ebook", Monday)));
        Assert.Null(products.FileOf(Entitlement("ord_1", "card", Monday)));
        Assert.Null(products.FileOf(Entitlement("ord_1", "broken", Monday)));
    }

    [Fact]
    public void Entitlements_Always_NewestFirst()
    {
        var products = Products() with
        {
            Customer = new CustomerView("c", null, [Entitlement("ord_1", "a", Monday), Entitlement("ord_2", "b", Monday.AddDays(1)), Entitlement("ord_0", "c", Monday)]),
        };

        Assert.Equal(["ord_2:b", "ord_0:c", "ord_1:a"], products.Entitlements.Select(e => e.EntitlementId));
        Assert.Null(products.Find("ord_9:z"));
        Assert.Equal("ord_2", products.Find("ord_2:b")!.OrderId);
    }

    [Fact]
    public void BrandingOf_SettingsNotSet_UnbrandedStoreWithoutSupportLink()
    {
        Assert.Equal(BuyerProducts.UnbrandedStore, BuyerProducts.BrandingOf(new CatalogView([], null)));
        Assert.Equal(
            new StoreBranding("Shop", "https://cdn.example.com/l.png", "help@example.com"),
            BuyerProducts.BrandingOf(new CatalogView([], new StoreSettingsDefinition("Shop", "https://cdn.example.com/l.png", "help@example.com", "orders@example.com"))));
    }

    private static BuyerProducts Products(params ProductDefinition[] products) =>
        new(BuyerProducts.UnbrandedStore, new CustomerView("c", null, []), products);

    private static ProductDefinition File(string sku, string key, string? name) =>
        new(sku, "Guide", 100, "USD", FulfillmentKind.File, 3, key, name);

    private static EntitlementView Entitlement(string orderId, string sku, DateTimeOffset at) =>
        new($"{orderId}:{sku}", orderId, sku, "Guide", 3, 0, false, at);
}
