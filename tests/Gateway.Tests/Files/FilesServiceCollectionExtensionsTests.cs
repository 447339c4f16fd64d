using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Pages;

namespace Orleans.Delivery.Gateway.Tests.Files;

public sealed class FilesServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleans-delivery-di-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AddFileStore_Defaults_LocalStoreWithGeneratedSecret()
    {
        using var services = Build(new()
        {
            ["Files:Local:RootPath"] = Path.Combine(_directory, "files"),
            ["Files:Local:SecretFile"] = Path.Combine(_directory, "file-url.key"),
        });

        var store = services.GetRequiredService<IFileStore>();

        Assert.IsType<LocalFileStore>(store);
        Assert.Same(store, services.GetRequiredService<LocalFileStore>());
        Assert.True(File.Exists(Path.Combine(_directory, "file-url.key")));
    }

    [Fact]
    public void AddFileStore_S3Provider_S3Store()
    {
        using var services = Build(new()
        {
            ["Files:Provider"] = "S3",
            ["Files:S3:Bucket"] = "products",
            ["Files:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Files:S3:ForcePathStyle"] = "true",
            ["Files:S3:AccessKey"] = "AK",
            ["Files:S3:SecretKey"] = "SK",
        });

        var store = services.GetRequiredService<IFileStore>();

        Assert.IsType<S3FileStore>(store);
        Assert.Null(services.GetService<LocalFileStore>());
        var minted = store.MintDownloadUrl(new FileDownloadRequest("a.pdf", "a.pdf", "c", "o", "e", DateTimeOffset.UnixEpoch.AddYears(60)));
        Assert.StartsWith("http://127.0.0.1:9/products/a.pdf?", minted.Url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFileStore_InvalidS3Options_FailsNamingTheSetting()
    {
        using var services = Build(new() { ["Files:Provider"] = "S3" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IFileStore>());

        Assert.Contains("Files:S3:Bucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLinkTokens_SecretConfigured_Resolves()
    {
        using var services = Build(new() { ["Links:Secret"] = new string('s', 40) });

        var tokens = services.GetRequiredService<LinkTokens>();

        Assert.True(tokens.ReadOrder(tokens.CreateOrder("ord_1"), DateTimeOffset.UnixEpoch).IsValid);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddFileStore(configuration);
        services.AddLinkTokens(configuration);
        return services.BuildServiceProvider();
    }
}
