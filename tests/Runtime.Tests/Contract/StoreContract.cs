using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Runtime.Storage;
using Orleans.Delivery.Runtime.Tests.Grains;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.Runtime.Tests.Contract;

/// <summary>
/// The engine's guarantees, run unchanged against every store. A change in store semantics extends this suite.
/// </summary>
public abstract class StoreContract
{
    protected abstract TestStore Store { get; }

    private readonly RecordingEffectHandler recorder = new();

    private async Task<TestCluster> StartAsync(int silos = 3, Action<TestClusterOptions>? configure = null)
    {
        var options = new TestClusterOptions
        {
            Silos = silos,
            Store = Store,
            ProductServices = false,
            ConfigureServices = services =>
            {
                services.AddGrain<JournalGrain>();
                services.AddSingleton(recorder);
                services.AddEffectHandler<RecordingEffectHandler>();
            },
        };
        options.Configuration["Silo:MaxAttempts"] = "4";
        options.Configuration["Silo:RetryBase"] = "00:00:10";
        options.Configuration["Silo:ReminderLease"] = "00:00:30";
        options.Configuration["Silo:OutboxLease"] = "00:01:00";
        configure?.Invoke(options);
        return await TestCluster.StartAsync(options);
    }

    private static GrainId NewJournal() => new(JournalGrain.Type, $"journal-{Guid.NewGuid():N}");

    private static Task<JournalState> Journal(TestCluster cluster, GrainId id) => cluster.Client.ReadAsync<JournalState>(id);

    [Fact]
    public async Task ConcurrentTurns_ThreeSilosOneKey_NoLostUpdateAndContiguousVersions()
    {
        await using var cluster = await StartAsync();
        var id = NewJournal();

        var versions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            cluster.Silos[i % 3].Client.CallAsync<long>(id, new Append($"e{i}"))));

        var journal = await Journal(cluster, id);
        Assert.Equal(200, journal.Entries.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"e{i}").Order(), journal.Entries.Order());
        Assert.Equal(Enumerable.Range(1, 200).Select(v => (long)v), versions.Order());
        Assert.Equal(200, (await cluster.Store.ReadAsync(id))!.Version);
    }

    [Fact]
    public async Task Reminder_DueInFiveMinutes_FiresOnceWhenTheClockPassesIt()
    {
        await using var cluster = await StartAsync();
        var id = NewJournal();
        var due = cluster.Time.GetUtcNow().AddMinutes(5);
        await cluster.Client.TellAsync(id, new SetTimer("once", due, null));

        Assert.Equal(0, await cluster.DrainAsync());
        Assert.Equal(0, await cluster.AdvanceAsync(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1)));
        Assert.Equal(1, await cluster.AdvanceAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(0, await cluster.AdvanceAsync(TimeSpan.FromHours(1)));

        Assert.Equal([$"tick:once:{due.ToUnixTimeSeconds()}:0"], (await Journal(cluster, id)).Entries);
        Assert.Empty(await cluster.Store.ListRemindersAsync(id));
    }

    [Fact]
    public async Task PeriodicReminder_EachPeriod_FiresAgain()
    {
        await using var cluster = await StartAsync();
        var id = NewJournal();
        var start = cluster.Time.GetUtcNow();
        await cluster.Client.TellAsync(id, new SetTimer("every", start.AddSeconds(30), TimeSpan.FromSeconds(30)));

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(1, await cluster.AdvanceAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(
            Enumerable.Range(1, 3).Select(i => $"tick:every:{start.AddSeconds(30 * i).ToUnixTimeSeconds()}:0"),
            (await Journal(cluster, id)).Entries);
    }

    [Fact]
    public async Task CancelledReminder_NeverFires()
    {
        await using var cluster = await StartAsync();
        var id = NewJournal();
        await cluster.Client.TellAsync(id, new SetTimer("cancelled", cluster.Time.GetUtcNow().AddMinutes(1), TimeSpan.FromMinutes(1)));
        await cluster.Client.TellAsync(id, new CancelTimer("cancelled"));

        await cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));

        Assert.Empty((await Journal(cluster, id)).Entries);
        Assert.Empty(await cluster.Store.ListRemindersAsync(id));
    }

    [Fact]
    public async Task PeriodicReminder_AllSilosDownForThreePeriods_OneCatchUpTickThenBackOnGrid()
    {
        await using var cluster = await StartAsync(silos: 2);
        var id = NewJournal();
        var start = cluster.Time.GetUtcNow();
        var period = TimeSpan.FromMinutes(1);
        await cluster.Client.TellAsync(id, new SetTimer("grid", start + period, period));
        Assert.Equal(1, await cluster.AdvanceAsync(period));

        // Every silo is down while the ticks at 2, 3 and 4 minutes pass; they come back at 4m20s.
        cluster.Time.Advance((period * 3) + TimeSpan.FromSeconds(20));
        Assert.Equal(1, await cluster.DrainAsync());
        Assert.Equal(0, await cluster.AdvanceAsync(TimeSpan.FromSeconds(39)));
        Assert.Equal(1, await cluster.AdvanceAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal(
            [
                $"tick:grid:{(start + period).ToUnixTimeSeconds()}:0",
                $"tick:grid:{(start + (period * 2)).ToUnixTimeSeconds()}:2",
                $"tick:grid:{(start + (period * 5)).ToUnixTimeSeconds()}:0",
            ],
            (await Journal(cluster, id)).Entries);
        var reminder = Assert.Single(await cluster.Store.ListRemindersAsync(id));
        Assert.Equal(start + (period * 6), reminder.DueAt);
    }

    [Fact]
    public async Task Reminder_SiloKilledHoldingItsLease_AnotherSiloFiresItAfterTheLease()
    {
        await using var cluster = await StartAsync(silos: 2);
        var id = NewJournal();
        var due = cluster.Time.GetUtcNow().AddMinutes(1);
        await cluster.Client.TellAsync(id, new SetTimer("leased", due, null));
        cluster.Time.Advance(TimeSpan.FromMinutes(1));

        var held = await cluster.Silos[0].Worker.ClaimAsync(CancellationToken.None);
        Assert.Single(held.Reminders);
        await cluster.Silos[0].KillAsync();

        Assert.Equal(0, await cluster.DrainAsync());
        Assert.Equal(0, await cluster.AdvanceAsync(TimeSpan.FromSeconds(29)));
        Assert.Equal(1, await cluster.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal([$"tick:leased:{due.ToUnixTimeSeconds()}:0"], (await Journal(cluster, id)).Entries);
    }

    [Fact]
    public async Task Effect_SiloKilledHoldingItsLease_AnotherSiloDispatchesItWithTheSameIdempotencyKey()
    {
        await using var cluster = await StartAsync(silos: 2);
        var id = NewJournal();
        await cluster.Client.TellAsync(id, new PlanEffect("step-1", "payload"));

        var held = await cluster.Silos[0].Worker.ClaimAsync(CancellationToken.None);
        var claimed = Assert.Single(held.Outbox);
        await cluster.Silos[0].KillAsync();

        Assert.Equal(0, await cluster.DrainAsync());
        Assert.Equal(1, await cluster.AdvanceAsync(TimeSpan.FromMinutes(1)));

        var call = Assert.Single(recorder.Calls, c => c.Source == id);
        Assert.Equal(claimed.IdempotencyKey, call.IdempotencyKey);
        Assert.Equal($"{JournalGrain.Type}/{id.Key}/step-1", call.IdempotencyKey);
        Assert.Equal(2, call.Attempt);
        Assert.Equal([$"effect:payload:{call.IdempotencyKey}"], (await Journal(cluster, id)).Entries);
    }

    [Fact]
    public async Task Effect_DispatcherCompletesAfterItsLeaseWasTakenOver_ItsWriteAffectsNothing()
    {
        await using var cluster = await StartAsync(silos: 2);
        var id = NewJournal();
        await cluster.Client.TellAsync(id, new PlanEffect("step-1", "late"));
        var stale = await cluster.Silos[0].Worker.ClaimAsync(CancellationToken.None);
        Assert.Single(stale.Outbox);

        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        var outcomes = new List<EffectDispatched>();
        cluster.Silos[0].Worker.Dispatched += outcomes.Add;
        Assert.Equal(1, await cluster.Silos[1].Worker.RunOnceAsync());
        await cluster.Silos[0].Worker.RunAsync(stale, CancellationToken.None);

        Assert.Equal(DispatchOutcome.LeaseLost, Assert.Single(outcomes).Outcome);
        Assert.Single((await Journal(cluster, id)).Entries);
        var row = Assert.Single(await cluster.Store.ListOutboxAsync(grain: id));
        Assert.Equal(OutboxStatus.Done, row.Status);
    }

    [Fact]
    public async Task Effect_PlannedTwiceWithTheSameStep_IsRecordedOnce()
    {
        await using var cluster = await StartAsync();
        var id = NewJournal();
        await cluster.Client.TellAsync(id, new PlanEffect("same-step", "first"));
        await cluster.Client.TellAsync(id, new PlanEffect("same-step", "second"));

        await cluster.DrainAsync();

        Assert.Single(await cluster.Store.ListOutboxAsync(grain: id));
        Assert.Equal([$"effect:first:{JournalGrain.Type}/{id.Key}/same-step"], (await Journal(cluster, id)).Entries);
    }

    [Fact]
    public async Task Message_ToAnotherGrain_IsDeliveredOnceAsItsTurn()
    {
        await using var cluster = await StartAsync();
        var sender = NewJournal();
        var receiver = NewJournal();
        await cluster.Client.TellAsync(sender, new SendTo(receiver.Key, "hello", "hello"));
        await cluster.Client.TellAsync(sender, new SendTo(receiver.Key, "hello", "hello again, same step"));

        await cluster.DrainAsync();
        await cluster.DrainAsync();

        Assert.Equal(["hello"], (await Journal(cluster, receiver)).Entries);
    }

    [Fact]
    public async Task Turn_ThatThrows_LeavesStateOutboxAndRemindersAsTheyWere()
    {
        await using var cluster = await StartAsync();
        var id = NewJournal();
        var due = cluster.Time.GetUtcNow().AddHours(1);
        await cluster.Client.TellAsync(id, new Append("kept"));
        await cluster.Client.TellAsync(id, new SetTimer("keep-me", due, null));
        var before = await cluster.Store.ReadAsync(id);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Client.TellAsync(id, new FailAfterPlanning("keep-me")));

        Assert.Equal(before, await cluster.Store.ReadAsync(id));
        Assert.Empty(await cluster.Store.ListOutboxAsync(grain: id));
        Assert.Empty(await cluster.Store.ReadLogAsync("journal-notes", id));
        Assert.DoesNotContain(await cluster.Store.ReadIndexAsync("journal-flags"), e => e.Grain == id);
        var reminder = Assert.Single(await cluster.Store.ListRemindersAsync(id));
        Assert.Equal(("keep-me", due), (reminder.Name, reminder.DueAt));
    }

    [Fact]
    public async Task Effect_ThatAlwaysFails_BacksOffThenIsDeadLetteredAndVisible()
    {
        await using var cluster = await StartAsync();
        var id = NewJournal();
        recorder.Failing[$"doomed-{id.Key}"] = true;
        await cluster.Client.TellAsync(id, new PlanEffect("doomed", $"doomed-{id.Key}"));

        Assert.Equal(1, await cluster.DrainAsync());
        var afterFirst = Assert.Single(await cluster.Store.ListOutboxAsync(grain: id));
        Assert.Equal((OutboxStatus.Pending, 1), (afterFirst.Status, afterFirst.Attempts));
        Assert.InRange(afterFirst.DueAt - cluster.Time.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.Equal(0, await cluster.AdvanceAsync(TimeSpan.FromSeconds(4)));

        await cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));

        var dead = Assert.Single(await cluster.Store.ListOutboxAsync(OutboxStatus.Dead));
        Assert.Equal((id, 4), (dead.Source, dead.Attempts));
        Assert.Contains("set to fail", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(4, recorder.Calls.Count(c => c.Source == id));
        Assert.Equal([$"dead:{dead.IdempotencyKey}:4"], (await Journal(cluster, id)).Entries);

        recorder.Failing.TryRemove($"doomed-{id.Key}", out _);
        Assert.True(await cluster.Store.RequeueAsync(dead.Id, cluster.Time.GetUtcNow()));
        await cluster.DrainAsync();
        Assert.Equal(OutboxStatus.Done, Assert.Single(await cluster.Store.ListOutboxAsync(grain: id)).Status);
    }

    [Fact]
    public async Task Migrations_RunAgainOnAnExistingDatabase_AreHarmlessAndKeepData()
    {
        await using var cluster = await StartAsync(silos: 1);
        var id = NewJournal();
        await cluster.Client.TellAsync(id, new Append("survives"));

        await cluster.Store.MigrateAsync(cluster.Time.GetUtcNow());
        await cluster.Store.MigrateAsync(cluster.Time.GetUtcNow());
        await cluster.StartSiloAsync();

        Assert.Equal(["survives"], (await cluster.Silos[1].Client.ReadAsync<JournalState>(id)).Entries);
        Assert.Equal([1, 2], await cluster.Store.AppliedMigrationsAsync());
    }

    [Fact]
    public async Task LogAndIndex_WrittenInTurns_AreReadAcrossGrainsNewestFirst()
    {
        await using var cluster = await StartAsync(silos: 1);
        var stream = $"notes-{Guid.NewGuid():N}";
        var index = $"flags-{Guid.NewGuid():N}";
        var first = NewJournal();
        var second = NewJournal();
        await cluster.Client.TellAsync(first, new Note(stream, "one"));
        await cluster.Client.TellAsync(second, new Note(stream, "two"));
        await cluster.Client.TellAsync(first, new Note(stream, "three"));
        await cluster.Client.TellAsync(first, new Flag(index, "needs review"));
        await cluster.Client.TellAsync(second, new Flag(index, "also"));
        await cluster.Client.TellAsync(second, new Flag(index, null));

        var all = await cluster.Store.ReadLogAsync(stream);
        Assert.Equal(["three", "two", "one"], all.Select(e => System.Text.Json.JsonSerializer.Deserialize(e.Entry, JournalJson.Default.RecordPayload)!.Value));
        Assert.Equal(2, (await cluster.Store.ReadLogAsync(stream, first)).Count);
        Assert.Equal(["one"], (await cluster.Store.ReadLogAsync(stream, before: all[1].Id)).Select(e => e.Entry.Contains("one", StringComparison.Ordinal) ? "one" : e.Entry));
        var flagged = Assert.Single(await cluster.Store.ReadIndexAsync(index));
        Assert.Equal((first, "needs review"), (flagged.Grain, flagged.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void GrainId_EmptyKey_IsRefused(string? key) =>
        Assert.ThrowsAny<ArgumentException>(() => new GrainId(JournalGrain.Type, key!));

    [Fact]
    public void GrainId_KeyOver512Characters_IsRefused()
    {
        Assert.Equal(512, new GrainId(JournalGrain.Type, new string('k', 512)).Key.Length);
        var error = Assert.Throws<ArgumentException>(() => new GrainId(JournalGrain.Type, new string('k', 513)));
        Assert.Contains("at most 512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_UnknownGrainType_FailsWithAClearArgumentError()
    {
        await using var cluster = await StartAsync(silos: 1);
        var error = await Assert.ThrowsAsync<UnknownGrainTypeException>(() => cluster.Client.TellAsync(new GrainId("no-such-grain", "k"), new Append("x")));
        Assert.Contains("no-such-grain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turn_OnAnUnreadableStateRow_FailsClearlyAndKeepsTheRow()
    {
        await using var cluster = await StartAsync(silos: 1);
        var id = NewJournal();
        await cluster.Client.TellAsync(id, new Append("before"));
        await CorruptAsync(cluster, id, "{\"entries\": 42");

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(() => cluster.Client.TellAsync(id, new Append("after")));

        Assert.Equal(id, error.GrainId);
        Assert.Equal(new StoredGrain(1, "{\"entries\": 42"), await cluster.Store.ReadAsync(id));
    }

    /// <summary>Writes a row behind the engine's back, as a bad migration or a hand edit would.</summary>
    private static Task CorruptAsync(TestCluster cluster, GrainId id, string state) =>
        cluster.Store.ExecuteRawAsync(
            "UPDATE od_grain SET state = @state WHERE grain_type = @type AND grain_key = @key",
            ("state", state), ("type", id.Type), ("key", id.Key));
}
