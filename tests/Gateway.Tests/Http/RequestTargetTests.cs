using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Tests.Http;

public sealed class RequestTargetTests
{
    [Theory]
    [InlineData("/api/orders/ord_1")]
    [InlineData("/api/orders/a%20b")]
    [InlineData("/api/orders/%F0%9F%8E%81")]
    [InlineData("/webhooks/pesapal?OrderMerchantReference=%D0%BE%D1%80")]
    [InlineData("/api/orders/%")]
    [InlineData("/api/orders/%zz")]
    [InlineData("/api/orders/%2")]
    [InlineData("/x?a=%C3%A9")]
    [InlineData("/api/orders/%00")]
    public void IsWellEncoded_UtfEightOrNoEncoding_True(string target) => Assert.True(RequestTarget.IsWellEncoded(target));

    [Theory]
    [InlineData("/api/orders/%FF")]
    [InlineData("/api/orders/ord%C0%80")]
    [InlineData("/api/orders/%ED%A0%80")]
    [InlineData("/x?a=%C3")]
    [InlineData("/x?a=%C3&b=1")]
    [InlineData("/x?a=%F8%88%80%80%80")]
    public void IsWellEncoded_PercentEncodedInvalidUtfEight_False(string target) => Assert.False(RequestTarget.IsWellEncoded(target));
}
