using System.Collections.Immutable;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>The store's products and settings. Reads (catalog, pricing) run without a turn.</summary>
public sealed class CatalogGrain : Grain<CatalogState, CatalogCommand>
{
    public const string Type = "catalog";

    public override string TypeName => Type;

    protected override JsonTypeInfo<CatalogState> StateType => CatalogJson.Default.CatalogState;

    protected override JsonTypeInfo<CatalogCommand> MessageType => CatalogJson.Default.CatalogCommand;

    protected override CatalogState CreateInitial(string key) => CatalogState.Empty;

    protected override object? Handle(TurnContext<CatalogState> turn, CatalogCommand message)
    {
        switch (message)
        {
            case UpsertProduct upsert:
                var product = upsert.Product with { Currency = upsert.Product.Currency?.ToUpperInvariant() ?? "" };
                var productErrors = CatalogRules.Validate(product);
                if (productErrors.Count > 0)
                {
                    return new CatalogChange(false, productErrors);
                }

                turn.State = turn.State with { Products = turn.State.Products.SetItem(product.Sku, product) };
                return CatalogChange.Ok;
            case RemoveProduct remove:
                if (!turn.State.Products.ContainsKey(remove.Sku))
                {
                    return new CatalogChange(false, [$"Unknown sku '{remove.Sku}'."]);
                }

                turn.State = turn.State with { Products = turn.State.Products.Remove(remove.Sku) };
                return CatalogChange.Ok;
            case SeedCatalog seed:
                return Seed(turn, seed);
            case UpdateSettings update:
                var settingsErrors = CatalogRules.Validate(update.Settings);
                if (settingsErrors.Count > 0)
                {
                    return new CatalogChange(false, settingsErrors);
                }

                turn.State = turn.State with { Settings = update.Settings };
                return CatalogChange.Ok;
            default:
                throw new ArgumentOutOfRangeException(nameof(message));
        }
    }

    private static CatalogSeedResult Seed(TurnContext<CatalogState> turn, SeedCatalog seed)
    {
        // Checked inside the turn, so two silos starting at once cannot both seed.
        if (turn.State.Seeded || turn.State.Settings is not null || !turn.State.Products.IsEmpty)
        {
            return new CatalogSeedResult(CatalogSeedOutcome.NotEmpty, []);
        }

        var products = seed.Products.Select(p => p with { Currency = p.Currency?.ToUpperInvariant() ?? "" }).ToList();
        var errors = new List<string>();
        if (seed.Settings is not null)
        {
            errors.AddRange(CatalogRules.Validate(seed.Settings).Select(e => $"settings: {e}"));
        }

        foreach (var product in products)
        {
            errors.AddRange(CatalogRules.Validate(product).Select(e => $"{product.Sku}: {e}"));
        }

        errors.AddRange(products.GroupBy(p => p.Sku, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key}: listed more than once."));
        if (errors.Count > 0)
        {
            return new CatalogSeedResult(CatalogSeedOutcome.Refused, errors);
        }

        turn.State = new CatalogState(
            products.ToImmutableSortedDictionary(p => p.Sku, p => p, StringComparer.Ordinal),
            seed.Settings,
            Seeded: true);
        return new CatalogSeedResult(CatalogSeedOutcome.Seeded, []);
    }
}

/// <param name="Seeded">Whether a starting catalog was seeded into this store; a store is seeded at most once.</param>
public sealed record CatalogState(ImmutableSortedDictionary<string, ProductDefinition> Products, StoreSettingsDefinition? Settings, bool Seeded = false)
{
    public static CatalogState Empty { get; } = new(ImmutableSortedDictionary.Create<string, ProductDefinition>(StringComparer.Ordinal), null);

    /// <summary>
    /// Products by SKU, always compared ordinally: a dictionary read back from JSON gets the culture-aware default
    /// comparer, which ignores characters such as NUL and would price "ebook\0" as "ebook".
    /// </summary>
    public ImmutableSortedDictionary<string, ProductDefinition> Products { get; init => field = value.WithComparers(StringComparer.Ordinal); } =
        Products.WithComparers(StringComparer.Ordinal);

    /// <summary>The catalog as operators see it: a merchant webhook's secret is never sent back.</summary>
    public CatalogView View() => new(
        Products.Values.Select(p => p.MerchantWebhookSecret is null ? p : p with { MerchantWebhookSecret = "(set)" }).ToList(),
        Settings);
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UpsertProduct), "upsert-product")]
[JsonDerivedType(typeof(RemoveProduct), "remove-product")]
[JsonDerivedType(typeof(UpdateSettings), "update-settings")]
[JsonDerivedType(typeof(SeedCatalog), "seed-catalog")]
public abstract record CatalogCommand;

public sealed record UpsertProduct(ProductDefinition Product) : CatalogCommand;

public sealed record RemoveProduct(string Sku) : CatalogCommand;

public sealed record UpdateSettings(StoreSettingsDefinition Settings) : CatalogCommand;

public sealed record SeedCatalog(StoreSettingsDefinition? Settings, IReadOnlyList<ProductDefinition> Products) : CatalogCommand;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CatalogState))]
[JsonSerializable(typeof(CatalogCommand))]
public sealed partial class CatalogJson : JsonSerializerContext;

internal sealed class CatalogGrainReference(GrainClient client, string key) : ICatalogGrain
{
    private GrainId Id => new(CatalogGrain.Type, key);

    public string Key => key;

    public Task<CatalogChange> UpsertProductAsync(ProductDefinition product, CancellationToken cancellationToken = default) =>
        client.CallAsync<CatalogChange>(Id, new UpsertProduct(product), cancellationToken);

    public Task<CatalogChange> RemoveProductAsync(string sku, CancellationToken cancellationToken = default) =>
        client.CallAsync<CatalogChange>(Id, new RemoveProduct(sku), cancellationToken);

    public Task<CatalogChange> UpdateSettingsAsync(StoreSettingsDefinition settings, CancellationToken cancellationToken = default) =>
        client.CallAsync<CatalogChange>(Id, new UpdateSettings(settings), cancellationToken);

    public Task<CatalogSeedResult> SeedAsync(StoreSettingsDefinition? settings, IReadOnlyList<ProductDefinition> products, CancellationToken cancellationToken = default) =>
        client.CallAsync<CatalogSeedResult>(Id, new SeedCatalog(settings, products), cancellationToken);

    public async Task<CatalogView> GetAsync(CancellationToken cancellationToken = default) =>
        (await client.ReadAsync<CatalogState>(Id, cancellationToken)).View();

    public async Task<PricedCart> PriceAsync(IReadOnlyList<CartItem> items, CancellationToken cancellationToken = default) =>
        CatalogRules.Price((await client.ReadAsync<CatalogState>(Id, cancellationToken)).Products, items);
}
