using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Gateway.Supplier;
using Orleans.Delivery.Gateway.Webhooks.Supplier;
using Orleans.Delivery.Silo.Supplier;
using Orleans.Delivery.SupplierSimulator;

namespace Orleans.Delivery.EndToEnd.Tests.Supplier;

public sealed class SupplierWebhookDeliveryTests
{
    private readonly string _sku = $"psn-50-usd-{Guid.NewGuid():N}";
    private readonly string _reference = $"order-{Guid.NewGuid():N}";

    [Fact]
    public async Task PendingThenWebhook_OnRelease_DeliversSignedCompletedWebhook()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions { TimeProvider = clock });
        await using var receiver = await WebhookReceiver.StartAsync(simulator.Options.WebhookSecret, clock);
        simulator.WebhookCallbackUrl = receiver.CallbackUrl;
        simulator.Script(_sku, SupplierBehaviour.PendingThenWebhookOnRelease());
        using var harness = new SupplierClientHarness(simulator.BaseUrl, simulator.Options.ApiKey);

        var pending = Assert.IsType<SupplierResponse.Pending>(await harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        Assert.False(receiver.TryTake(out _));
        Assert.Equal(1, await simulator.ReleaseWebhooksAsync());
        var webhook = await receiver.NextAsync();

        Assert.True(webhook.Verification.IsValid, webhook.Verification.Error);
        using (var body = JsonDocument.Parse(webhook.Body))
        {
            // The API format's webhook: the order, our reference, its status and items, and no event id.
            Assert.Equal(["order_id", "reference", "status", "items"], body.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["code", "pin", "instructions"], body.RootElement.GetProperty("items")[0].EnumerateObject().Select(p => p.Name));
        }

        var notification = webhook.Parsed.Notification!;
        Assert.Equal(pending.SupplierOrderId, notification.SupplierOrderId);
        Assert.Equal(_reference, notification.Reference);
        Assert.Equal("completed", notification.Status);
        Assert.Equal(SupplierWebhookParser.DerivedEventId(pending.SupplierOrderId, "completed", webhook.Body), notification.EventId);
        var order = Assert.Single(simulator.OrdersFor(_reference));
        Assert.Equal(order.Items.Single().Code, Assert.Single(notification.Items).Code);
        Assert.Equal(SimulatedCode.RedeemInstructions, notification.Items[0].Instructions);
        Assert.True(SupplierCodeValidator.Validate(notification.Items, 1, pinRequired: true).IsValid);
        Assert.IsType<SupplierResponse.Completed>(await harness.Client.GetOrderAsync(pending.SupplierOrderId));
        Assert.True(Assert.Single(simulator.WebhookDeliveries).Delivered);
    }

    [Fact]
    public async Task PendingThenWebhook_DuplicateAndStale_DeliveredInScriptedOrder()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions { TimeProvider = clock });
        await using var receiver = await WebhookReceiver.StartAsync(simulator.Options.WebhookSecret, clock);
        simulator.WebhookCallbackUrl = receiver.CallbackUrl;
        simulator.Script(_sku, SupplierBehaviour.PendingThenWebhookOnRelease(duplicate: true, staleAfter: true));
        using var harness = new SupplierClientHarness(simulator.BaseUrl, simulator.Options.ApiKey);

        Assert.IsType<SupplierResponse.Pending>(await harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, await simulator.ReleaseWebhooksAsync());
        var received = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };

        Assert.All(received, r => Assert.True(r.Verification.IsValid, r.Verification.Error));
        var notifications = received.Select(r => r.Parsed.Notification!).ToArray();
        Assert.Equal(["completed", "completed", "pending"], notifications.Select(n => n.Status));

        // Without event ids the resent webhook is recognised by its body, and the stale one is news of its own.
        Assert.Equal(notifications[0], notifications[1] with { Items = notifications[0].Items });
        Assert.Equal(notifications[0].Items, notifications[1].Items);
        Assert.StartsWith(SupplierWebhookParser.DerivedEventIdPrefix, notifications[0].EventId, StringComparison.Ordinal);
        Assert.NotEqual(notifications[0].EventId, notifications[2].EventId);
        Assert.Empty(notifications[2].Items);
        Assert.Equal("completed", Assert.Single(simulator.OrdersFor(_reference)).Status);
    }

    [Fact]
    public async Task PendingThenWebhook_AfterDelay_SentOnlyOnceTheClockPassesIt()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions { TimeProvider = clock });
        await using var receiver = await WebhookReceiver.StartAsync(simulator.Options.WebhookSecret, clock);
        simulator.WebhookCallbackUrl = receiver.CallbackUrl;
        simulator.Script(_sku, SupplierBehaviour.PendingThenWebhook(TimeSpan.FromSeconds(30)));
        using var harness = new SupplierClientHarness(simulator.BaseUrl, simulator.Options.ApiKey);

        Assert.IsType<SupplierResponse.Pending>(await harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("pending", Assert.Single(simulator.OrdersFor(_reference)).Status);
        clock.Advance(TimeSpan.FromSeconds(1));
        var webhook = await receiver.NextAsync();

        Assert.True(webhook.Verification.IsValid, webhook.Verification.Error);
        Assert.Equal("completed", webhook.Parsed.Notification!.Status);
        Assert.Equal("completed", Assert.Single(simulator.OrdersFor(_reference)).Status);
    }

    [Fact]
    public async Task PendingThenWebhook_SupplierSendingEventIds_TheirIdIsKept()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions { TimeProvider = clock, WebhookEventIds = true });
        await using var receiver = await WebhookReceiver.StartAsync(simulator.Options.WebhookSecret, clock);
        simulator.WebhookCallbackUrl = receiver.CallbackUrl;
        simulator.Script(_sku, SupplierBehaviour.PendingThenWebhookOnRelease());
        using var harness = new SupplierClientHarness(simulator.BaseUrl, simulator.Options.ApiKey);

        Assert.IsType<SupplierResponse.Pending>(await harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        await simulator.ReleaseWebhooksAsync();
        var webhook = await receiver.NextAsync();

        Assert.True(webhook.Verification.IsValid, webhook.Verification.Error);
        Assert.Equal(Assert.Single(simulator.WebhookDeliveries).EventId, webhook.Parsed.Notification!.EventId);
        Assert.StartsWith("evt_", webhook.Parsed.Notification.EventId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PendingThenWebhook_SupplierWithItsOwnNames_ReadThroughTheFieldMapping()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions
        {
            TimeProvider = clock,
            FieldNames = { ["order_id"] = "id", ["reference"] = "merchant_ref", ["status"] = "state", ["items"] = "vouchers", ["code"] = "pin_code" },
            StatusNames = { ["completed"] = "DONE", ["pending"] = "QUEUED" },
        });
        var reader = new SupplierOrderReader(new SupplierFieldOptions
        {
            OrderId = "id",
            Reference = "merchant_ref",
            Status = "state",
            Items = "vouchers",
            Code = "pin_code",
            StatusValues = { ["done"] = "completed", ["queued"] = "pending" },
        });
        await using var receiver = await WebhookReceiver.StartAsync(simulator.Options.WebhookSecret, clock, reader);
        simulator.WebhookCallbackUrl = receiver.CallbackUrl;
        simulator.Script(_sku, SupplierBehaviour.PendingThenWebhookOnRelease());
        using var harness = new SupplierClientHarness(simulator.BaseUrl, simulator.Options.ApiKey, settings: new Dictionary<string, string?>
        {
            ["Supplier:Fields:OrderId"] = "id",
            ["Supplier:Fields:Status"] = "state",
            ["Supplier:Fields:Items"] = "vouchers",
            ["Supplier:Fields:Code"] = "pin_code",
            ["Supplier:Fields:StatusValues:QUEUED"] = "pending",
        });

        var pending = Assert.IsType<SupplierResponse.Pending>(await harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        await simulator.ReleaseWebhooksAsync();
        var webhook = await receiver.NextAsync();

        Assert.True(webhook.Verification.IsValid, webhook.Verification.Error);
        var notification = webhook.Parsed.Notification!;
        Assert.Equal((pending.SupplierOrderId, _reference, "completed"), (notification.SupplierOrderId, notification.Reference, notification.Status));
        Assert.Equal(Assert.Single(Assert.Single(simulator.OrdersFor(_reference)).Items).Code, Assert.Single(notification.Items).Code);
    }

    [Fact]
    public async Task Webhook_ReceiverWithAnotherSecret_RefusesAndSimulatorRetries()
    {
        await using var simulator = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions { WebhookRetryDelay = TimeSpan.Zero });
        await using var receiver = await WebhookReceiver.StartAsync("a-different-secret-0123456789", TimeProvider.System);
        simulator.WebhookCallbackUrl = receiver.CallbackUrl;
        simulator.Script(_sku, SupplierBehaviour.PendingThenWebhookOnRelease());
        using var harness = new SupplierClientHarness(simulator.BaseUrl, simulator.Options.ApiKey);

        Assert.IsType<SupplierResponse.Pending>(await harness.Client.PlaceOrderAsync(_sku, 1, _reference));
        await simulator.ReleaseWebhooksAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SupplierWebhookErrors.SignatureMismatch, (await receiver.NextAsync()).Verification.Error);
        }

        Assert.Equal([401, 401, 401], simulator.WebhookDeliveries.Select(d => d.StatusCode));
        Assert.Equal([1, 2, 3], simulator.WebhookDeliveries.Select(d => d.Attempt));
    }
}
