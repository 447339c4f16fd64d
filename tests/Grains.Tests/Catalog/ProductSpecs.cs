using Orleans.Delivery.Grains.Catalog;
using static Orleans.Delivery.Grains.Tests.Catalog.CatalogFixtures;

namespace Orleans.Delivery.Grains.Tests.Catalog;

public sealed class ProductSpecs
{
    [Fact]
    public void Validate_WellFormedProductsOfEveryKind_HaveNoErrors()
    {
        Assert.Empty(Ebook.Validate());
        Assert.Empty(Steam.Validate());
        Assert.Empty(License.Validate());
        Assert.Empty((Ebook with { DownloadLimit = null }).Validate());
        Assert.Empty((Steam with { PriceMinor = 0 }).Validate());
    }

    public static TheoryData<string, Product> Invalid => new()
    {
        { "sku must not be empty", Steam with { Sku = " " } },
        { "sku must be at most 64 characters without spaces", Steam with { Sku = "steam 20" } },
        { "sku must be at most 64 characters without spaces", Steam with { Sku = new string('s', 65) } },
        { "name must not be empty", Steam with { Name = "" } },
        { "price must not be negative", Steam with { PriceMinor = -1 } },
        { "price must be at most 100000000000 minor units", Steam with { PriceMinor = 100_000_000_001 } },
        { "currency must be a 3-letter ISO 4217 code in upper case, e.g. USD", Steam with { Currency = "usd" } },
        { "currency must be a 3-letter ISO 4217 code in upper case, e.g. USD", Steam with { Currency = "US" } },
        { "download limit applies to file products only", Steam with { DownloadLimit = 2 } },
        { "file products need a file key", Ebook with { FileKey = null } },
        { "download limit must be at least 1 (leave it empty for unlimited)", Ebook with { DownloadLimit = 0 } },
        { "supplier-code products need a supplier sku", Steam with { SupplierSku = "" } },
        { "merchant-webhook products need a webhook url", License with { MerchantWebhook = null } },
        { "webhook url must be an absolute http or https url", License with { MerchantWebhook = new MerchantWebhookTarget("ftp://merchant.example/x") } },
        { "webhook url must be an absolute http or https url", License with { MerchantWebhook = new MerchantWebhookTarget("/relative") } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadField_ExplainsIt(string error, Product product) =>
        Assert.Equal([error], product.Validate());

    [Fact]
    public void Validate_SeveralProblems_ListsThemAll() =>
        Assert.Equal(
            ["sku must not be empty", "name must not be empty", "price must not be negative", "currency must be a 3-letter ISO 4217 code in upper case, e.g. USD", "file products need a file key"],
            new Product("", "", -5, "dollars", ProductKind.File).Validate());

    [Fact]
    public void Snapshot_KeepsWhatAnOrderNeedsButNotTheSecret() =>
        Assert.Equal(
            new ProductSnapshot("App license", ProductKind.MerchantWebhook, "USD", null, null, false, null, "Paste the key", "https://merchant.example/license"),
            License.Snapshot());

    [Fact]
    public void MerchantWebhookTarget_Printed_HidesTheSecret()
    {
        Assert.DoesNotContain("whsec_123", License.ToString(), StringComparison.Ordinal);
        Assert.Contains("https://merchant.example/license", License.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, StoreSettings> InvalidSettings => new()
    {
        { "store name must not be empty", Settings with { StoreName = "" } },
        { "logo url must be an absolute http or https url", Settings with { LogoUrl = "logo.png" } },
        { "support email must be an email address", Settings with { SupportEmail = "help" } },
        { "sender address must be an email address", Settings with { SenderAddress = "orders@" } },
        { "sender address must be an email address", Settings with { SenderAddress = "a b@c.d" } },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void StoreSettingsValidate_BadField_ExplainsIt(string error, StoreSettings settings) =>
        Assert.Equal([error], settings.Validate());

    [Fact]
    public void StoreSettingsValidate_WithoutLogo_IsValid() => Assert.Empty((Settings with { LogoUrl = null }).Validate());
}
