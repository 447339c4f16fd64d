using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Tests.Files;

public sealed class FileStoreOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new FileStoreOptionsValidator().Validate(null, new FileStoreOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(512L * 1024 * 1024, new FileStoreOptions().MaxUploadBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), new FileStoreOptions().DownloadUrlValidity);
        Assert.Equal("./data/files", new LocalFileStoreOptions().RootPath);
    }

    [Fact]
    public void Validate_S3WithoutBucket_FailsNamingTheSetting()
    {
        var result = new FileStoreOptionsValidator().Validate(null, new FileStoreOptions { Provider = FileStoreProvider.S3 });

        Assert.Contains("Files:S3:Bucket", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_S3AccessKeyWithoutSecret_Fails()
    {
        var options = new FileStoreOptions { Provider = FileStoreProvider.S3, S3 = new S3FileStoreOptions { Bucket = "b", AccessKey = "AK" } };

        var result = new FileStoreOptionsValidator().Validate(null, options);

        Assert.Contains("go together", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    public void Validate_S3BadServiceUrl_Fails(string serviceUrl)
    {
        var options = new FileStoreOptions { Provider = FileStoreProvider.S3, S3 = new S3FileStoreOptions { Bucket = "b", ServiceUrl = serviceUrl } };

        Assert.Contains("ServiceUrl", new FileStoreOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("https://shop.example.com/?x=1")]
    [InlineData("javascript:alert(1)")]
    public void Validate_LocalBadPublicBaseUrl_Fails(string url)
    {
        var options = new FileStoreOptions { Local = new LocalFileStoreOptions { PublicBaseUrl = url } };

        Assert.Contains("PublicBaseUrl", new FileStoreOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LocalShortSecret_Fails()
    {
        var options = new FileStoreOptions { Local = new LocalFileStoreOptions { Secret = "too-short" } };

        Assert.Contains("Files:Local:Secret", new FileStoreOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LocalWithoutSecretOrFile_Fails()
    {
        var options = new FileStoreOptions { Local = new LocalFileStoreOptions { SecretFile = "" } };

        Assert.True(new FileStoreOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(-1, 5)]
    [InlineData(1024, 0)]
    [InlineData(1024, 60 * 24 * 8)]
    public void Validate_LimitOrValidityOutOfRange_Fails(long maxUploadBytes, int validityMinutes)
    {
        var options = new FileStoreOptions { MaxUploadBytes = maxUploadBytes, DownloadUrlValidity = TimeSpan.FromMinutes(validityMinutes) };

        Assert.True(new FileStoreOptionsValidator().Validate(null, options).Failed);
    }
}
