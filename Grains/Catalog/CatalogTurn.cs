namespace Orleans.Delivery.Grains.Catalog;

/// <summary>Everything a catalog shell needs from one command: the state to store and the events to record.</summary>
public sealed record CatalogTurn(CatalogState State, EquatableArray<CatalogEvent> Events);
