using System.Text.Json;
using Orleans.Delivery.Grains.Catalog;
using static Orleans.Delivery.Grains.Tests.Catalog.CatalogFixtures;

namespace Orleans.Delivery.Grains.Tests.Catalog;

public sealed class CatalogDeciderSpecs
{
    private static CatalogTurn When(CatalogState state, CatalogCommand command)
    {
        var turn = CatalogDecider.Handle(command, state);
        Assert.Equal(CatalogDecider.Decide(command, state), turn.Events.ToArray());
        return turn;
    }

    [Fact]
    public void UpsertProduct_New_AddsItActiveInSkuOrder()
    {
        var turn = When(CatalogOf(Steam), new UpsertProduct(Ebook, T0));

        Assert.Equal<CatalogEvent>([new ProductUpserted(Ebook, T0)], turn.Events);
        Assert.Equal<CatalogEntry>([new CatalogEntry(Ebook, true), new CatalogEntry(Steam, true)], turn.State.Products);
    }

    [Fact]
    public void UpsertProduct_Same_IsNoOp()
    {
        var state = CatalogOf(Steam);

        var turn = When(state, new UpsertProduct(Steam, T0.AddDays(1)));

        Assert.Empty(turn.Events);
        Assert.Equal(state, turn.State);
    }

    [Fact]
    public void UpsertProduct_Changed_ReplacesItAndKeepsItInactive()
    {
        var state = CatalogDecider.Handle(new DeactivateProduct("steam-20", T0), CatalogOf(Steam)).State;

        var turn = When(state, new UpsertProduct(Steam with { PriceMinor = 2100 }, T0));

        Assert.Equal<CatalogEntry>([new CatalogEntry(Steam with { PriceMinor = 2100 }, false)], turn.State.Products);
    }

    [Fact]
    public void UpsertProduct_Invalid_IsRejectedWithEveryError()
    {
        var turn = When(CatalogState.Initial, new UpsertProduct(Steam with { PriceMinor = -1, SupplierSku = null }, T0));

        Assert.Equal<CatalogEvent>(
            [new ProductRejected("steam-20", ["price must not be negative", "supplier-code products need a supplier sku"], T0)],
            turn.Events);
        Assert.Equal(CatalogState.Initial, turn.State);
    }

    [Fact]
    public void RemoveProduct_Known_RemovesIt()
    {
        var turn = When(CatalogOf(Steam, Ebook), new RemoveProduct("steam-20", T0));

        Assert.Equal<CatalogEvent>([new ProductRemoved("steam-20", T0)], turn.Events);
        Assert.Equal([Ebook], turn.State.ActiveProducts);
    }

    [Fact]
    public void RemoveProduct_Unknown_IsNoOp() => Assert.Empty(When(CatalogOf(Steam), new RemoveProduct("nope", T0)).Events);

    [Fact]
    public void DeactivateProduct_Active_HidesItFromSale()
    {
        var turn = When(CatalogOf(Steam), new DeactivateProduct("steam-20", T0));

        Assert.Equal<CatalogEvent>([new ProductDeactivated("steam-20", T0)], turn.Events);
        Assert.Empty(turn.State.ActiveProducts);
        Assert.NotNull(turn.State.Find("steam-20"));
    }

    [Fact]
    public void DeactivateProduct_AlreadyInactive_IsNoOp()
    {
        var state = CatalogDecider.Handle(new DeactivateProduct("steam-20", T0), CatalogOf(Steam)).State;

        Assert.Empty(When(state, new DeactivateProduct("steam-20", T0)).Events);
    }

    [Fact]
    public void DeactivateProduct_Unknown_IsRefused() =>
        Assert.Equal<CatalogEvent>([new CatalogChangeRefused("nope", "unknown product", T0)], When(CatalogState.Initial, new DeactivateProduct("nope", T0)).Events);

    [Fact]
    public void ReactivateProduct_Inactive_PutsItBackOnSale()
    {
        var state = CatalogDecider.Handle(new DeactivateProduct("steam-20", T0), CatalogOf(Steam)).State;

        var turn = When(state, new ReactivateProduct("steam-20", T0));

        Assert.Equal<CatalogEvent>([new ProductReactivated("steam-20", T0)], turn.Events);
        Assert.Equal([Steam], turn.State.ActiveProducts);
    }

    [Fact]
    public void ReactivateProduct_Active_IsNoOp() => Assert.Empty(When(CatalogOf(Steam), new ReactivateProduct("steam-20", T0)).Events);

    [Fact]
    public void ReactivateProduct_Unknown_IsRefused() =>
        Assert.Equal<CatalogEvent>([new CatalogChangeRefused("nope", "unknown product", T0)], When(CatalogState.Initial, new ReactivateProduct("nope", T0)).Events);

    [Fact]
    public void UpdateSettings_Valid_StoresThem()
    {
        var turn = When(CatalogState.Initial, new UpdateSettings(Settings, T0));

        Assert.Equal<CatalogEvent>([new SettingsUpdated(Settings, T0)], turn.Events);
        Assert.Equal(Settings, turn.State.Settings);
    }

    [Fact]
    public void UpdateSettings_Same_IsNoOp()
    {
        var state = CatalogDecider.Handle(new UpdateSettings(Settings, T0), CatalogState.Initial).State;

        Assert.Empty(When(state, new UpdateSettings(Settings, T0)).Events);
    }

    [Fact]
    public void UpdateSettings_Invalid_IsRejected()
    {
        var turn = When(CatalogState.Initial, new UpdateSettings(Settings with { StoreName = "", SupportEmail = "x" }, T0));

        Assert.Equal<CatalogEvent>([new SettingsRejected(["store name must not be empty", "support email must be an email address"], T0)], turn.Events);
        Assert.Null(turn.State.Settings);
    }

    [Fact]
    public void CatalogState_RoundTripsAsJsonWithDiscriminators()
    {
        var state = CatalogDecider.Handle(new UpdateSettings(Settings, T0), CatalogOf(Ebook, Steam, License)).State;
        var info = CatalogJsonContext.Default.CatalogState;

        Assert.Equal(state, JsonSerializer.Deserialize(JsonSerializer.Serialize(state, info), info));
        Assert.Contains("\"kind\":\"merchant-webhook\"", JsonSerializer.Serialize(state, info), StringComparison.Ordinal);

        CatalogCommand command = new UpsertProduct(License, T0);
        var json = JsonSerializer.Serialize(command, CatalogJsonContext.Default.CatalogCommand);
        Assert.StartsWith("{\"type\":\"upsert-product\"", json, StringComparison.Ordinal);
        Assert.Equal(command, JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogCommand));
    }
}
