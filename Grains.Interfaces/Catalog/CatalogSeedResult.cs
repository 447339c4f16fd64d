namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>The answer to <see cref="ICatalogGrain.SeedAsync"/>: the outcome and, when refused, every reason.</summary>
[GenerateSerializer, Immutable, Alias("delivery.CatalogSeedResult")]
public sealed record CatalogSeedResult(CatalogSeedOutcome Outcome, IReadOnlyList<string> Errors);
