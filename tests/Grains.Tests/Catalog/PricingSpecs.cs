using System.Text.Json;
using Orleans.Delivery.Grains.Catalog;
using static Orleans.Delivery.Grains.Tests.Catalog.CatalogFixtures;

namespace Orleans.Delivery.Grains.Tests.Catalog;

public sealed class PricingSpecs
{
    private static readonly CatalogState Catalog = CatalogOf(Ebook, Steam, License, EuroCard);

    [Fact]
    public void Price_KnownItems_PricesEachLineAndTheTotal()
    {
        var result = Pricing.Price(Catalog, [new CartItem("steam-20", 2), new CartItem("ebook", 1)]);

        Assert.Equal(
            new PricingResult.Priced(
                [new PricedLine("steam-20", 2, 2000, 4000, Steam.Snapshot()), new PricedLine("ebook", 1, 1500, 1500, Ebook.Snapshot())],
                5500,
                "USD"),
            result);
    }

    [Fact]
    public void Price_SameSkuTwice_MergesTheQuantities()
    {
        var result = Pricing.Price(Catalog, [new CartItem("steam-20", 1), new CartItem("ebook", 1), new CartItem("steam-20", 2)]);

        var priced = Assert.IsType<PricingResult.Priced>(result);
        Assert.Equal([("steam-20", 3), ("ebook", 1)], priced.Lines.Select(l => (l.Sku, l.Quantity)));
        Assert.Equal(7500, priced.TotalMinor);
    }

    [Fact]
    public void Price_EmptyCart_IsRejected() =>
        Assert.Equal(new PricingResult.Rejected([new PricingError("empty-cart", null, "the cart is empty")]), Pricing.Price(Catalog, []));

    [Fact]
    public void Price_UnknownSku_IsRejected() =>
        Assert.Equal(
            new PricingResult.Rejected([new PricingError("unknown-sku", "nope", "there is no product nope")]),
            Pricing.Price(Catalog, [new CartItem("nope", 1)]));

    [Fact]
    public void Price_InactiveProduct_IsRejected()
    {
        var catalog = CatalogDecider.Handle(new DeactivateProduct("ebook", T0), Catalog).State;

        Assert.Equal(
            new PricingResult.Rejected([new PricingError("unavailable-product", "ebook", "ebook is not for sale at the moment")]),
            Pricing.Price(catalog, [new CartItem("ebook", 1)]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void Price_QuantityOutOfRange_IsRejected(int quantity) =>
        Assert.Equal(
            new PricingResult.Rejected([new PricingError("invalid-quantity", "ebook", "quantity for ebook must be between 1 and 100")]),
            Pricing.Price(Catalog, [new CartItem("ebook", quantity)]));

    [Fact]
    public void Price_MergedQuantityOver100_IsRejected() =>
        Assert.Equal(
            new PricingResult.Rejected([new PricingError("invalid-quantity", "ebook", "quantity for ebook must be between 1 and 100")]),
            Pricing.Price(Catalog, [new CartItem("ebook", 60), new CartItem("ebook", 41)]));

    [Fact]
    public void Price_Quantity100_IsAccepted() =>
        Assert.Equal(150_000, Assert.IsType<PricingResult.Priced>(Pricing.Price(Catalog, [new CartItem("ebook", 100)])).TotalMinor);

    [Fact]
    public void Price_MixedCurrencies_IsRejected() =>
        Assert.Equal(
            new PricingResult.Rejected([new PricingError("mixed-currencies", null, "a cart must be in one currency, found USD, EUR")]),
            Pricing.Price(Catalog, [new CartItem("ebook", 1), new CartItem("card-eur", 1)]));

    [Fact]
    public void Price_TooManyLines_IsRejected()
    {
        var many = Enumerable.Range(0, 101).Select(i => new Product($"p{i}", "P", 1, "USD", ProductKind.SupplierCode, SupplierSku: "s")).ToArray();

        var result = Pricing.Price(CatalogOf(many), many.Select(p => new CartItem(p.Sku, 1)));

        Assert.Equal(
            new PricingResult.Rejected([new PricingError("too-many-lines", null, "a cart holds at most 100 different products")]),
            result);
    }

    [Fact]
    public void Price_SeveralProblems_ReportsThemAll()
    {
        var result = Pricing.Price(Catalog, [new CartItem("nope", 1), new CartItem("ebook", 0), new CartItem("card-eur", 1), new CartItem("steam-20", 1)]);

        Assert.Equal(
            ["invalid-quantity", "unknown-sku", "mixed-currencies"],
            Assert.IsType<PricingResult.Rejected>(result).Errors.Select(e => e.Code));
    }

    [Fact]
    public void PricingResult_RoundTripsAsJson()
    {
        var result = Pricing.Price(Catalog, [new CartItem("app", 1)]);
        var info = CatalogJsonContext.Default.PricingResult;

        Assert.Equal(result, JsonSerializer.Deserialize(JsonSerializer.Serialize(result, info), info));
    }
}
