namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>What became of a catalog seed.</summary>
[GenerateSerializer, Alias("delivery.CatalogSeedOutcome")]
public enum CatalogSeedOutcome
{
    /// <summary>The store was empty and never seeded: it now holds the seed's settings and products.</summary>
    Seeded,

    /// <summary>The store already holds settings or products, or was seeded before: nothing changed.</summary>
    NotEmpty,

    /// <summary>The seed is not valid: nothing changed; see the errors.</summary>
    Refused,
}
