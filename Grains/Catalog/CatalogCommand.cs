using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>An operator's change to the catalog. Time arrives in the command.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UpsertProduct), "upsert-product")]
[JsonDerivedType(typeof(RemoveProduct), "remove-product")]
[JsonDerivedType(typeof(DeactivateProduct), "deactivate-product")]
[JsonDerivedType(typeof(ReactivateProduct), "reactivate-product")]
[JsonDerivedType(typeof(UpdateSettings), "update-settings")]
public abstract record CatalogCommand
{
    public abstract DateTimeOffset Now { get; init; }
}

/// <summary>Adds a product or replaces the one with the same sku (keeping whether it is active).</summary>
public sealed record UpsertProduct(Product Product, DateTimeOffset Now) : CatalogCommand;

/// <summary>Deletes a product; placed orders keep their snapshot. Removing an unknown sku changes nothing.</summary>
public sealed record RemoveProduct(string Sku, DateTimeOffset Now) : CatalogCommand;

/// <summary>Stops a product from being priced without deleting it.</summary>
public sealed record DeactivateProduct(string Sku, DateTimeOffset Now) : CatalogCommand;

public sealed record ReactivateProduct(string Sku, DateTimeOffset Now) : CatalogCommand;

public sealed record UpdateSettings(StoreSettings Settings, DateTimeOffset Now) : CatalogCommand;
