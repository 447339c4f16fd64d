using Orleans.Delivery.Gateway.Console;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Tests.Console;

public sealed class OrderFilterTests
{
    [Fact]
    public void ToQuery_AllFilters_MapsThemWithTheToDateIncludingItsDay()
    {
        var (query, error) = new OrderFilter("delivered", "2030-01-01", "2030-01-31", " ada@ ", "ebook", "test", "630822816000000000:ord_1").ToQuery();

        Assert.Null(error);
        Assert.Equal(
            new OrderQuery(
                "delivered",
                new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero),
                "ada@",
                "ebook",
                true,
                "630822816000000000:ord_1",
                OrderFilter.PageSize),
            query);
    }

    [Fact]
    public void ToQuery_Empty_MatchesEverything()
    {
        Assert.Equal((new OrderQuery(Limit: OrderFilter.PageSize), (string?)null), new OrderFilter(null, "", " ", null, "", "", null).ToQuery());
    }

    [Theory]
    [InlineData("bogus", null, null, null, null)]
    [InlineData(null, "01/02/2030", null, null, null)]
    [InlineData(null, null, "a\u0000b", null, null)]
    [InlineData(null, null, null, "sku\u0007bell", null)]
    [InlineData(null, null, null, null, "maybe")]
    public void ToQuery_BadValue_RefusedWithAReason(string? status, string? from, string? email, string? product, string? test)
    {
        var (query, error) = new OrderFilter(status, from, null, email, product, test, null).ToQuery();

        Assert.Null(query);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData("abc:ord_1")]
    [InlineData("99999999999999999999:ord_1")]
    [InlineData("1:")]
    public void ToQuery_ForgedCursor_Refused(string before)
    {
        Assert.NotNull(new OrderFilter(null, null, null, null, null, null, before).ToQuery().Error);
    }

    [Fact]
    public void WithBefore_KeepsTheFiltersAndEscapesThem()
    {
        Assert.Equal("?status=paid&email=a%2Bb%40x&before=5%3Ao", new OrderFilter("paid", null, null, "a+b@x", null, null, "1:old").WithBefore("5:o"));
    }
}
