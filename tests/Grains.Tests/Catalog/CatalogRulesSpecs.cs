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
}
