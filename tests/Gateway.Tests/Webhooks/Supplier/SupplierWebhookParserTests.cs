using System.Text;
using Orleans.Delivery.Gateway.Webhooks.Supplier;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Tests.Webhooks.Supplier;

public sealed class SupplierWebhookParserTests
{
    [Fact]
    public void Parse_CompletedWebhook_Notification()
    {
        var result = Parse("""
            {"event_id":"evt_1","order_id":"sup_1","reference":"order-1","status":"completed",
             "items":[{"code":"AAAA-BBBB","pin":"1234","serial":"SN1","denomination":20},{"code":"CCCC","pin":null,"serial":987654,"denomination":"5.50"}],
             "occurred_at":"2026-01-01T12:00:00Z","extra":"ignored"}
            """);

        Assert.True(result.IsValid);
        var notification = result.Notification!;
        Assert.Equal(("evt_1", "sup_1", "order-1", "completed"), (notification.EventId, notification.SupplierOrderId, notification.Reference, notification.Status));
        Assert.Equal([new SupplierItem("AAAA-BBBB", "1234", "SN1", 20m), new SupplierItem("CCCC", null, "987654", 5.50m)], notification.Items);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), notification.OccurredAt);
    }

    [Fact]
    public void Parse_PendingWithoutItemsOrTime_EmptyItemsNoTime()
    {
        var notification = Parse("""{"event_id":"evt_2","order_id":"sup_2","reference":"order-2","status":"Pending"}""").Notification!;

        Assert.Equal("pending", notification.Status);
        Assert.Empty(notification.Items);
        Assert.Null(notification.OccurredAt);
    }

    [Fact]
    public void Parse_NullCode_KeptEmptyForTheValidator()
    {
        var notification = Parse("""{"event_id":"e","order_id":"o","reference":"r","status":"completed","items":[{"code":null},null]}""").Notification!;

        Assert.Equal([new SupplierItem("", null, null, null), new SupplierItem("", null, null, null)], notification.Items);
    }

    [Theory]
    [InlineData("""{"event_id":"e","order_id":"o","reference""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("not json", SupplierWebhookErrors.MalformedJson)]
    [InlineData("null", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""["a"]""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"event_id":"e","order_id":"o","reference":"r","status":"completed","items":"AAAA"}""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"event_id":"e","order_id":"o","reference":"r","status":"completed","occurred_at":"soon"}""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"order_id":"o","reference":"r","status":"completed"}""", SupplierWebhookErrors.MissingEventId)]
    [InlineData("""{"event_id":"e","reference":"r","status":"completed"}""", SupplierWebhookErrors.MissingOrderId)]
    [InlineData("""{"event_id":"e","order_id":"o","status":"completed"}""", SupplierWebhookErrors.MissingReference)]
    [InlineData("""{"event_id":"e","order_id":"o","reference":"  ","status":"completed"}""", SupplierWebhookErrors.MissingReference)]
    [InlineData("""{"event_id":"e","order_id":"o","reference":"r"}""", SupplierWebhookErrors.MissingStatus)]
    public void Parse_BadBody_ClearError(string body, string error)
    {
        var result = Parse(body);

        Assert.False(result.IsValid);
        Assert.Equal(error, result.Error);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
    }

    [Fact]
    public void Parse_MalformedItems_DetailDoesNotEchoTheCode()
    {
        var result = Parse("""{"event_id":"e","order_id":"o","reference":"r","status":"completed","items":[{"code":{"SECRET-CODE":1}}]}""");

        Assert.Equal(SupplierWebhookErrors.MalformedJson, result.Error);
        Assert.DoesNotContain("SECRET-CODE", result.Detail, StringComparison.Ordinal);
    }

    private static SupplierWebhookParseResult Parse(string body) => SupplierWebhookParser.Parse(Encoding.UTF8.GetBytes(body));
}
