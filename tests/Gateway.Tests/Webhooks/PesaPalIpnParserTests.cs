using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PesaPal;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

public sealed class PesaPalIpnParserTests
{
    private readonly string _trackingId = Guid.NewGuid().ToString();
    private readonly string _orderId = "ord_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void ParseQueryString_GetIpn_Parsed()
    {
        var result = PesaPalIpnParser.ParseQueryString($"?OrderTrackingId={_trackingId}&OrderMerchantReference={_orderId}&OrderNotificationType=IPNCHANGE");

        Assert.Equal(new PesaPalIpn(_trackingId, _orderId, "IPNCHANGE"), result.Ipn);
    }

    [Fact]
    public void ParseQuery_QueryCollection_Parsed()
    {
        var query = new Dictionary<string, StringValues>
        {
            ["OrderTrackingId"] = _trackingId,
            ["OrderMerchantReference"] = _orderId,
            ["OrderNotificationType"] = "RECURRING",
        };

        Assert.Equal(new PesaPalIpn(_trackingId, _orderId, "RECURRING"), PesaPalIpnParser.ParseQuery(query).Ipn);
    }

    [Fact]
    public void ParseJson_PostIpn_Parsed()
    {
        var body = $$"""{"OrderTrackingId":"{{_trackingId}}","OrderMerchantReference":"{{_orderId}}","OrderNotificationType":"IPNCHANGE"}""";

        Assert.Equal(new PesaPalIpn(_trackingId, _orderId, "IPNCHANGE"), PesaPalIpnParser.ParseJson(body).Ipn);
    }

    [Fact]
    public void ParseJson_CamelCaseFieldsWithoutType_ParsedWithDefaultType()
    {
        var body = $$"""{"orderTrackingId":"{{_trackingId}}","orderMerchantReference":"{{_orderId}}"}""";

        Assert.Equal(new PesaPalIpn(_trackingId, _orderId, "IPNCHANGE"), PesaPalIpnParser.ParseJson(body).Ipn);
    }

    [Theory]
    [InlineData("OrderMerchantReference=ord_1&OrderNotificationType=IPNCHANGE", WebhookErrorCodes.MissingTrackingId)]
    [InlineData("OrderTrackingId=&OrderMerchantReference=ord_1", WebhookErrorCodes.MissingTrackingId)]
    [InlineData("OrderTrackingId=abc&OrderNotificationType=IPNCHANGE", WebhookErrorCodes.MissingMerchantReference)]
    [InlineData("", WebhookErrorCodes.MissingTrackingId)]
    public void ParseQueryString_FieldMissing_Error(string query, string code) =>
        Assert.Equal(code, PesaPalIpnParser.ParseQueryString(query).ErrorCode);

    [Theory]
    [InlineData("{\"OrderMerchantReference\":\"ord_1\"}", WebhookErrorCodes.MissingTrackingId)]
    [InlineData("{\"OrderTrackingId\":\"abc\",\"OrderMerchantReference\":42}", WebhookErrorCodes.MissingMerchantReference)]
    [InlineData("{", WebhookErrorCodes.MalformedJson)]
    [InlineData("", WebhookErrorCodes.MalformedJson)]
    public void ParseJson_Invalid_Error(string body, string code) =>
        Assert.Equal(code, PesaPalIpnParser.ParseJson(body).ErrorCode);

    [Fact]
    public void Acknowledgement_Recorded_EchoesFieldsWithStatus200()
    {
        var ack = PesaPalIpnAcknowledgement.For(new PesaPalIpn(_trackingId, _orderId, "IPNCHANGE"), recorded: true);

        using var json = JsonDocument.Parse(ack.ToJson());
        Assert.Equal("IPNCHANGE", json.RootElement.GetProperty("orderNotificationType").GetString());
        Assert.Equal(_trackingId, json.RootElement.GetProperty("orderTrackingId").GetString());
        Assert.Equal(_orderId, json.RootElement.GetProperty("orderMerchantReference").GetString());
        Assert.Equal(200, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public void Acknowledgement_NotRecorded_Status500()
    {
        Assert.Equal(500, PesaPalIpnAcknowledgement.For(new PesaPalIpn(_trackingId, _orderId, "IPNCHANGE"), recorded: false).Status);
        Assert.Equal(500, PesaPalIpnAcknowledgement.Failed(null, _orderId, null).Status);
    }
}
