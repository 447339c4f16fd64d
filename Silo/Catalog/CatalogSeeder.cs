using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Catalog;

/// <summary>Upserts the seed file's settings and products before the host serves requests. A bad file stops the start.</summary>
public sealed class CatalogSeeder(IGrainFactory grains, IOptions<CatalogSeedOptions> options, IHostEnvironment environment, ILogger<CatalogSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.SeedFile))
        {
            return;
        }

        var path = Path.IsPathRooted(options.Value.SeedFile) ? options.Value.SeedFile : Path.Combine(environment.ContentRootPath, options.Value.SeedFile);
        await using var file = File.OpenRead(path);
        var seed = await JsonSerializer.DeserializeAsync(file, CatalogSeedJson.Default.CatalogSeed, cancellationToken)
            ?? throw new InvalidOperationException($"The catalog seed {path} is empty.");
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
        var errors = new List<string>();
        if (seed.Settings is not null)
        {
            errors.AddRange((await catalog.UpdateSettingsAsync(seed.Settings, cancellationToken)).Errors.Select(e => $"settings: {e}"));
        }

        foreach (var product in seed.Products ?? [])
        {
            errors.AddRange((await catalog.UpsertProductAsync(product, cancellationToken)).Errors.Select(e => $"{product.Sku}: {e}"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The catalog seed {path} is not valid: {string.Join(" ", errors)}");
        }

        SiloLog.CatalogSeeded(logger, seed.Products?.Count ?? 0, path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
