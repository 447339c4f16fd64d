using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Supplier;

namespace Orleans.Delivery.EndToEnd.Tests.Supplier;

public sealed class SupplierCodeValidatorTests
{
    [Fact]
    public void Validate_PaddedItems_ValidAndTrimmed()
    {
        var validation = SupplierCodeValidator.Validate([new SupplierItem("  AAAA-BBBB \n", " 1234 ", " SN1 ", 20m), new SupplierItem("CCCC", null, "  ", null)], 2, pinRequired: false);

        Assert.True(validation.IsValid);
        Assert.Equal([new SupplierItem("AAAA-BBBB", "1234", "SN1", 20m), new SupplierItem("CCCC", null, null, null)], validation.Items);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_BlankCode_Invalid(string code)
    {
        var validation = SupplierCodeValidator.Validate([new SupplierItem("AAAA", null, null, null), new SupplierItem(code, null, null, null)], 2, pinRequired: false);

        Assert.False(validation.IsValid);
        Assert.Equal("item 2 has an empty code", validation.Reason);
        Assert.Empty(validation.Items);
    }

    [Fact]
    public void Validate_QuantityMismatch_Invalid()
    {
        var validation = SupplierCodeValidator.Validate([new SupplierItem("AAAA", null, null, null)], 2, pinRequired: false);

        Assert.Equal("expected 2 item(s), the supplier sent 1", validation.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Validate_PinRequiredButMissing_Invalid(string? pin)
    {
        var validation = SupplierCodeValidator.Validate([new SupplierItem("AAAA", pin, null, null)], 1, pinRequired: true);

        Assert.Equal("item 1 has no PIN, and the product needs one", validation.Reason);
    }

    [Fact]
    public void Validate_SameCodeTwice_InvalidWithoutNamingTheCode()
    {
        var validation = SupplierCodeValidator.Validate([new SupplierItem("SECRET-1", null, null, null), new SupplierItem(" SECRET-1", null, null, null)], 2, pinRequired: false);

        Assert.Equal("items 1 and 2 carry the same code", validation.Reason);
    }
}
