using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Files;

/// <summary>
/// One shop for a test class: three silos and three standalone gateways on a fresh PostgreSQL database, files in
/// their own bucket of the shared S3-compatible server. Tests keep apart by their own products and buyers.
/// </summary>
public sealed class S3ShopFixture : IAsyncLifetime
{
    private FileShop? shop;

    internal FileShop Shop => shop ?? throw new InvalidOperationException("The shop has not started.");

    /// <summary>The shop's bucket.</summary>
    public string Bucket { get; } = $"products-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        var s3 = await S3Server.Shared;
        await s3.CreateBucketAsync(Bucket);
        shop = await FileShop.StartAsync(TestStore.Postgres, silos: 3, gateways: 3, FileShop.S3(s3, Bucket));
    }

    public async Task DisposeAsync()
    {
        if (shop is not null)
        {
            await shop.DisposeAsync();
        }
    }
}
