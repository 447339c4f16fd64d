using System.Text;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Gateway.Webhooks.PesaPal;
using Orleans.Delivery.Gateway.Webhooks.Stripe;
using Orleans.Delivery.Gateway.Webhooks.Supplier;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

/// <summary>
/// Every identifier a webhook carries is checked by its parser: a NUL (the reported bug), another control character
/// or text that is not Unicode is refused with a stable code naming the field, before anything is looked up.
/// </summary>
public sealed class WebhookIdentifierTests
{
    private const string Order = "ord_wumn6htgxel4h3z7rx3v5gxfua";

    [Theory]
    [InlineData("\"ord_wumn6htgxel4h3z7rx3v5gxfua\\u0000\"")]
    [InlineData("\"\\u0000\"")]
    [InlineData("\"ord\\u0085\"")]
    [InlineData("\"ord\\r\\n\"")]
    public void Stripe_ControlCharacterInMetadataOrderId_InvalidIdentifierNamingIt(string orderId)
    {
        var result = StripeEventParser.Parse(Stripe("payment_intent.succeeded", orderId));

        Assert.Equal((Identifier.ErrorCode, "data.object.metadata.order_id"), (result.ErrorCode, result.Field));
    }

    [Theory]
    [InlineData("checkout.session.completed", "data.object.payment_intent")]
    [InlineData("charge.refunded", "data.object.payment_intent")]
    [InlineData("payment_intent.succeeded", "data.object.id")]
    public void Stripe_ControlCharacterInPaymentReference_InvalidIdentifierNamingIt(string type, string field)
    {
        var payload = Stripe(type, $"\"{Order}\"").Replace("\"pi_1\"", "\"pi_\\u0001\"", StringComparison.Ordinal);

        var result = StripeEventParser.Parse(payload);

        Assert.Equal((Identifier.ErrorCode, field), (result.ErrorCode, result.Field));
    }

    [Fact]
    public void Stripe_NulInEventIdOfAnyType_RefusedBeforeTheTypeIsRead()
    {
        var result = StripeEventParser.Parse("""{"id":"evt_\u0000","type":"invoice.paid"}""");

        Assert.Equal((Identifier.ErrorCode, "id"), (result.ErrorCode, result.Field));
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"x\\udfff\"")]
    public void Stripe_UnpairedSurrogateInAnyString_MalformedJson(string orderId) =>
        Assert.Equal(WebhookErrorCodes.MalformedJson, StripeEventParser.Parse(Stripe("payment_intent.succeeded", orderId)).ErrorCode);

    [Fact]
    public void Stripe_InvalidUtfEightInAPropertyName_MalformedJson()
    {
        byte[] payload = [.. "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\""u8.ToArray(), 0xFF, .. "\":1}"u8.ToArray()];

        Assert.Equal(WebhookErrorCodes.MalformedJson, StripeEventParser.Parse(payload).ErrorCode);
    }

    [Fact]
    public void PayPal_NulInCustomId_InvalidIdentifier()
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted("WH-1", "CAP-1", Order + "\0", "19.99", "USD"));

        Assert.Equal((Identifier.ErrorCode, "resource.custom_id"), (result.ErrorCode, result.Field));
    }

    [Fact]
    public void PayPal_EncodedNulInTheRefundsCaptureLink_InvalidIdentifier()
    {
        var payload = PayPalEventPayloads.CaptureRefunded("WH-1", "REF-1", "CAP%00", Order, "19.99", "USD");

        Assert.Equal(Identifier.ErrorCode, PayPalEventParser.Parse(payload).ErrorCode);
    }

    [Fact]
    public void PayPal_AmountBeyondDecimal_MalformedAmount()
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted("WH-1", "CAP-1", Order, "79228162514264337593543950335", "USD"));

        Assert.Equal(WebhookErrorCodes.MalformedAmount, result.ErrorCode);
    }

    [Theory]
    [InlineData("OrderTrackingId=abc&OrderMerchantReference=ord_1%00", "OrderMerchantReference")]
    [InlineData("OrderTrackingId=%00abc&OrderMerchantReference=ord_1", "OrderTrackingId")]
    [InlineData("OrderTrackingId=abc&OrderMerchantReference=ord_1%C2%85", "OrderMerchantReference")]
    [InlineData("OrderTrackingId=abc&OrderMerchantReference=%09ord_1", "OrderMerchantReference")]
    [InlineData("OrderTrackingId=abc&OrderMerchantReference=ord_1&OrderNotificationType=IPN%01", "OrderNotificationType")]
    public void PesaPal_ControlCharacterInQuery_InvalidIdentifierNotTrimmedAway(string query, string field)
    {
        var result = PesaPalIpnParser.ParseQueryString(query);

        Assert.Equal((Identifier.ErrorCode, field), (result.ErrorCode, result.Field));
    }

    [Fact]
    public void PesaPal_SurroundingSpaces_TrimmedAndParsed() =>
        Assert.Equal(new PesaPalIpn("abc", "ord_1", "IPNCHANGE"), PesaPalIpnParser.ParseQueryString("OrderTrackingId=%20abc%20&OrderMerchantReference=ord_1%20").Ipn);

    [Fact]
    public void PesaPal_NulInBody_InvalidIdentifier()
    {
        var result = PesaPalIpnParser.ParseJson($$"""{"OrderTrackingId":"abc","OrderMerchantReference":"{{Order}}\u0000"}""");

        Assert.Equal((Identifier.ErrorCode, "OrderMerchantReference"), (result.ErrorCode, result.Field));
    }

    [Fact]
    public void PesaPal_UnpairedSurrogateInBody_MalformedJson() =>
        Assert.Equal(WebhookErrorCodes.MalformedJson, PesaPalIpnParser.ParseJson("""{"OrderTrackingId":"abc","OrderMerchantReference":"\udc00"}""").ErrorCode);

    [Theory]
    [InlineData("event_id")]
    [InlineData("order_id")]
    [InlineData("reference")]
    [InlineData("status")]
    public void Supplier_NulInAnIdentifier_InvalidIdentifierNamingIt(string field)
    {
        var body = Supplier().Replace($"\"{field}\":\"", $"\"{field}\":\"\\u0000", StringComparison.Ordinal);

        var result = SupplierWebhookParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal((Identifier.ErrorCode, field), (result.Error, result.Field));
    }

    [Fact]
    public void Supplier_UnpairedSurrogateInASerial_MalformedJson()
    {
        var body = Supplier().Replace("\"serial\":\"SN1\"", "\"serial\":\"\\ud800\"", StringComparison.Ordinal);

        Assert.Equal(SupplierWebhookErrors.MalformedJson, SupplierWebhookParser.Parse(Encoding.UTF8.GetBytes(body)).Error);
    }

    private static string Stripe(string type, string orderIdJson) =>
        "{\"id\":\"evt_1\",\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\"pi_1\",\"payment_intent\":\"pi_1\","
        + "\"amount\":100,\"amount_received\":100,\"amount_total\":100,\"amount_refunded\":100,\"currency\":\"usd\","
        + "\"payment_status\":\"paid\",\"metadata\":{\"order_id\":" + orderIdJson + "}}}}";

    private static string Supplier() =>
        $$"""{"event_id":"sev_1","order_id":"sup_1","reference":"{{Order}}","status":"completed","items":[{"code":"AAAA","serial":"SN1"}]}""";
}
