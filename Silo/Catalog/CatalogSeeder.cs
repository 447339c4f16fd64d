using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Demo;

namespace Orleans.Delivery.Silo.Catalog;

/// <summary>
/// Seeds a starting catalog — the demo's in demo mode, else <see cref="CatalogSeedOptions.SeedFile"/> — into an
/// empty store, once, before the host serves requests. A store that holds a catalog is left alone, so the operator's
/// changes survive restarts. A seed that is not valid, or names files that are not stored, stops the start.
/// </summary>
public sealed class CatalogSeeder(
    IGrainFactory grains,
    IFileStore files,
    IOptions<CatalogSeedOptions> options,
    IOptions<DemoOptions> demo,
    IHostEnvironment environment,
    ILogger<CatalogSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (seed, source) = await ReadSeedAsync(cancellationToken);
        if (seed is null)
        {
            return;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
        var current = await catalog.GetAsync(cancellationToken);
        if (current.Settings is not null || current.Products.Count > 0)
        {
            SiloLog.CatalogSeedSkipped(logger, source);
            return;
        }

        var products = seed.Products ?? [];
        var missing = new List<string>();
        foreach (var product in products.Where(p => p.Kind == FulfillmentKind.File && !string.IsNullOrWhiteSpace(p.FileKey)))
        {
            if (!FileKey.IsValid(product.FileKey) || !await files.ExistsAsync(product.FileKey!, cancellationToken))
            {
                missing.Add($"{product.Sku}: no file is stored under '{product.FileKey}'.");
            }
        }

        var result = missing.Count > 0
            ? new CatalogSeedResult(CatalogSeedOutcome.Refused, missing)
            : await catalog.SeedAsync(seed.Settings, products, cancellationToken);
        switch (result.Outcome)
        {
            case CatalogSeedOutcome.Seeded:
                SiloLog.CatalogSeeded(logger, products.Count, source);
                break;
            case CatalogSeedOutcome.NotEmpty:
                SiloLog.CatalogSeedSkipped(logger, source);
                break;
            default:
                throw new InvalidOperationException($"The catalog seed {source} is not valid: {string.Join(" ", result.Errors)}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<(CatalogSeed? Seed, string Source)> ReadSeedAsync(CancellationToken cancellationToken)
    {
        if (demo.Value.Enabled)
        {
            if (await DemoCatalog.StoreFilesAsync(files, cancellationToken))
            {
                SiloLog.DemoFileStored(logger, DemoCatalog.EbookFileKey);
            }

            return (await DemoCatalog.LoadAsync(cancellationToken), "the demo catalog");
        }

        if (string.IsNullOrWhiteSpace(options.Value.SeedFile))
        {
            return (null, "");
        }

        var path = Path.IsPathRooted(options.Value.SeedFile) ? options.Value.SeedFile : Path.Combine(environment.ContentRootPath, options.Value.SeedFile);
        await using var file = File.OpenRead(path);
        var seed = await JsonSerializer.DeserializeAsync(file, CatalogSeedJson.Default.CatalogSeed, cancellationToken)
            ?? throw new InvalidOperationException($"The catalog seed {path} is empty.");
        return (seed, path);
    }
}
