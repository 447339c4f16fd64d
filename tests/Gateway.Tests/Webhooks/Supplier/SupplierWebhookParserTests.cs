using System.Text;
using Orleans.Delivery.Gateway.Supplier;
using Orleans.Delivery.Gateway.Webhooks.Supplier;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Tests.Webhooks.Supplier;

public sealed class SupplierWebhookParserTests
{
    // The webhook of the supplier API format: no event id, no time.
    private const string GuideWebhook = """
        {"order_id":"SUP-99887","reference":"order-1","status":"completed",
         "items":[{"code":"XXXXX-YYYYY-ZZZZZ","pin":null,"instructions":"Redeem at store.steampowered.com"}]}
        """;

    [Fact]
    public void Parse_GuideWebhookWithoutEventId_NotificationWithAnIdDerivedFromTheBody()
    {
        var result = Parse(GuideWebhook);

        Assert.True(result.IsValid, result.Detail);
        var notification = result.Notification!;
        Assert.Equal(("SUP-99887", "order-1", "completed"), (notification.SupplierOrderId, notification.Reference, notification.Status));
        Assert.Equal([new SupplierItem("XXXXX-YYYYY-ZZZZZ", null, null, null, "Redeem at store.steampowered.com")], notification.Items);
        Assert.Equal(SupplierWebhookParser.DerivedEventId("SUP-99887", "completed", Encoding.UTF8.GetBytes(GuideWebhook)), notification.EventId);
        Assert.StartsWith(SupplierWebhookParser.DerivedEventIdPrefix, notification.EventId, StringComparison.Ordinal);
        Assert.Matches("^body-[0-9a-f]{64}$", notification.EventId);
        Assert.Null(notification.OccurredAt);
    }

    [Fact]
    public void Parse_SameBodyTwice_SameDerivedEventId()
    {
        Assert.Equal(Parse(GuideWebhook).Notification!.EventId, Parse(GuideWebhook).Notification!.EventId);
    }

    [Fact]
    public void Parse_SameOrderAnotherStatus_AnotherDerivedEventId()
    {
        var pending = Parse("""{"order_id":"SUP-99887","reference":"order-1","status":"pending","items":[]}""").Notification!;
        var completed = Parse("""{"order_id":"SUP-99887","reference":"order-1","status":"completed","items":[]}""").Notification!;

        Assert.NotEqual(pending.EventId, completed.EventId);
        Assert.NotEqual(completed.EventId, Parse(GuideWebhook).Notification!.EventId);
    }

    [Fact]
    public void Parse_WithEventId_KeepsTheSuppliersId()
    {
        var result = Parse("""
            {"event_id":"evt_1","order_id":"sup_1","reference":"order-1","status":"completed",
             "items":[{"code":"AAAA-BBBB","pin":"1234","serial":"SN1","denomination":20},{"code":"CCCC","pin":null,"serial":987654,"denomination":"5.50"}],
             "occurred_at":"2026-01-01T12:00:00Z","extra":"ignored"}
            """);

        Assert.True(result.IsValid, result.Detail);
        var notification = result.Notification!;
        Assert.Equal(("evt_1", "sup_1", "order-1", "completed"), (notification.EventId, notification.SupplierOrderId, notification.Reference, notification.Status));
        Assert.Equal([new SupplierItem("AAAA-BBBB", "1234", "SN1", 20m), new SupplierItem("CCCC", null, "987654", 5.50m)], notification.Items);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), notification.OccurredAt);
    }

    [Theory]
    [InlineData("\\u0085")]
    [InlineData("\\t")]
    [InlineData("\\u2028")]
    public void Parse_EventIdOfWhiteSpaceControls_RefusedNotTakenAsAbsent(string escaped)
    {
        var result = Parse($$"""{"event_id":"{{escaped}}","order_id":"sup_1","reference":"order-1","status":"pending","items":[]}""");

        Assert.False(result.IsValid);
        Assert.Equal(("invalid_identifier", "event_id"), (result.Error, result.Field));
    }

    [Fact]
    public void Parse_PendingWithoutItems_EmptyItemsStatusLowerCased()
    {
        var notification = Parse("""{"order_id":"sup_2","reference":"order-2","status":"Pending"}""").Notification!;

        Assert.Equal("pending", notification.Status);
        Assert.Empty(notification.Items);
    }

    [Fact]
    public void Parse_FailedWithError_ReasonKept()
    {
        var notification = Parse("""{"order_id":"sup_3","reference":"order-3","status":"failed","items":[],"error":"out_of_stock"}""").Notification!;

        Assert.Equal(("failed", "out_of_stock"), (notification.Status, notification.Reason));
    }

    [Fact]
    public void Parse_TopUpItem_ConfirmationInsteadOfACode()
    {
        var notification = Parse("""
            {"order_id":"sup_4","reference":"order-4","status":"completed","items":[{"code":null,"pin":null,"confirmation":"10 USD credited to +254700000001"}]}
            """).Notification!;

        Assert.Equal([new SupplierItem("", null, null, null, null, "10 USD credited to +254700000001")], notification.Items);
    }

    [Fact]
    public void Parse_NumericIdsAndPins_ReadAsText()
    {
        var notification = Parse("""{"order_id":99887,"reference":"order-5","status":"completed","items":[{"code":"C-1","pin":4321}]}""").Notification!;

        Assert.Equal("99887", notification.SupplierOrderId);
        Assert.Equal("4321", Assert.Single(notification.Items).Pin);
    }

    [Fact]
    public void Parse_SupplierWithItsOwnNames_ReadThroughTheFieldMapping()
    {
        var reader = new SupplierOrderReader(new SupplierFieldOptions
        {
            OrderId = "id",
            Reference = "client_ref",
            Status = "state",
            Items = "vouchers",
            Code = "voucher_code",
            Pin = "secret",
            Instructions = "how_to_redeem",
            EventId = "notification_id",
            StatusValues = { ["SUCCESS"] = "completed", ["PROCESSING"] = "pending" },
        });
        var body = """{"notification_id":"n-7","id":"V-7","client_ref":"order-7","state":"success","vouchers":[{"voucher_code":"V-CODE","secret":"99","how_to_redeem":"Use it"}]}""";

        var notification = SupplierWebhookParser.Parse(Encoding.UTF8.GetBytes(body), reader).Notification!;

        Assert.Equal(("n-7", "V-7", "order-7", "completed"), (notification.EventId, notification.SupplierOrderId, notification.Reference, notification.Status));
        Assert.Equal([new SupplierItem("V-CODE", "99", null, null, "Use it")], notification.Items);
        Assert.Equal(SupplierWebhookErrors.MissingReference, Parse(body).Error);
    }

    [Fact]
    public void Parse_NullCode_KeptEmptyForTheValidator()
    {
        var notification = Parse("""{"order_id":"o","reference":"r","status":"completed","items":[{"code":null},null]}""").Notification!;

        Assert.Equal([new SupplierItem("", null, null, null), new SupplierItem("", null, null, null)], notification.Items);
    }

    [Theory]
    [InlineData("""{"order_id":"o","reference""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("not json", SupplierWebhookErrors.MalformedJson)]
    [InlineData("null", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""["a"]""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"order_id":"o","reference":"r","status":"completed"} {}""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"order_id":"o","reference":"r","status":"completed","items":"AAAA"}""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"order_id":"o","reference":"r","status":"completed","items":["AAAA"]}""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"order_id":"o","reference":"r","status":"completed","occurred_at":"soon"}""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"order_id":{"a":1},"reference":"r","status":"completed"}""", SupplierWebhookErrors.MalformedJson)]
    [InlineData("""{"reference":"r","status":"completed"}""", SupplierWebhookErrors.MissingOrderId)]
    [InlineData("""{"order_id":"o","status":"completed"}""", SupplierWebhookErrors.MissingReference)]
    [InlineData("""{"order_id":"o","reference":"  ","status":"completed"}""", SupplierWebhookErrors.MissingReference)]
    [InlineData("""{"order_id":"o","reference":"r"}""", SupplierWebhookErrors.MissingStatus)]
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
        var result = Parse("""{"order_id":"o","reference":"r","status":"completed","items":[{"code":{"SECRET-CODE":1}}]}""");

        Assert.Equal(SupplierWebhookErrors.MalformedJson, result.Error);
        Assert.Equal("items[0].code must be a string", result.Detail);
    }

    private static SupplierWebhookParseResult Parse(string body) => SupplierWebhookParser.Parse(Encoding.UTF8.GetBytes(body));
}
