namespace Orleans.Delivery.Grains.Catalog;

public static class CatalogDecider
{
    public static CatalogEvent[] Decide(CatalogCommand command, CatalogState state) => command switch
    {
        UpsertProduct c when c.Product.Validate() is { IsEmpty: false } errors => [new ProductRejected(c.Product.Sku, errors, c.Now)],
        UpsertProduct c when state.Find(c.Product.Sku)?.Product == c.Product => [],
        UpsertProduct c => [new ProductUpserted(c.Product, c.Now)],

        RemoveProduct c when state.Find(c.Sku) is null => [],
        RemoveProduct c => [new ProductRemoved(c.Sku, c.Now)],

        DeactivateProduct c when state.Find(c.Sku) is null => [new CatalogChangeRefused(c.Sku, "unknown product", c.Now)],
        DeactivateProduct c when state.Find(c.Sku) is { Active: false } => [],
        DeactivateProduct c => [new ProductDeactivated(c.Sku, c.Now)],

        ReactivateProduct c when state.Find(c.Sku) is null => [new CatalogChangeRefused(c.Sku, "unknown product", c.Now)],
        ReactivateProduct c when state.Find(c.Sku) is { Active: true } => [],
        ReactivateProduct c => [new ProductReactivated(c.Sku, c.Now)],

        UpdateSettings c when c.Settings.Validate() is { IsEmpty: false } errors => [new SettingsRejected(errors, c.Now)],
        UpdateSettings c when c.Settings == state.Settings => [],
        UpdateSettings c => [new SettingsUpdated(c.Settings, c.Now)],

        _ => throw new InvalidTransitionException(command.GetType().Name, "catalog", "unknown command"),
    };

    public static CatalogTurn Handle(CatalogCommand command, CatalogState state)
    {
        var events = Decide(command, state);
        return new CatalogTurn(events.Aggregate(state, (s, e) => s.Evolve(e)), events);
    }
}
