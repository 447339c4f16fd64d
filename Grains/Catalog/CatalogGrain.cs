using System.Collections.Immutable;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Delivery.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Delivery.Grains.Effects;
using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>
/// The store's products and settings (key: the store, <see cref="ICatalogGrain.DefaultStore"/>). Reads are served
/// from the activation and may interleave; changes run one at a time.
/// </summary>
[GrainType(CatalogGrain.Type)]
public sealed class CatalogGrain(
    [PersistentState(CatalogGrain.StateName, GrainStorage.Name)] IPersistentState<GrainRecord<CatalogState>> record,
    EffectRunner runner,
    TimeProvider time,
    ILogger<CatalogGrain> logger)
    : DeliveryGrain<CatalogState>(record, runner, time, logger), ICatalogGrain, ICatalogSecrets
{
    public const string Type = "catalog";

    public const string StateName = "catalog";

    protected override CatalogState Initial => CatalogState.Empty;

    public async Task<CatalogChange> UpsertProductAsync(ProductDefinition product, CancellationToken cancellationToken = default)
    {
        product = product with { Currency = product.Currency?.ToUpperInvariant() ?? "" };
        var errors = CatalogRules.Validate(product);
        if (errors.Count > 0)
        {
            return new CatalogChange(false, errors);
        }

        // A signing secret is the store's to make, never the caller's: a product keeps the secrets it has (a catalog read
        // back and written again carries only a mask), and a merchant webhook product without one gets one, shown once.
        var existing = State.Products.GetValueOrDefault(product.Sku);
        string? generated = null;
        product = product.Kind != FulfillmentKind.MerchantWebhook
            ? product with { MerchantWebhookSecret = null, MerchantWebhookPreviousSecret = null, MerchantWebhookPreviousSecretUntil = null }
            : existing?.MerchantWebhookSecret is { } kept
                ? product with
                {
                    MerchantWebhookSecret = kept,
                    MerchantWebhookPreviousSecret = existing.MerchantWebhookPreviousSecret,
                    MerchantWebhookPreviousSecretUntil = existing.MerchantWebhookPreviousSecretUntil,
                }
                : product with
                {
                    MerchantWebhookSecret = generated = WebhookSecrets.Generate(),
                    MerchantWebhookPreviousSecret = null,
                    MerchantWebhookPreviousSecretUntil = null,
                };

        await CommitAsync(State with { Products = State.Products.SetItem(product.Sku, product) });
        return new CatalogChange(true, [], generated);
    }

    public async Task<CatalogChange> RotateWebhookSecretAsync(string sku, TimeSpan overlap, CancellationToken cancellationToken = default)
    {
        if (State.Products.GetValueOrDefault(sku) is not { Kind: FulfillmentKind.MerchantWebhook } product)
        {
            return new CatalogChange(false, [$"No merchant webhook product has the sku '{sku}'."]);
        }

        if (overlap < TimeSpan.Zero || overlap > WebhookSecrets.MaxOverlap)
        {
            return new CatalogChange(false, [$"The overlap must be between 0 and {WebhookSecrets.MaxOverlap.TotalDays:0} days."]);
        }

        var secret = WebhookSecrets.Generate();
        var until = overlap > TimeSpan.Zero && product.MerchantWebhookSecret is not null ? Now + overlap : (DateTimeOffset?)null;
        await CommitAsync(State with
        {
            Products = State.Products.SetItem(sku, product with
            {
                MerchantWebhookSecret = secret,
                MerchantWebhookPreviousSecret = until is null ? null : product.MerchantWebhookSecret,
                MerchantWebhookPreviousSecretUntil = until,
            }),
        });
        return new CatalogChange(true, [], secret);
    }

    public async Task<CatalogChange> RemoveProductAsync(string sku, CancellationToken cancellationToken = default)
    {
        if (!State.Products.ContainsKey(sku))
        {
            return new CatalogChange(false, [$"Unknown sku '{sku}'."]);
        }

        await CommitAsync(State with { Products = State.Products.Remove(sku) });
        return CatalogChange.Ok;
    }

    public async Task<CatalogChange> UpdateSettingsAsync(StoreSettingsDefinition settings, CancellationToken cancellationToken = default)
    {
        var errors = CatalogRules.Validate(settings);
        if (errors.Count > 0)
        {
            return new CatalogChange(false, errors);
        }

        await CommitAsync(State with { Settings = settings });
        return CatalogChange.Ok;
    }

    public async Task<CatalogSeedResult> SeedAsync(StoreSettingsDefinition? settings, IReadOnlyList<ProductDefinition> products, CancellationToken cancellationToken = default)
    {
        // Checked inside the grain, so two silos starting at once cannot both seed.
        if (State.Seeded || State.Settings is not null || !State.Products.IsEmpty)
        {
            return new CatalogSeedResult(CatalogSeedOutcome.NotEmpty, []);
        }

        var normalised = products.Select(p => p with { Currency = p.Currency?.ToUpperInvariant() ?? "" }).ToList();
        var errors = new List<string>();
        if (settings is not null)
        {
            errors.AddRange(CatalogRules.Validate(settings).Select(e => $"settings: {e}"));
        }

        foreach (var product in normalised)
        {
            errors.AddRange(CatalogRules.Validate(product).Select(e => $"{product.Sku}: {e}"));
        }

        errors.AddRange(normalised.GroupBy(p => p.Sku, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key}: listed more than once."));
        if (errors.Count > 0)
        {
            return new CatalogSeedResult(CatalogSeedOutcome.Refused, errors);
        }

        await CommitAsync(new CatalogState(normalised.ToImmutableSortedDictionary(p => p.Sku, p => p, StringComparer.Ordinal), settings, Seeded: true));
        return new CatalogSeedResult(CatalogSeedOutcome.Seeded, []);
    }

    [ReadOnly]
    public Task<CatalogView> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(State.View());

    [ReadOnly]
    public Task<CatalogView> GetAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken = default) => Task.FromResult(State.View(skus));

    [ReadOnly]
    public Task<PricedCart> PriceAsync(IReadOnlyList<CartItem> items, CancellationToken cancellationToken = default) =>
        Task.FromResult(CatalogRules.Price(State.Products, items));

    [ReadOnly]
    public Task<string[]> WebhookSigningSecretsAsync(string sku) =>
        Task.FromResult(State.Products.GetValueOrDefault(sku) is { } product ? WebhookSecrets.Signing(product, Now) : []);
}

/// <summary>What silos' handlers read from the catalog that its public contract never hands out.</summary>
[Alias("delivery.ICatalogSecrets")]
public interface ICatalogSecrets : IGrainWithStringKey
{
    /// <summary>
    /// The secrets a merchant webhook call of <paramref name="sku"/> is signed with now: the current one first, then the
    /// one a rotation replaced while its overlap lasts. Empty when the product has none.
    /// </summary>
    [Alias("webhook-signing-secrets")]
    Task<string[]> WebhookSigningSecretsAsync(string sku);
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
    public CatalogView View() => new(Products.Values.Select(Shown).ToList(), Settings);

    /// <summary>The settings and, of the products named, those on sale, each once and shown as <see cref="View()"/> shows it.</summary>
    public CatalogView View(IEnumerable<string> skus) =>
        new(skus.Distinct(StringComparer.Ordinal).Select(Products.GetValueOrDefault).OfType<ProductDefinition>().Select(Shown).ToList(), Settings);

    private static ProductDefinition Shown(ProductDefinition product) => product.MerchantWebhookSecret is null ? product : product with
    {
        MerchantWebhookSecret = "(set)",
        MerchantWebhookPreviousSecret = product.MerchantWebhookPreviousSecret is null ? null : "(set)",
    };
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CatalogState))]
[JsonSerializable(typeof(GrainRecord<CatalogState>))]
[JsonSerializable(typeof(PendingEffect[]))]
[JsonSerializable(typeof(GrainWake[]))]
[JsonSerializable(typeof(FinishedEffect[]))]
[JsonSerializable(typeof(string[]))]
public sealed partial class CatalogJson : JsonSerializerContext;
