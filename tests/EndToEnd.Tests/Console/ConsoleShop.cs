using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>
/// A <see cref="CodeShop"/> (silos, a gateway on a loopback port, the supplier simulator, a real SMTP server) with the
/// operator console enabled and a file product in the catalog. One per test class: the login throttle counts per
/// cluster and client address.
/// </summary>
public class ConsoleShop : IAsyncLifetime
{
    public const string Password = "console-password-for-tests-0123456789";
    public const string FileSku = "field-guide";

    private readonly string files = Path.Combine(Path.GetTempPath(), "orleans-delivery-tests", "console-files-" + Guid.NewGuid().ToString("N"));

    public SmtpServer Smtp { get; private set; } = null!;

    public Uri Gateway => Shop.Gateway;

    public TestCluster Cluster => Shop.Cluster;

    internal CodeShop Shop { get; private set; } = null!;

    internal IGrainFactory Grains => Shop.Grains;

    /// <summary>The shop's <c>Console:SupplierIsTest</c>: whether test orders may buy from the simulator unasked.</summary>
    protected virtual bool SupplierIsTest => true;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpServer.CreateAsync();
        Shop = await CodeShop.StartAsync(TestStore.Sqlite, Smtp, configure: options =>
        {
            options.Configuration["Console:Password"] = Password;
            options.Configuration["Console:SupplierIsTest"] = SupplierIsTest ? "true" : "false";
            options.Configuration["Files:Local:RootPath"] = files;
        });
        await UploadAsync("guides/field-guide.pdf", "%PDF-1.4 the field guide");
        var change = await Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).UpsertProductAsync(new ProductDefinition(
            FileSku, "Field Guide (PDF)", 1500, "USD", FulfillmentKind.File, DownloadLimit: 3, FileKey: "guides/field-guide.pdf", FileName: "field-guide.pdf"));
        Assert.True(change.Applied, string.Join(" ", change.Errors));
    }

    /// <summary>A paid order of the code product, delivered by email; returns it once its email reached the SMTP server.</summary>
    internal async Task<Buyer> DeliveredOrderAsync()
    {
        var buyer = await Shop.CreateOrderAsync();
        await Shop.PayAsync(buyer);
        await Cluster.DrainAsync();
        await Shop.DeliveryEmailAsync(buyer);
        return buyer;
    }

    public async Task DisposeAsync()
    {
        await Shop.DisposeAsync();
        await Smtp.DisposeAsync();
        if (Directory.Exists(files))
        {
            Directory.Delete(files, recursive: true);
        }
    }

    private async Task UploadAsync(string key, string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/admin/files/{key}") { Content = new StringContent(content, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CodeShop.AdminKey);
        using var response = await Shop.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"PUT /admin/files/{key}: {(int)response.StatusCode}");
    }
}
