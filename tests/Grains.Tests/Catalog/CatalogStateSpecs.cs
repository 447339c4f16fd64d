using System.Collections.Immutable;
using System.Text.Json;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Tests.Catalog;

public sealed class CatalogStateSpecs
{
    private static readonly ProductDefinition Ebook = new("ebook", "Ebook", 1000, "USD", FulfillmentKind.File, FileKey: "ebook.pdf");

    [Fact]
    public void Price_StoredCatalogReadBack_SkuWithAControlCharacterIsAnotherSku()
    {
        var stored = CatalogState.Empty with { Products = CatalogState.Empty.Products.Add(Ebook.Sku, Ebook) };
        var read = JsonSerializer.Deserialize(JsonSerializer.Serialize(stored, CatalogJson.Default.CatalogState), CatalogJson.Default.CatalogState)!;

        Assert.Same(StringComparer.Ordinal, read.Products.KeyComparer);
        Assert.True(read.Products.ContainsKey("ebook"));
        Assert.False(read.Products.ContainsKey("ebook\0"));
    }

    [Fact]
    public void Products_SetWithAnotherComparer_ComparedOrdinally()
    {
        var culture = ImmutableSortedDictionary.Create<string, ProductDefinition>(StringComparer.InvariantCulture).Add(Ebook.Sku, Ebook);

        var state = new CatalogState(culture, null);

        Assert.Same(StringComparer.Ordinal, state.Products.KeyComparer);
        Assert.False((state with { Products = culture }).Products.ContainsKey("ebook\0"));
    }

    [Fact]
    public void View_OfSkus_SettingsAndOnlyTheNamedProductsOnSaleEachOnceSecretsHidden()
    {
        var license = new ProductDefinition(
            "license", "License", 5000, "USD", FulfillmentKind.MerchantWebhook, MerchantWebhookUrl: "https://merchant.example/fulfil",
            MerchantWebhookSecret: "whsec_current", MerchantWebhookPreviousSecret: "whsec_previous");
        var other = Ebook with { Sku = "other" };
        var settings = new StoreSettingsDefinition("Shop", null, "support@shop.example", "orders@shop.example");
        var state = new CatalogState(
            CatalogState.Empty.Products.Add(Ebook.Sku, Ebook).Add(license.Sku, license).Add(other.Sku, other), settings);

        var view = state.View(["license", "gone", "ebook", "license"]);

        Assert.Same(settings, view.Settings);
        Assert.Equal(["license", "ebook"], view.Products.Select(p => p.Sku));
        Assert.Equal("(set)", view.Products[0].MerchantWebhookSecret);
        Assert.Equal("(set)", view.Products[0].MerchantWebhookPreviousSecret);
        Assert.Equal(state.View().Products.Where(p => p.Sku != "other").OrderBy(p => p.Sku, StringComparer.Ordinal), view.Products.OrderBy(p => p.Sku, StringComparer.Ordinal));
        Assert.Empty(state.View([]).Products);
        Assert.Same(settings, state.View([]).Settings);
    }
}
