using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// The product's own metrics, one <see cref="Meter"/> named <see cref="MeterName"/>, beside Orleans' meters; silos and
/// gateways export them with OpenTelemetry (OTLP and a Prometheus scrape endpoint). Every instrument carries a
/// <c>test</c> tag where test orders can show, so dashboards can leave them out. Every tag value comes from a fixed set
/// (never text a sender or a buyer chose), so the number of series stays bounded.
/// </summary>
public static class DeliveryMetrics
{
    public const string MeterName = "Orleans.Delivery";

    private static readonly Meter Meter = new(MeterName);

    // What each silo registers for the observable gauges: read in the exporter's collection, from memory only.
    private static readonly Observations PendingEffectSources = new();
    private static readonly Observations PaidUndeliveredSources = new();

    /// <summary>Supplier API calls: seconds, by operation (order, lookup, poll) and outcome.</summary>
    public static readonly Histogram<double> SupplierCallDuration =
        Meter.CreateHistogram<double>("delivery.supplier.call.duration", "s", "Supplier API call latency");

    /// <summary>
    /// Orders that reached the buyer (<c>outcome</c> <c>delivered</c>), that automation put in the review queue
    /// (<c>review</c>) or refunded because fulfillment failed (<c>refunded</c>), by <c>kind</c>: the catalog's
    /// fulfillment kind of the order's lines (<c>file</c>, <c>supplier-code</c>, <c>merchant-webhook</c>), or
    /// <c>mixed</c> when its lines differ.
    /// </summary>
    public static readonly Counter<long> FulfillmentOutcomes =
        Meter.CreateCounter<long>("delivery.fulfillment.outcomes", "{order}", "Fulfillment outcomes");

    /// <summary>Seconds from a confirmed payment to the order reaching the buyer.</summary>
    public static readonly Histogram<double> PaymentToDelivery =
        Meter.CreateHistogram<double>("delivery.payment_to_delivery.duration", "s", "Payment-to-delivery latency");

    /// <summary>
    /// Inbound webhooks by <c>provider</c> and <c>outcome</c>: <c>accepted</c>, <c>duplicate</c> (already recorded),
    /// <c>rejected</c> (4xx) or <c>failed</c> (5xx); the last two with a <c>reason</c>, the stable error code of the
    /// answer (<c>signature_mismatch</c>, <c>malformed_json</c>, …) or <c>other</c>.
    /// </summary>
    public static readonly Counter<long> Webhooks =
        Meter.CreateCounter<long>("delivery.webhooks", "{webhook}", "Inbound webhook outcomes");

    /// <summary>
    /// Seconds between the time a reminder was due (Orleans' <c>TickStatus.CurrentTickTime</c>) and the time its grain
    /// received it, by <c>reminder</c> name.
    /// </summary>
    public static readonly Histogram<double> ReminderLateness =
        Meter.CreateHistogram<double>("delivery.reminder.lateness", "s", "How late reminders fire");

    /// <summary>Effects planned by the grains active on a silo and not yet seen through, by <c>silo</c>.</summary>
    public static readonly ObservableGauge<long> PendingEffects =
        Meter.CreateObservableGauge("delivery.effects.pending", PendingEffectSources.Counts, "{effect}", "Effects not yet seen through");

    /// <summary>Seconds since the oldest of those effects was planned, by <c>silo</c> (0 when there is none).</summary>
    public static readonly ObservableGauge<double> OldestPendingEffectAge =
        Meter.CreateObservableGauge("delivery.effects.oldest_age", PendingEffectSources.Ages, "s", "Age of the oldest pending effect");

    /// <summary>
    /// Live orders paid and neither delivered nor closed, as the silo read them last (every silo reads the same
    /// orders table: take the maximum over silos, not the sum), by <c>silo</c>.
    /// </summary>
    public static readonly ObservableGauge<long> PaidUndelivered =
        Meter.CreateObservableGauge("delivery.orders.paid_undelivered", PaidUndeliveredSources.Counts, "{order}", "Paid orders not yet delivered");

    /// <summary>Seconds since the oldest of those orders was paid, by <c>silo</c> (0 when there is none).</summary>
    public static readonly ObservableGauge<double> OldestPaidUndeliveredAge =
        Meter.CreateObservableGauge("delivery.orders.paid_undelivered.oldest_age", PaidUndeliveredSources.Ages, "s", "Age of the oldest paid undelivered order");

    /// <summary>
    /// Reports a silo's pending effects to <see cref="PendingEffects"/> and <see cref="OldestPendingEffectAge"/> until
    /// disposed. <paramref name="read"/> runs on every collection: it must answer from memory.
    /// </summary>
    public static IDisposable ObservePendingEffects(string silo, Func<Backlog> read) => PendingEffectSources.Add(silo, () => read());

    /// <summary>
    /// Reports a silo's last reading of the paid-but-undelivered orders to <see cref="PaidUndelivered"/> and
    /// <see cref="OldestPaidUndeliveredAge"/> until disposed; nothing while <paramref name="read"/> answers null (not
    /// read yet). It runs on every collection: it must answer from memory.
    /// </summary>
    public static IDisposable ObservePaidUndelivered(string silo, Func<Backlog?> read) => PaidUndeliveredSources.Add(silo, read);

    /// <summary>How many things wait and for how long the oldest of them has.</summary>
    public readonly record struct Backlog(long Count, TimeSpan OldestAge);

    private sealed class Observations
    {
        private readonly ConcurrentDictionary<Registration, byte> sources = new();

        public IDisposable Add(string silo, Func<Backlog?> read)
        {
            var registration = new Registration(this, new("silo", silo), read);
            sources[registration] = 0;
            return registration;
        }

        public IEnumerable<Measurement<long>> Counts() =>
            sources.Keys.Select(s => (s.Silo, Figure: s.Read())).Where(s => s.Figure is not null)
                .Select(s => new Measurement<long>(s.Figure!.Value.Count, s.Silo)).ToList();

        public IEnumerable<Measurement<double>> Ages() =>
            sources.Keys.Select(s => (s.Silo, Figure: s.Read())).Where(s => s.Figure is not null)
                .Select(s => new Measurement<double>(Math.Max(0, s.Figure!.Value.OldestAge.TotalSeconds), s.Silo)).ToList();

        private void Remove(Registration registration) => sources.TryRemove(registration, out _);

        private sealed class Registration(Observations owner, KeyValuePair<string, object?> silo, Func<Backlog?> read) : IDisposable
        {
            public KeyValuePair<string, object?> Silo => silo;

            public Backlog? Read() => read();

            public void Dispose() => owner.Remove(this);
        }
    }
}
