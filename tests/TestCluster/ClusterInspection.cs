using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Operations;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Delivery.Testing;

public enum EffectStatus
{
    /// <summary>Planned, and not yet seen through (waiting for its time, under way, or between attempts).</summary>
    Pending,

    /// <summary>Done.</summary>
    Done,

    /// <summary>Given up after every attempt.</summary>
    Dead,
}

/// <summary>One effect of a grain as its record holds it. <paramref name="Name"/> is the effect's kind (for a message to another grain, that grain's type).</summary>
public sealed record EffectView(string Name, string Step, EffectStatus Status, int Attempts, string? LastError);

/// <summary>What tests read of the cluster's stores directly: grain records and the operations tables.</summary>
public static class ClusterInspection
{
    /// <summary>The record grain <paramref name="grainType"/>/<paramref name="key"/> last wrote (its state name is its type).</summary>
    public static async Task<GrainRecord<TState>> ReadRecordAsync<TState>(this TestCluster cluster, string grainType, string key)
        where TState : class
    {
        var storage = LiveSilo(cluster).Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var state = new GrainState<GrainRecord<TState>>(new GrainRecord<TState>());
        await storage.ReadStateAsync(grainType, GrainId.Create(grainType, key), state);
        return state.State ?? new GrainRecord<TState>();
    }

    /// <summary>
    /// The effects grain <paramref name="grainType"/>/<paramref name="key"/> planned, oldest first: those pending,
    /// then those it remembers as finished. Entries for the operations tables are left out.
    /// </summary>
    public static async Task<IReadOnlyList<EffectView>> OrderEffectsAsync(this TestCluster cluster, string orderId) =>
        Views(await cluster.OrderRecordAsync(orderId));

    public static Task<GrainRecord<OrderState>> OrderRecordAsync(this TestCluster cluster, string orderId) =>
        cluster.ReadRecordAsync<OrderState>(OrderGrain.Type, orderId);

    /// <summary>The names of the reminders order <paramref name="orderId"/> holds in the reminder table.</summary>
    public static async Task<IReadOnlyList<string>> OrderRemindersAsync(this TestCluster cluster, string orderId)
    {
        var table = LiveSilo(cluster).Services.GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(GrainId.Create(OrderGrain.Type, orderId));
        return [.. rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal)];
    }

    /// <summary>The wake-ups order <paramref name="orderId"/> holds.</summary>
    public static async Task<IReadOnlyList<GrainWake>> OrderWakesAsync(this TestCluster cluster, string orderId) =>
        [.. (await cluster.OrderRecordAsync(orderId)).Wakes];

    /// <summary>
    /// Entries of an operations stream, newest first, of one grain when <paramref name="grainKey"/> is given, once
    /// the cluster has drained (grains append to the tables with effects, after they answer).
    /// </summary>
    public static async Task<IReadOnlyList<OperationsEntry>> StreamAsync(this TestCluster cluster, string stream, string? grainKey = null)
    {
        await cluster.DrainAsync();
        return (await Operations(cluster).ReadAsync(stream, null, 10_000, grainKey)).Items;
    }

    /// <summary>The orders in the review queue, once the cluster has drained.</summary>
    public static async Task<IReadOnlyList<ReviewEntry>> ReviewAsync(this TestCluster cluster)
    {
        await cluster.DrainAsync();
        return await Operations(cluster).ReadReviewAsync(10_000);
    }

    internal static IReadOnlyList<EffectView> Views<TState>(GrainRecord<TState> record)
        where TState : class =>
        [
            .. record.Done.Where(d => !IsOperations(d.Kind))
                .Select(d => new EffectView(d.Kind, d.Step, d.GaveUp ? EffectStatus.Dead : EffectStatus.Done, d.Attempts, d.LastError)),
            .. record.Effects.Where(e => !IsOperations(e.Kind))
                .Select(e => new EffectView(e.Kind, e.Step, EffectStatus.Pending, e.Attempts, e.LastError)),
        ];

    private static bool IsOperations(string kind) => kind is OperationsEntryEffect.Kind or ReviewChangeEffect.Kind or OrderRowEffect.Kind;

    private static IOperationsStore Operations(TestCluster cluster) => LiveSilo(cluster).Services.GetRequiredService<IOperationsStore>();

    private static TestSilo LiveSilo(TestCluster cluster) => cluster.Silos.First(s => !s.Stopped);
}
