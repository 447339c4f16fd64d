using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Catalog;

/// <summary>The catalog grain takes a seed only into an empty store, once, all of it or nothing.</summary>
public sealed class CatalogSeedTests
{
    private static readonly StoreSettingsDefinition SeedSettings = new("Seeded Shop", null, "help@seeded.example", "orders@seeded.example");

    private static readonly ProductDefinition GiftCard = new(
        "gift-25", "Gift Card", 2500, "usd", FulfillmentKind.SupplierCode, SupplierSku: "GC-25", Denomination: "$25");

    private static readonly ProductDefinition Ebook = new(
        "ebook", "E-book", 1900, "USD", FulfillmentKind.File, DownloadLimit: 3, FileKey: "ebooks/guide.pdf", FileName: "guide.pdf");

    [Fact]
    public async Task Seed_EmptyStore_SeedsEverythingOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        var catalog = Catalog(cluster);

        var first = await catalog.SeedAsync(SeedSettings, [GiftCard, Ebook]);
        var again = await catalog.SeedAsync(SeedSettings with { StoreName = "Another" }, [Ebook with { PriceMinor = 1 }]);

        Assert.Equal(new CatalogSeedOutcome[] { CatalogSeedOutcome.Seeded, CatalogSeedOutcome.NotEmpty }, [first.Outcome, again.Outcome]);
        var view = await catalog.GetAsync();
        Assert.Equal(SeedSettings, view.Settings);
        Assert.Equal([Ebook, GiftCard with { Currency = "USD" }], view.Products);
    }

    [Fact]
    public async Task Seed_StoreChangedByOperator_LeavesItAlone()
    {
        await using var cluster = await TestCluster.StartAsync();
        var catalog = Catalog(cluster);
        var operatorSettings = new StoreSettingsDefinition("Operator's Shop", null, "help@op.example", "orders@op.example");
        Assert.True((await catalog.UpdateSettingsAsync(operatorSettings)).Applied);

        var result = await catalog.SeedAsync(SeedSettings, [GiftCard]);

        Assert.Equal(CatalogSeedOutcome.NotEmpty, result.Outcome);
        Assert.Empty(result.Errors);
        var view = await catalog.GetAsync();
        Assert.Equal(operatorSettings, view.Settings);
        Assert.Empty(view.Products);
    }

    [Fact]
    public async Task Seed_SeededStoreEmptiedByOperator_IsNotSeededAgain()
    {
        await using var cluster = await TestCluster.StartAsync();
        var catalog = Catalog(cluster);
        Assert.Equal(CatalogSeedOutcome.Seeded, (await catalog.SeedAsync(null, [GiftCard])).Outcome);
        Assert.True((await catalog.RemoveProductAsync(GiftCard.Sku)).Applied);

        var again = await catalog.SeedAsync(null, [GiftCard]);

        Assert.Equal(CatalogSeedOutcome.NotEmpty, again.Outcome);
        Assert.Empty((await catalog.GetAsync()).Products);
    }

    [Fact]
    public async Task Seed_InvalidProduct_RefusedWithEveryReasonAndNothingChanged()
    {
        await using var cluster = await TestCluster.StartAsync();
        var catalog = Catalog(cluster);

        var refused = await catalog.SeedAsync(
            SeedSettings with { SupportEmail = "not an address" },
            [GiftCard with { SupplierSku = null }, Ebook, Ebook]);
        var afterwards = await catalog.SeedAsync(SeedSettings, [Ebook]);

        Assert.Equal(CatalogSeedOutcome.Refused, refused.Outcome);
        Assert.Equal(
            ["settings: supportEmail must be an email address.", "gift-25: a supplier code product needs supplierSku.", "ebook: listed more than once."],
            refused.Errors);
        Assert.Equal(CatalogSeedOutcome.Seeded, afterwards.Outcome);
    }

    private static ICatalogGrain Catalog(TestCluster cluster) =>
        cluster.Silos[0].Services.GetRequiredService<IGrainFactory>().GetGrain<ICatalogGrain>($"store-{Guid.NewGuid():N}");
}
