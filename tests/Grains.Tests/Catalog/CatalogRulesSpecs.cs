using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Tests.Catalog;

public sealed class CatalogRulesSpecs
{
    [Fact]
    public void Validate_TopUpSupplierCode_Valid() =>
        Assert.Empty(CatalogRules.Validate(new ProductDefinition("airtime-10", "Airtime 10", 1000, "USD", FulfillmentKind.SupplierCode, SupplierSku: "AIR-10", TopUp: true)));

    [Fact]
    public void Validate_TopUpFile_Refused() =>
        Assert.Equal(
            ["topUp applies to supplier code products only."],
            CatalogRules.Validate(new ProductDefinition("ebook", "Ebook", 1000, "USD", FulfillmentKind.File, FileKey: "ebook.pdf", TopUp: true)));

    private static readonly ProductDefinition Webhook =
        new("app", "App", 1000, "USD", FulfillmentKind.MerchantWebhook, MerchantWebhookUrl: "https://merchant.example/license");

    [Fact]
    public void Validate_WebhookWithEverySetting_Valid() =>
        Assert.Empty(CatalogRules.Validate(Webhook with
        {
            MerchantWebhookMethod = "POST",
            MerchantWebhookFormat = "form",
            SeparateMultibuy = true,
            MerchantWebhookFields = ["checkout_hash", "transaction_id", "customer_email", "customer_name"],
            MerchantWebhookStaticFields = [new StaticField("plan", "pro")],
            OrderEmails = false,
        }));

    public static TheoryData<ProductDefinition, string> InvalidWebhooks => new()
    {
        { Webhook with { MerchantWebhookMethod = "PUT" }, "merchantWebhookMethod must be GET or POST." },
        { Webhook with { MerchantWebhookFormat = "xml" }, "merchantWebhookFormat must be json or form." },
        { Webhook with { MerchantWebhookMethod = "GET", MerchantWebhookFormat = "json" }, "merchantWebhookFormat applies to POST only: a GET sends the fields as its query string." },
        { Webhook with { MerchantWebhookFields = ["amount"] }, "merchantWebhookFields may name checkout_hash, transaction_id, customer_email, customer_name; 'amount' is not one of them." },
        { Webhook with { MerchantWebhookStaticFields = [new StaticField("order_id", "x")] }, "the static field 'order_id' would hide the field of that name." },
        { Webhook with { MerchantWebhookStaticFields = [new StaticField("a b", "x")] }, "a static field's name must be 1 to 64 letters, digits, '-', '_' or '.'." },
        { Webhook with { MerchantWebhookStaticFields = [new StaticField("a", "x"), new StaticField("a", "y")] }, "each static field name may appear once." },
        { Webhook with { MerchantWebhookUrl = "ftp://merchant.example/" }, "a merchant webhook product needs an absolute http(s) merchantWebhookUrl." },
    };

    [Theory]
    [MemberData(nameof(InvalidWebhooks))]
    public void Validate_WebhookSetting_RefusedWithTheReason(ProductDefinition product, string reason) =>
        Assert.Equal([reason], CatalogRules.Validate(product));
}
