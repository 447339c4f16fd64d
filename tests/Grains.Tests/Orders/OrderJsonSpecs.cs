using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed partial class OrderJsonSpecs
{
    private static readonly OrdersJsonContext Json = OrdersJsonContext.Default;

    /// <summary>A long life touching most of the model: three kinds of lines, polls, retries, duplicates, emails, refunds.</summary>
    private static readonly OrderCommand[] LongLife =
    [
        Create(EbookLine, SteamLine, LicenseLine),
        new RecordPaymentFailure("stripe", "evt-0", "card declined", At(0.5)),
        new RecordPaymentNotice("pesapal", "track-1", At(0.6)),
        new RecordProviderOrder("paypal", "5O190127TN364715T", "storefront", At(0.65)),
        Pay(100, minutes: 0.7, eventId: "evt-short", reference: "pi-short"),
        Pay(6500),
        Pay(6500, minutes: 1.5, eventId: "evt-2", reference: "pi-2"),
        new RefundFailed("refund-evt-2", "insufficient balance", At(1.6)),
        Answer("supplier-order-2", new SupplierResult.Unreachable("timeout", true), 2, jitter: 0.3),
        new Wake(OrderWakes.SupplierRetry, At(3)),
        Answer("supplier-order-2-retry-2", new SupplierResult.Pending("SUP-1"), 3),
        new Wake(OrderWakes.SupplierPoll, At(5)),
        Answer("supplier-poll-2-1", new SupplierResult.Unreachable("timeout", false), 5),
        new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111", "0000")], null, At(6)),
        new MerchantWebhookAnswered("merchant-webhook-3", new MerchantWebhookResult.Failed("HTTP 503"), At(6.1), 0.9),
        new Wake(OrderWakes.WebhookRetry, At(7)),
        new MerchantWebhookAnswered("merchant-webhook-3-retry-2", new MerchantWebhookResult.Ok("LICENSE-KEY"), At(7.1)),
        new DeliveryEmailSent("delivery-email-1", At(8)),
        new DeliveryEmailSent("delivery-email-2", At(8)),
        new RecordCodesShown(At(8.5)),
        new ResendDeliveryEmail("support", At(9)),
        new DeliveryEmailSent("resend-email-1", At(9.5)),
        new ResendDeliveryEmail("support", At(9.6)),
        new DeliveryEmailFailed("resend-email-2", 8, "MailSendException: connection refused", At(9.8)),
        new RetryRefund("evt-2", "op", At(10)),
        new RefundCompleted("refund-evt-2-2", "re_2", At(11)),
        new RefundOrder("customer changed their mind", "op", At(20)),
        new RefundCompleted("refund-evt-1", "re_1", At(21)),
    ];

    [Fact]
    public void OrderState_FullLife_RoundTrips()
    {
        var spec = OrderSpec.GivenCommands(LongLife);
        Assert.Equal(OrderStatus.Refunded, spec.State.Status);
        Assert.True(spec.State.History.Count > 25);

        var json = JsonSerializer.Serialize(spec.State, Json.OrderState);
        var back = JsonSerializer.Deserialize(json, Json.OrderState);

        Assert.Equal(spec.State, back);
        Assert.Equal(json, JsonSerializer.Serialize(back, Json.OrderState));
    }

    [Fact]
    public void EveryCommandEventEffectAndReminder_OfAFullLife_RoundTrips()
    {
        var state = OrderState.Initial;
        var seen = new HashSet<Type>();
        foreach (var command in LongLife)
        {
            Assert.Equal(command, RoundTrip(command, Json.OrderCommand));
            var turn = OrderDecider.Handle(command, state, OrderPolicy.Default);
            Assert.Equal(turn, RoundTrip(turn, Json.OrderTurn));
            foreach (var @event in turn.Events)
            {
                Assert.Equal(@event, RoundTrip(@event, Json.OrderEvent));
                seen.Add(@event.GetType());
            }

            foreach (var effect in turn.Effects)
            {
                Assert.Equal(effect, RoundTrip(effect, Json.OrderEffect));
                seen.Add(effect.GetType());
            }

            foreach (var reminder in turn.Reminders)
            {
                Assert.Equal(reminder, RoundTrip(reminder, Json.ReminderChange));
                seen.Add(reminder.GetType());
            }

            state = turn.State;
        }

        Assert.Contains(typeof(SendDeliveryEmail), seen);
        Assert.Contains(typeof(WakeAt), seen);
        Assert.Contains(typeof(CancelWake), seen);
        Assert.Contains(typeof(RefundStarted), seen);
        Assert.Contains(typeof(HeldPaymentRefundRequested), seen);
        Assert.Contains(typeof(CodesShown), seen);
        Assert.Contains(typeof(DeliveryConfirmed), seen);
        Assert.Contains(typeof(EmailDeliveryFailed), seen);
    }

    [Fact]
    public void OrderState_AfterDeliveryOverdue_RoundTrips()
    {
        var spec = OrderSpec.GivenCommands(
            Create(SteamLine),
            Pay(2000),
            Answer("supplier-order-1", new SupplierResult.Pending("SUP-1"), 2),
            new Wake(OrderWakes.DeliveryDeadline, At(16)));
        Assert.Equal("not delivered 15 minutes after payment", spec.State.History[^1].Cause);

        var back = RoundTrip(spec.State, Json.OrderState);

        Assert.Equal(spec.State, back);
        Assert.Equal(spec.State.Wakes, back.Wakes);
    }

    [Fact]
    public void OrderState_StoredBeforePostponementsWereCounted_StillReads()
    {
        var spec = OrderSpec.GivenCommands(LongLife);
        var json = JsonNode.Parse(JsonSerializer.Serialize(spec.State, Json.OrderState))!.AsObject();
        foreach (var line in json["progress"]!.AsArray())
        {
            Assert.True(line!.AsObject().Remove("postponements"));
        }

        var back = JsonSerializer.Deserialize(json.ToJsonString(), Json.OrderState);

        Assert.Equal(spec.State, back);
    }

    [Fact]
    public void OrderState_StoredBeforeWebhookSettingsAndLicenseResponses_StillReads()
    {
        var spec = OrderSpec.GivenCommands(LongLife);
        var json = JsonNode.Parse(JsonSerializer.Serialize(spec.State, Json.OrderState))!.AsObject();
        foreach (var line in json["lines"]!.AsArray())
        {
            var product = line!["product"]!.AsObject();
            product.Remove("webhook");
            product.Remove("orderEmailsOff");
        }

        var back = JsonSerializer.Deserialize(json.ToJsonString(), Json.OrderState)!;

        Assert.Equal(spec.State, back);
        Assert.Equal(Orleans.Delivery.Grains.Catalog.MerchantWebhookRequest.Legacy, back.Line(3).Product.WebhookRequest);
        Assert.False(back.Line(3).Product.OrderEmailsOff);
    }

    [Fact]
    public void OrderStateAndReconciliation_StoredBeforeProviderOrdersWereRecorded_StillRead()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), new RecordPaymentNotice("pesapal", "track-1", At(0.5)));
        var json = JsonNode.Parse(JsonSerializer.Serialize(spec.State, Json.OrderState))!.AsObject();
        Assert.True(json.Remove("providerOrderIds"));
        const string effect = """{"type":"reconcile-payment-status","orderId":"order-1","step":"reconciliation-1","trackingIds":["track-1"]}""";

        var back = JsonSerializer.Deserialize(json.ToJsonString(), Json.OrderState)!;
        var reconcile = Assert.IsType<ReconcilePaymentStatus>(JsonSerializer.Deserialize(effect, Json.OrderEffect));

        Assert.Equal(spec.State, back);
        Assert.Empty(back.ProviderOrderIds);
        Assert.Equal(["track-1"], reconcile.TrackingIds);
        Assert.Empty(reconcile.ProviderOrderIds);
    }

    [Fact]
    public void Effects_StoredBeforeDeliveryIdsAndResponses_StillRead()
    {
        const string call = """{"type":"call-merchant-webhook","orderId":"order-1","step":"merchant-webhook-1","lineNo":1,"url":"https://m.example/l","sku":"app","productName":"App","quantity":2,"customerEmail":"a@example.com","customerName":null,"amountMinor":3000,"currency":"USD"}""";
        const string email = """{"type":"send-delivery-email","orderId":"order-1","step":"delivery-email-1","to":"a@example.com","customerName":null,"kind":"license","items":[{"type":"license-delivery","lineNo":1,"sku":"app","productName":"App","instructions":null,"licenseText":"KEY-1"}],"isResend":false}""";

        var effect = Assert.IsType<CallMerchantWebhook>(JsonSerializer.Deserialize(call, Json.OrderEffect));
        Assert.Null(effect.DeliveryId);
        Assert.Null(effect.Request);
        var license = Assert.IsType<LicenseDelivery>(Assert.Single(Assert.IsType<SendDeliveryEmail>(JsonSerializer.Deserialize(email, Json.OrderEffect)).Items));
        Assert.Equal(["KEY-1"], license.Items);
    }

    [Fact]
    public void OrderState_DuringASupplierOutage_RoundTrips()
    {
        var postponed = new SupplierResult.Postponed("circuit open");
        var spec = OrderSpec.GivenCommands(
            Create(SteamLine),
            Pay(2000),
            Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", true), 2),
            new Wake(OrderWakes.SupplierRetry, At(3)),
            Answer("supplier-order-1-retry-2", postponed, 3));
        Assert.Equal(new LineProgress(1, LineStatus.Retrying, Attempts: 1, Calls: 2, MayHaveBeenCreated: true, Postponements: 1), spec.State.Progress[0]);

        Assert.Equal(spec.State, RoundTrip(spec.State, Json.OrderState));
        Assert.Equal(
            """{"type":"supplier-answered","step":"s","result":{"type":"postponed","reason":"circuit open"},"now":"2025-03-01T12:03:00+00:00","jitter":0}""",
            JsonSerializer.Serialize<OrderCommand>(Answer("s", postponed, 3), Json.OrderCommand));
        Assert.Equal(
            """{"type":"supplier-postponed","lineNo":1,"attemptsSpent":1,"postponement":1,"reason":"circuit open","at":"2025-03-01T12:03:00+00:00"}""",
            JsonSerializer.Serialize<OrderEvent>(new SupplierPostponed(1, 1, 1, "circuit open", At(3)), Json.OrderEvent));
    }

    [Fact]
    public void DeliveryDeadlineEvents_Serialized_CarryTheirDiscriminatorsAndTimes()
    {
        var overdue = JsonSerializer.Serialize<OrderEvent>(new DeliveryOverdue(At(1), At(16)), Json.OrderEvent);
        var paid = JsonSerializer.Serialize<OrderEvent>(Paid(2000), Json.OrderEvent);

        Assert.Equal("""{"type":"delivery-overdue","paidAt":"2025-03-01T12:01:00+00:00","at":"2025-03-01T12:16:00+00:00"}""", overdue);
        Assert.Contains("\"deliveryDeadline\":\"2025-03-01T12:11:00+00:00\"", paid, StringComparison.Ordinal);
        Assert.Equal(new DeliveryOverdue(At(1), At(16)), RoundTrip<OrderEvent>(new DeliveryOverdue(At(1), At(16)), Json.OrderEvent));
        Assert.Equal(Paid(2000), RoundTrip<OrderEvent>(Paid(2000), Json.OrderEvent));
    }

    [Fact]
    public void HeldPaymentRefund_Serialized_CarriesItsDiscriminatorAndPurpose()
    {
        var held = new HeldPaymentRefundRequested(new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 100, Usd, RefundPurpose.HeldPayment), At(5));

        var json = JsonSerializer.Serialize<OrderEvent>(held, Json.OrderEvent);

        Assert.StartsWith("""{"type":"held-payment-refund-requested","refund":{"step":"refund-evt-1",""", json, StringComparison.Ordinal);
        Assert.Contains("\"purpose\":\"held-payment\"", json, StringComparison.Ordinal);
        Assert.Equal(held, RoundTrip<OrderEvent>(held, Json.OrderEvent));
    }

    [Fact]
    public void Command_Serialized_HasItsKebabCaseDiscriminatorFirst()
    {
        var json = JsonSerializer.Serialize<OrderCommand>(Pay(2000), Json.OrderCommand);

        Assert.StartsWith("""{"type":"confirm-payment","provider":"stripe","eventId":"evt-1","amountMinor":2000""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_Serialized_AreKebabCaseNames()
    {
        var alert = new RaiseAlert(OrderId, "alert-payment-mismatch-2", AlertKind.PaymentMismatch, "m");

        Assert.Contains("\"kind\":\"payment-mismatch\"", JsonSerializer.Serialize<OrderEffect>(alert, Json.OrderEffect), StringComparison.Ordinal);
        Assert.Contains("\"status\":\"manual-review\"", JsonSerializer.Serialize(OrderSpec.GivenCommands(Create(SteamLine), Pay(1)).State, Json.OrderState), StringComparison.Ordinal);
    }

    [Fact]
    public void Effect_Serialized_LeavesOutTheComputedIdempotencyKey()
    {
        var json = JsonSerializer.Serialize<OrderEffect>(new RevokeEntitlement(OrderId, "revoke-entitlements", "cust-1"), Json.OrderEffect);

        Assert.Equal("""{"type":"revoke-entitlement","orderId":"order-1","step":"revoke-entitlements","customerId":"cust-1"}""", json);
    }

    [Theory]
    [InlineData(typeof(OrderCommand))]
    [InlineData(typeof(OrderEvent))]
    [InlineData(typeof(OrderEffect))]
    [InlineData(typeof(ReminderChange))]
    [InlineData(typeof(DeliveryContent))]
    [InlineData(typeof(SupplierResult))]
    [InlineData(typeof(MerchantWebhookResult))]
    public void Hierarchy_EveryConcreteType_HasAStableKebabCaseDiscriminator(Type root)
    {
        var declared = root.GetCustomAttributes<JsonDerivedTypeAttribute>().ToList();
        var concrete = typeof(OrderState).Assembly.GetTypes().Where(t => t.IsSubclassOf(root) && !t.IsAbstract).ToList();

        Assert.Equal(concrete.OrderBy(t => t.FullName), declared.Select(d => d.DerivedType).OrderBy(t => t.FullName));
        Assert.All(declared, d => Assert.Matches(KebabCase(), (string)d.TypeDiscriminator!));
        Assert.Equal(declared.Count, declared.Select(d => d.TypeDiscriminator).Distinct().Count());
    }

    [Fact]
    public void AlertKindName_MatchesItsJsonName()
    {
        foreach (var kind in Enum.GetValues<AlertKind>())
        {
            Assert.Equal($"\"{kind.Name()}\"", JsonSerializer.Serialize(kind, Json.AlertKind));
        }
    }

    [Fact]
    public void CodeItem_Printed_ShowsOnlyTheLastCharacters()
    {
        var printed = new SupplierCodesDelivered(1, "SUP-1", [Code("SECRET-CODE-9876", "4321")], T0).ToString();

        Assert.DoesNotContain("SECRET", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("4321", printed, StringComparison.Ordinal);
        Assert.Contains("***9876", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void LicenseText_Printed_IsMasked()
    {
        Assert.DoesNotContain("TOPSECRET", new LicenseDelivered(1, "TOPSECRET-LICENSE", T0).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", new LicenseDelivery(1, "app", "App", null, "TOPSECRET-LICENSE").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", new MerchantWebhookResult.Ok("TOPSECRET-LICENSE").ToString(), StringComparison.Ordinal);
    }

    private static T RoundTrip<T>(T value, JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(value, info), info)!;

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();
}
