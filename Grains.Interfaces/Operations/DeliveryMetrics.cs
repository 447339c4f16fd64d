using System.Diagnostics.Metrics;

namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// The product's own metrics, one <see cref="Meter"/> named <see cref="MeterName"/>, beside Orleans' meters; silos and
/// gateways export them with OpenTelemetry (OTLP and a Prometheus scrape endpoint). Every instrument carries a
/// <c>test</c> tag where test orders can show, so dashboards can leave them out.
/// </summary>
public static class DeliveryMetrics
{
    public const string MeterName = "Orleans.Delivery";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Supplier API calls: seconds, by operation (order, lookup, poll) and outcome.</summary>
    public static readonly Histogram<double> SupplierCallDuration =
        Meter.CreateHistogram<double>("delivery.supplier.call.duration", "s", "Supplier API call latency");

    /// <summary>Orders that reached the buyer (<c>delivered</c>) or that automation gave up on (<c>failed</c>).</summary>
    public static readonly Counter<long> FulfillmentOutcomes =
        Meter.CreateCounter<long>("delivery.fulfillment.outcomes", "{order}", "Fulfillment outcomes");

    /// <summary>Seconds from a confirmed payment to the order reaching the buyer.</summary>
    public static readonly Histogram<double> PaymentToDelivery =
        Meter.CreateHistogram<double>("delivery.payment_to_delivery.duration", "s", "Payment-to-delivery latency");

    /// <summary>Inbound webhooks by provider and outcome (accepted, rejected, failed).</summary>
    public static readonly Counter<long> Webhooks =
        Meter.CreateCounter<long>("delivery.webhooks", "{webhook}", "Inbound webhook outcomes");
}
