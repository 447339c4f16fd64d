using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>What happened to the catalog. Refusals are events too: they change nothing but say why.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ProductUpserted), "product-upserted")]
[JsonDerivedType(typeof(ProductRejected), "product-rejected")]
[JsonDerivedType(typeof(ProductRemoved), "product-removed")]
[JsonDerivedType(typeof(ProductDeactivated), "product-deactivated")]
[JsonDerivedType(typeof(ProductReactivated), "product-reactivated")]
[JsonDerivedType(typeof(SettingsUpdated), "settings-updated")]
[JsonDerivedType(typeof(SettingsRejected), "settings-rejected")]
[JsonDerivedType(typeof(CatalogChangeRefused), "catalog-change-refused")]
public abstract record CatalogEvent
{
    public abstract DateTimeOffset At { get; init; }
}

public sealed record ProductUpserted(Product Product, DateTimeOffset At) : CatalogEvent;

public sealed record ProductRejected(string Sku, EquatableArray<string> Errors, DateTimeOffset At) : CatalogEvent;

public sealed record ProductRemoved(string Sku, DateTimeOffset At) : CatalogEvent;

public sealed record ProductDeactivated(string Sku, DateTimeOffset At) : CatalogEvent;

public sealed record ProductReactivated(string Sku, DateTimeOffset At) : CatalogEvent;

public sealed record SettingsUpdated(StoreSettings Settings, DateTimeOffset At) : CatalogEvent;

public sealed record SettingsRejected(EquatableArray<string> Errors, DateTimeOffset At) : CatalogEvent;

public sealed record CatalogChangeRefused(string Sku, string Reason, DateTimeOffset At) : CatalogEvent;
