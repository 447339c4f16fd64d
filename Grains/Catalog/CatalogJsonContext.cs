using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>Source-generated JSON for the catalog's state, commands, events and pricing results.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CatalogState))]
[JsonSerializable(typeof(CatalogCommand))]
[JsonSerializable(typeof(CatalogEvent))]
[JsonSerializable(typeof(CatalogEvent[]))]
[JsonSerializable(typeof(CatalogEntry[]))]
[JsonSerializable(typeof(PricingResult))]
[JsonSerializable(typeof(PricedLine[]))]
[JsonSerializable(typeof(PricingError[]))]
[JsonSerializable(typeof(CartItem[]))]
[JsonSerializable(typeof(string[]))]
public sealed partial class CatalogJsonContext : JsonSerializerContext;
