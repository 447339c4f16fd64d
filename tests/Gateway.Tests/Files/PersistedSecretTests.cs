using System.Runtime.Versioning;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Tests.Files;

public sealed class PersistedSecretTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleans-delivery-secret-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void LoadOrCreate_NoFile_GeneratesOnceAndKeepsIt()
    {
        var path = Path.Combine(_directory, "nested", "link.key");

        var first = PersistedSecret.LoadOrCreate(path);
        var second = PersistedSecret.LoadOrCreate(path);

        Assert.Equal(first, second);
        Assert.True(first.Length >= PersistedSecret.MinLength);
        Assert.NotEqual(first, PersistedSecret.LoadOrCreate(Path.Combine(_directory, "other.key")));
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, "nested")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void LoadOrCreate_NewFile_OnlyOwnerCanRead()
    {
        var path = Path.Combine(_directory, "link.key");

        PersistedSecret.LoadOrCreate(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void LoadOrCreate_FileTooShort_ThrowsWithAdvice()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "short.key");
        File.WriteAllText(path, "short");

        var error = Assert.Throws<InvalidOperationException>(() => PersistedSecret.LoadOrCreate(path));

        Assert.Contains("delete it", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
