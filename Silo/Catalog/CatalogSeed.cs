using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Catalog;

/// <summary>The seed file's shape.</summary>
public sealed record CatalogSeed(StoreSettingsDefinition? Settings, IReadOnlyList<ProductDefinition>? Products);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(CatalogSeed))]
public sealed partial class CatalogSeedJson : JsonSerializerContext;
