using Orleans.Delivery.Gateway.Webhooks;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

public sealed class CurrencyMinorUnitsTests
{
    [Theory]
    [InlineData(1050, "USD", "10.50")]
    [InlineData(500, "JPY", "500")]
    [InlineData(7125, "KWD", "7.125")]
    [InlineData(1, "EUR", "0.01")]
    [InlineData(250000, "KES", "2500.00")]
    public void FormatMajor_MinorUnits_InvariantDecimalString(long minor, string currency, string expected) =>
        Assert.Equal(expected, CurrencyMinorUnits.FormatMajor(minor, currency));

    [Theory]
    [InlineData("10.50", "USD", 1050)]
    [InlineData("10", "USD", 1000)]
    [InlineData("500", "JPY", 500)]
    [InlineData("92233720368547758.07", "USD", long.MaxValue)]
    public void TryParseToMinor_ValidAmount_Converts(string value, string currency, long expected)
    {
        Assert.True(CurrencyMinorUnits.TryParseToMinor(value, currency, out var minor));
        Assert.Equal(expected, minor);
    }

    [Theory]
    [InlineData("1,000.00", "USD")]
    [InlineData("1e3", "USD")]
    [InlineData("0.5", "JPY")]
    [InlineData("99999999999999999999999", "USD")]
    [InlineData("79228162514264337593543950335", "USD")]
    [InlineData("79228162514264337593543950335", "KWD")]
    [InlineData("92233720368547758.08", "USD")]
    [InlineData(null, "USD")]
    public void TryParseToMinor_InvalidAmount_Fails(string? value, string currency) =>
        Assert.False(CurrencyMinorUnits.TryParseToMinor(value, currency, out _));
}
