using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Mail;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;
using Orleans.Runtime;
using static Orleans.Delivery.EndToEnd.Tests.Operations.ExportedMetrics;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>
/// The product's metrics and traces on a shop selling supplier codes (its own cluster per test, the supplier simulator,
/// a real SMTP server): the gauges of pending work, reminder lateness, outcomes by fulfillment kind, and one trace from
/// the Stripe webhook's request to the email. The meter and the activity sources are process-wide, and other tests run
/// beside these: gauges are read for this cluster's silo, counters asserted as at least what this test caused.
/// </summary>
public sealed class TelemetryTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SmtpDown_PendingEmailAndPaidOrder_GaugesShowThemAndTheirAgeLeavingTestOrdersOut_AndTheBackstopReminderIsTimed()
    {
        await using var relay = await SmtpServer.CreateAsync();
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, relay, silos: 1, configure: o =>
        {
            // The failed email waits at least five minutes for its retry: still pending when the figures are read.
            o.Configuration["Effects:RetryBase"] = "00:10:00";
            o.Configuration["Effects:RetryMax"] = "01:00:00";
        });
        await relay.StopAsync();
        var silo = shop.Cluster.Silos[0];
        var siloName = silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();
        var refreshed = new TaskCompletionSource<DeliveryMetrics.Backlog>(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.Services.GetRequiredService<PaidUndeliveredGauge>().Refreshed += b =>
        {
            if (b.Count > 0)
            {
                refreshed.TrySetResult(b);
            }
        };
        var reminderTimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var lateness = ListenForLateness(DeliveryGrain<OrderState>.BackstopReminder, reminderTimed);
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(DeliveryMetrics.MeterName).AddInMemoryExporter(exported).Build();

        var buyer = await shop.CreateOrderAsync();
        await shop.PayAsync(buyer);
        var tester = await shop.CreateOrderAsync(test: true);
        await shop.PayAsync(tester);
        await shop.Cluster.DrainAsync();
        Assert.Equal("delivering", (await shop.OrderAsync(buyer)).Status);
        Assert.NotEqual("delivered", (await shop.OrderAsync(tester)).Status);
        await shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(2));
        var backlog = await refreshed.Task.WaitAsync(Bounded);
        await reminderTimed.Task.WaitAsync(Bounded);
        provider.ForceFlush();

        var email = Assert.Single(await shop.OutboxAsync(buyer), e => e.Name == OrderEffectKinds.DeliveryEmail);
        Assert.Equal(EffectStatus.Pending, email.Status);
        // The test order is paid and undelivered too, and left out.
        Assert.Equal(1, backlog.Count);
        Assert.True(backlog.OldestAge >= TimeSpan.FromMinutes(2), $"oldest paid order: {backlog.OldestAge}");
        Assert.Equal(1, Gauge(exported, "delivery.orders.paid_undelivered", ("silo", siloName)));
        Assert.True(Gauge(exported, "delivery.orders.paid_undelivered.oldest_age", ("silo", siloName)) >= 120);
        Assert.True(Gauge(exported, "delivery.effects.pending", ("silo", siloName)) >= 1);
        // Counted from when the email was planned, not from its next retry.
        Assert.True(Gauge(exported, "delivery.effects.oldest_age", ("silo", siloName)) >= 120);
        Assert.True(Count(exported, "delivery.reminder.lateness", ("reminder", DeliveryGrain<OrderState>.BackstopReminder)) >= 1);
    }

    [Fact]
    public async Task SupplierOutOfStockThenUnreadable_OutcomesRefundedAndReviewForSupplierCodes()
    {
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtp.Server, silos: 1);
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(DeliveryMetrics.MeterName).AddInMemoryExporter(exported).Build();

        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.Failed("out_of_stock"));
        var refunded = await shop.CreateOrderAsync();
        await shop.PayAsync(refunded);
        await shop.Cluster.DrainAsync();
        shop.Supplier.Script(shop.SupplierSku, SupplierBehaviour.UnreadableAnswer);
        var reviewed = await shop.CreateOrderAsync();
        await shop.PayAsync(reviewed);
        await shop.Cluster.DrainAsync();
        provider.ForceFlush();

        Assert.Equal("manual_review", (await shop.OrderAsync(reviewed)).Status);
        Assert.NotEqual("delivered", (await shop.OrderAsync(refunded)).Status);
        Assert.True(Sum(exported, "delivery.fulfillment.outcomes", ("outcome", "refunded"), ("kind", "supplier-code"), ("test", false)) >= 1);
        Assert.True(Sum(exported, "delivery.fulfillment.outcomes", ("outcome", "review"), ("kind", "supplier-code"), ("test", false)) >= 1);
    }

    [Fact]
    public async Task StripeWebhookForACode_SupplierCallAndEmailSitInTheTraceOfTheWebhookRequest()
    {
        var spans = new ConcurrentDictionary<ActivitySpanId, Activity>();
        using var listener = ListenForSpans(spans);
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtp.Server);
        var buyer = await shop.CreateOrderAsync();

        using (var paid = await shop.PayWithStripeAsync(buyer))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await shop.Cluster.DrainAsync();
        await shop.DeliveryEmailAsync(buyer);

        var effects = EffectSpans(spans, buyer);
        var emailEffect = Assert.Single(effects, s => (string?)s.GetTagItem("delivery.effect.kind") == OrderEffectKinds.DeliveryEmail);
        var supplierEffect = Assert.Single(effects, s => (string?)s.GetTagItem("delivery.effect.kind") == OrderEffectKinds.SupplierOrder);
        var send = Assert.Single(spans.Values, s => s.OperationName == SmtpMailSender.SendSpan && s.ParentSpanId == emailEffect.SpanId);
        var request = await WebhookRequestAboveAsync(spans, send, shop);

        Assert.Contains(supplierEffect, Ancestors(spans, send));
        Assert.Equal(request.TraceId, send.TraceId);
        Assert.Equal(ActivityStatusCode.Unset, send.Status);
        Assert.Contains(spans.Values, s => s.Source.Name == "System.Net.Http" && s.TraceId == request.TraceId
            && Equals(s.GetTagItem("server.port"), shop.Supplier.BaseUrl.Port) && Ancestors(spans, s).Contains(supplierEffect));
    }

    [Fact]
    public async Task SmtpDownThenBack_TheRetriedEmailStillSitsInTheTraceOfTheWebhookRequest()
    {
        var spans = new ConcurrentDictionary<ActivitySpanId, Activity>();
        using var listener = ListenForSpans(spans);
        await using var relay = await SmtpServer.CreateAsync();
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, relay);
        await relay.StopAsync();
        var buyer = await shop.CreateOrderAsync();

        using (var paid = await shop.PayWithStripeAsync(buyer))
        {
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await shop.Cluster.DrainAsync();
        await relay.StartAsync();
        // The retry is handed out by the runner's timer, on no call of anyone's: only the kept traceparent links it.
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(1));
        await shop.DeliveryEmailAsync(buyer);

        var emailEffects = EffectSpans(spans, buyer).Where(s => (string?)s.GetTagItem("delivery.effect.kind") == OrderEffectKinds.DeliveryEmail).ToList();
        var failed = Assert.Single(emailEffects, s => Equals(s.GetTagItem("delivery.effect.attempt"), 1));
        var retried = Assert.Single(emailEffects, s => Equals(s.GetTagItem("delivery.effect.attempt"), 2));
        var send = Assert.Single(spans.Values, s => s.OperationName == SmtpMailSender.SendSpan && s.ParentSpanId == retried.SpanId);
        var request = await WebhookRequestAboveAsync(spans, failed, shop);

        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(ActivityStatusCode.Unset, send.Status);
        Assert.Equal(request.TraceId, retried.TraceId);
        Assert.Equal(request.TraceId, send.TraceId);
    }

    private static ActivityListener ListenForSpans(ConcurrentDictionary<ActivitySpanId, Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "System.Net.Http" or "Microsoft.Orleans.Runtime" or "Microsoft.Orleans.Application"
                or DeliveryTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => spans[a.SpanId] = a,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>The runner's spans of the effects of <paramref name="buyer"/>'s order.</summary>
    private static List<Activity> EffectSpans(ConcurrentDictionary<ActivitySpanId, Activity> spans, Buyer buyer) =>
        spans.Values.Where(s => s.Source.Name == DeliveryTracing.SourceName && s.GetTagItem("delivery.grain") is string grain
            && grain.EndsWith(buyer.OrderId, StringComparison.Ordinal)).ToList();

    /// <summary>The gateway's span of the Stripe webhook request above <paramref name="span"/>.</summary>
    private static async Task<Activity> WebhookRequestAboveAsync(ConcurrentDictionary<ActivitySpanId, Activity> spans, Activity span, CodeShop shop)
    {
        // The request's span ends once its answer is out, which may be just after the client has read that answer.
        Activity? request = null;
        await Poll.UntilAsync(
            () => Task.FromResult((request = Ancestors(spans, span).FirstOrDefault(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server)) is not null),
            TimeSpan.FromSeconds(10),
            "the webhook request's span");

        // ASP.NET Core's own span carries no tags without its OpenTelemetry instrumentation: the test client's span names the request.
        var client = Assert.Single(Ancestors(spans, request!));
        Assert.Equal(new Uri(shop.Gateway, "/webhooks/stripe").ToString(), client.GetTagItem("url.full"));
        return request!;
    }

    /// <summary>The spans above <paramref name="span"/>, nearest first, as far as they have been recorded.</summary>
    private static IEnumerable<Activity> Ancestors(ConcurrentDictionary<ActivitySpanId, Activity> spans, Activity span)
    {
        var parent = span.ParentSpanId;
        while (parent != default && spans.TryGetValue(parent, out var above))
        {
            yield return above;
            parent = above.ParentSpanId;
        }
    }

    private static MeterListener ListenForLateness(string reminder, TaskCompletionSource timed)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DeliveryMetrics.MeterName && instrument.Name == "delivery.reminder.lateness")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reminder" && Equals(tag.Value, reminder))
                {
                    timed.TrySetResult();
                }
            }
        });
        listener.Start();
        return listener;
    }
}
