using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class MerchantWebhookSpecs
{
    private static OrderSpec PaidLicenseOrder() => OrderSpec.GivenCommands(Create(LicenseLine), Pay(3000));

    private static MerchantWebhookAnswered Answer(string step, MerchantWebhookResult result, double minutes, double jitter = 0) =>
        new(step, result, At(minutes), jitter);

    [Fact]
    public void ConfirmPayment_WebhookProduct_CallsTheMerchantWithOrderData()
    {
        var turn = OrderSpec.Given(Created(LicenseLine)).When(Pay(3000));

        Assert.Equal<OrderEvent>([Paid(3000), new MerchantWebhookCalled(1, 1, "merchant-webhook-1", At(1))], turn.Events);
        Assert.Equal<OrderEffect>(
            [new CallMerchantWebhook(
                OrderId, "merchant-webhook-1", 1, "https://merchant.example/license", "app", "App license", 1, "ada@example.com", "Ada", 3000, Usd,
                MerchantDeliveryIds.For(OrderId, 1, 1), MerchantWebhookRequest.Legacy, "pi-1", MerchantDeliveryIds.CheckoutHash(OrderId))],
            turn.Effects);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
    }

    [Fact]
    public void MerchantWebhookAnswered_Body_DeliversItAsTheLicense()
    {
        var turn = PaidLicenseOrder().When(Answer("merchant-webhook-1", new MerchantWebhookResult.Ok("  KEY-123-456\n"), 2));

        var license = new LicenseDelivery(1, "app", "App license", "Paste the key in Settings", "KEY-123-456");
        Assert.Equal<OrderEvent>([new LicenseDelivered(1, "KEY-123-456", At(2))], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new SendDeliveryEmail(OrderId, "delivery-email-1", "ada@example.com", "Ada", DeliveryKind.License, [license], IsResend: false),
                new RecordLicense(OrderId, "record-license-1", "cust-1", "ada@example.com", 1, "app", "App license", "Paste the key in Settings", ["KEY-123-456"]),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal<DeliveryContent>([license], turn.State.DeliveredContent());
        Assert.Equal(
            new DeliveryLogEntry(At(2), DeliveryLogKind.Delivered, DeliveryChannel.OrderPage, "license for App license received from the merchant webhook", [1]),
            turn.State.DeliveryLog[^1]);
    }

    [Fact]
    public void MerchantWebhookAnswered_Failed_RetriesWithBackoff()
    {
        var turn = PaidLicenseOrder().When(Answer("merchant-webhook-1", new MerchantWebhookResult.Failed("HTTP 503"), 2));

        var due = At(2) + TimeSpan.FromSeconds(30);
        Assert.Equal<OrderEvent>(
            [new MerchantWebhookFailed(1, 1, "HTTP 503", At(2)), new RetryScheduled(1, OrderWakes.WebhookRetry, due, At(2))],
            turn.Events);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.WebhookRetry, due)], turn.Reminders);
        Assert.Equal(OrderStatus.Retrying, turn.State.Status);
    }

    [Fact]
    public void MerchantWebhookAnswered_EmptyBody_GoesToReviewWithoutRetrying()
    {
        var turn = PaidLicenseOrder().When(Answer("merchant-webhook-1", new MerchantWebhookResult.Ok(" \n "), 2));

        const string reason = "empty_response: the webhook answered 200 with an empty body";
        Assert.Equal<OrderEvent>(
            [
                new MerchantWebhookFailed(1, 1, reason, At(2)),
                new ReviewRequired(1, $"merchant webhook refused: {reason}", AlertKind.MerchantWebhookFailed, At(2)),
            ],
            turn.Events);
        Assert.DoesNotContain(turn.Effects, e => e is SendDeliveryEmail);
    }

    [Fact]
    public void MerchantWebhookAnswered_Refused_GoesToReviewWithTheCode_NothingDelivered()
    {
        var turn = PaidLicenseOrder().When(Answer("merchant-webhook-1", new MerchantWebhookResult.Refused("html_in_response", "HTML"), 2));

        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal("merchant webhook refused: html_in_response: HTML", turn.State.ReviewReason);
        Assert.Equal(AlertKind.MerchantWebhookFailed, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.DoesNotContain(turn.Reminders.OfType<WakeAt>(), w => w.Name == OrderWakes.WebhookRetry);
    }

    [Fact]
    public void SeparateMultibuy_ThreeItems_OneCallPerItemWithItsOwnDeliveryId_OneEmailWithAllThree()
    {
        var product = LicenseProduct with { Webhook = MerchantWebhookRequest.Legacy with { SeparateMultibuy = true } };
        var paid = OrderSpec.GivenCommands(Create(LicenseLine with { Quantity = 3, Product = product })).When(Pay(9000));
        var first = Assert.Single(paid.Effects.OfType<CallMerchantWebhook>());
        var spec = OrderSpec.GivenCommands(Create(LicenseLine with { Quantity = 3, Product = product }), Pay(9000));

        var afterOne = spec.When(Answer("merchant-webhook-1", new MerchantWebhookResult.Ok("K1"), 2));
        Assert.Equal<OrderEvent>([new LicenseItemReceived(1, 1, "K1", At(2)), new MerchantWebhookCalled(1, 1, "merchant-webhook-1-retry-2", At(2))], afterOne.Events);
        var second = Assert.IsType<CallMerchantWebhook>(Assert.Single(afterOne.Effects));

        var done = spec.After(Answer("merchant-webhook-1", new MerchantWebhookResult.Ok("K1"), 2), Answer("merchant-webhook-1-retry-2", new MerchantWebhookResult.Ok("K2"), 3))
            .When(Answer("merchant-webhook-1-retry-3", new MerchantWebhookResult.Ok("K3"), 4));
        Assert.Equal((1, 1, 3000), (first.Quantity, second.Quantity, first.AmountMinor));
        Assert.Equal(MerchantDeliveryIds.For(OrderId, 1, 1), first.DeliveryId);
        Assert.Equal(MerchantDeliveryIds.For(OrderId, 1, 2), second.DeliveryId);
        Assert.NotEqual(first.DeliveryId, second.DeliveryId);
        var email = Assert.Single(done.Effects.OfType<SendDeliveryEmail>());
        var license = Assert.IsType<LicenseDelivery>(Assert.Single(email.Items));
        Assert.Equal(["K1", "K2", "K3"], license.Items);
        Assert.Equal("1. K1\n\n2. K2\n\n3. K3", license.LicenseText);
        Assert.Equal(OrderStatus.Delivering, done.State.Status);
    }

    [Fact]
    public void OrderEmailsOff_LicenseDelivered_NoEmail_DeliveredToTheAccount()
    {
        var product = LicenseProduct with { OrderEmailsOff = true };
        var turn = OrderSpec.GivenCommands(Create(LicenseLine with { Product = product }), Pay(3000))
            .When(Answer("merchant-webhook-1", new MerchantWebhookResult.Ok("KEY-9"), 2));

        Assert.DoesNotContain(turn.Effects, e => e is SendDeliveryEmail);
        Assert.Single(turn.Effects.OfType<RecordLicense>());
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.Equal(new DeliveryConfirmed(DeliveryChannel.Account, At(2)), turn.Events[^1]);
        Assert.Contains(turn.State.DeliveryLog, d => d.Channel == DeliveryChannel.Account);
    }

    [Fact]
    public void Wake_WebhookRetry_CallsAgainUnderANewStep()
    {
        var turn = PaidLicenseOrder().After(Answer("merchant-webhook-1", new MerchantWebhookResult.Failed("HTTP 503"), 2))
            .When(new Wake(OrderWakes.WebhookRetry, At(2.5)));

        Assert.Equal<OrderEvent>([new MerchantWebhookCalled(1, 2, "merchant-webhook-1-retry-2", At(2.5))], turn.Events);
        Assert.Equal("merchant-webhook-1-retry-2", Assert.IsType<CallMerchantWebhook>(Assert.Single(turn.Effects)).Step);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.WebhookRetry)], turn.Reminders);
    }

    [Fact]
    public void MerchantWebhookAnswered_FailedOnLastAttempt_GoesToReviewAndAlerts()
    {
        var turn = PaidLicenseOrder().After(
                Answer("merchant-webhook-1", new MerchantWebhookResult.Failed("HTTP 503"), 2),
                new Wake(OrderWakes.WebhookRetry, At(3)),
                Answer("merchant-webhook-1-retry-2", new MerchantWebhookResult.Failed("HTTP 503"), 3),
                new Wake(OrderWakes.WebhookRetry, At(4)))
            .When(Answer("merchant-webhook-1-retry-3", new MerchantWebhookResult.Failed("HTTP 500"), 4));

        Assert.Equal<OrderEvent>(
            [
                new MerchantWebhookFailed(1, 3, "HTTP 500", At(4)),
                new ReviewRequired(1, "merchant webhook failed after 3 attempt(s): HTTP 500", AlertKind.MerchantWebhookFailed, At(4)),
            ],
            turn.Events);
        Assert.Equal(AlertKind.MerchantWebhookFailed, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
    }

    [Fact]
    public void MerchantWebhookAnswered_Twice_SecondIsNoOp() =>
        PaidLicenseOrder().After(Answer("merchant-webhook-1", new MerchantWebhookResult.Ok("KEY-1"), 2))
            .ThenNoOp(Answer("merchant-webhook-1", new MerchantWebhookResult.Ok("KEY-2"), 3));

    [Fact]
    public void MerchantWebhookAnswered_StepNeverPlanned_IsInvalid() =>
        PaidLicenseOrder().ThenInvalid(Answer("merchant-webhook-9", new MerchantWebhookResult.Ok("KEY"), 2));

    [Fact]
    public void SupplierAnswered_ForAWebhookStep_IsInvalid() =>
        PaidLicenseOrder().ThenInvalid(new SupplierAnswered("merchant-webhook-1", Completed(Code("X")), At(2)));

    [Fact]
    public void RetryFulfillment_WebhookLineInReview_CallsAgainWithFreshAttempts()
    {
        var turn = PaidLicenseOrder().WithPolicy(OrderPolicy.Default with { MaxSupplierAttempts = 1 })
            .After(Answer("merchant-webhook-1", new MerchantWebhookResult.Failed("HTTP 500"), 2))
            .When(new RetryFulfillment("op", At(30)));

        Assert.Equal<OrderEvent>(
            [new FulfillmentRetried(1, "op", At(30)), new MerchantWebhookCalled(1, 1, "merchant-webhook-1-retry-2", At(30))],
            turn.Events);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
    }

    [Fact]
    public void MarkDelivered_WebhookLine_JoinsTheLinesIntoOneLicense()
    {
        var turn = PaidLicenseOrder().WithPolicy(OrderPolicy.Default with { MaxSupplierAttempts = 1 })
            .After(Answer("merchant-webhook-1", new MerchantWebhookResult.Failed("HTTP 500"), 2))
            .When(new MarkDelivered([Code("KEY-1 "), Code("activate at example.com")], "op", At(30)));

        Assert.Equal<OrderEvent>([new ManuallyDelivered(1, [Code("KEY-1\nactivate at example.com")], "op", At(30))], turn.Events);
        Assert.Equal<DeliveryContent>(
            [new LicenseDelivery(1, "app", "App license", "Paste the key in Settings", "KEY-1\nactivate at example.com")],
            turn.State.DeliveredContent());
    }

    [Fact]
    public void MarkDelivered_WebhookLineWithBlankText_IsRefused()
    {
        var turn = PaidLicenseOrder().WithPolicy(OrderPolicy.Default with { MaxSupplierAttempts = 1 })
            .After(Answer("merchant-webhook-1", new MerchantWebhookResult.Failed("HTTP 500"), 2))
            .When(new MarkDelivered([Code(" ")], "op", At(30)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("mark-delivered", "the license text is empty", "op", At(30))], turn.Events);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
    }
}
