using System.Data.Common;
using System.Text.Json.Nodes;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Operations;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>
/// What every operations store must do, whatever its database: appends are idempotent per (stream, grain, step) and
/// keep the first entry, pages run newest first and cover each row once, and review changes apply only with a newer
/// version. A store's suite inherits this class and supplies a store on a database of each test's own.
/// </summary>
public abstract class OperationsStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, 125, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private IOperationsStore? store;

    /// <summary>The store under test, on an empty database.</summary>
    protected IOperationsStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Supplies a store on an empty database of this test's own.</summary>
    protected abstract Task<IOperationsStore> CreateStoreAsync();

    /// <summary>Releases what <see cref="CreateStoreAsync"/> made.</summary>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    [Fact]
    public async Task Append_ThenRead_ReturnsTheEntryWithItsIdGrainAndTime()
    {
        var appended = await Store.AppendAsync("deliveries", "order-1", "delivered", T0, """{"orderId": "order-1", "channel": "email"}""");

        var page = await Store.ReadAsync("deliveries", before: null, limit: 10);

        Assert.True(appended.Appended);
        var item = Assert.Single(page.Items);
        Assert.Equal((appended.Id, "order-1", T0), (item.Id, item.GrainKey, item.At));
        AssertJson("""{"orderId": "order-1", "channel": "email"}""", item.Entry);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Append_SameKeyTwice_KeepsOneRowWithTheFirstEntryAndAnswersItsId()
    {
        var first = await Store.AppendAsync("alerts", "order-1", "payment-mismatch", T0, """{"message": "first"}""");

        var again = await Store.AppendAsync("alerts", "order-1", "payment-mismatch", T0.AddMinutes(5), """{"message": "second"}""");

        Assert.Equal(new OperationsAppend(first.Id, Appended: false), again);
        var item = Assert.Single((await Store.ReadAsync("alerts", null, 10)).Items);
        Assert.Equal((first.Id, T0), (item.Id, item.At));
        AssertJson("""{"message": "first"}""", item.Entry);
    }

    [Fact]
    public async Task Append_SameKeyFrom16TasksAtOnce_WritesExactlyOneRowAndEveryCallerGetsItsId()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appends = Enumerable.Range(0, 16)
            .Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await Store.AppendAsync("downloads", "customer-1", "link-7", T0, $$"""{"attempt": {{i}}}""");
            }))
            .ToArray();
        start.SetResult();

        var results = await Task.WhenAll(appends).WaitAsync(Bound);

        Assert.Single(results, r => r.Appended);
        var item = Assert.Single((await Store.ReadAsync("downloads", null, 100)).Items);
        Assert.All(results, r => Assert.Equal(item.Id, r.Id));
    }

    [Fact]
    public async Task Append_SameStepOfAnotherGrainOrStream_IsAnotherRow()
    {
        var a = await Store.AppendAsync("alerts", "order-1", "supplier-failed", T0, """{"n": 1}""");
        var otherGrain = await Store.AppendAsync("alerts", "order-2", "supplier-failed", T0, """{"n": 2}""");
        var otherStream = await Store.AppendAsync("deliveries", "order-1", "supplier-failed", T0, """{"n": 3}""");

        Assert.True(a.Appended && otherGrain.Appended && otherStream.Appended);
        Assert.Equal(3, new[] { a.Id, otherGrain.Id, otherStream.Id }.Distinct().Count());
        Assert.Equal([otherGrain.Id, a.Id], (await Store.ReadAsync("alerts", null, 10)).Items.Select(i => i.Id));
        Assert.Equal([otherStream.Id], (await Store.ReadAsync("deliveries", null, 10)).Items.Select(i => i.Id));
        Assert.Empty((await Store.ReadAsync("downloads", null, 10)).Items);
    }

    [Fact]
    public async Task SupplierCallStats_WindowOfCalls_CountsFailuresAveragesAndTakesNearestRankP95()
    {
        // 20 calls of 10, 20 … 200 ms, the last two failed; one older call and one of another stream stay out.
        for (var i = 1; i <= 20; i++)
        {
            var outcome = i switch { 19 => "unreachable", 20 => "failed", _ => "completed" };
            await Store.AppendAsync("supplier-calls", $"order-{i}", "call", T0.AddSeconds(i), Call(outcome, i * 10));
        }

        await Store.AppendAsync("supplier-calls", "order-old", "call", T0.AddMinutes(-10), Call("unreachable", 90_000));
        await Store.AppendAsync("other-calls", "order-1", "call", T0, Call("failed", 90_000));

        var stats = await Store.SupplierCallStatsAsync("supplier-calls", T0);
        var none = await Store.SupplierCallStatsAsync("supplier-calls", T0.AddHours(1));

        // Nearest rank: ceil(0.95 × 20) = 19th of 20, 190 ms.
        Assert.Equal(new SupplierCallStats(20, 2, 105, 190), stats);
        Assert.Equal(new SupplierCallStats(0, 0, null, null), none);
    }

    [Fact]
    public async Task SupplierCallStats_OneCall_IsItsOwnAverageAndP95()
    {
        await Store.AppendAsync("supplier-calls", "order-1", "call", T0, Call("completed", 1234.5));

        Assert.Equal(new SupplierCallStats(1, 0, 1234.5, 1234.5), await Store.SupplierCallStatsAsync("supplier-calls", T0));
    }

    [Fact]
    public async Task CountByOutcome_AndCountSince_CountTheWindowOnly()
    {
        await Store.AppendAsync("order-outcomes", "order-1", "outcome", T0, """{"outcome": "delivered", "at": "2026-03-01T09:30:00Z"}""");
        await Store.AppendAsync("order-outcomes", "order-2", "outcome", T0.AddMinutes(1), """{"outcome": "delivered"}""");
        await Store.AppendAsync("order-outcomes", "order-3", "outcome", T0.AddMinutes(2), """{"outcome": "failed", "reason": "out of stock"}""");
        await Store.AppendAsync("order-outcomes", "order-4", "outcome", T0.AddMinutes(-1), """{"outcome": "failed"}""");

        var counts = await Store.CountByOutcomeAsync("order-outcomes", T0);

        Assert.Equal(new Dictionary<string, int> { ["delivered"] = 2, ["failed"] = 1 }, counts);
        Assert.Equal(3, await Store.CountSinceAsync("order-outcomes", T0));
        Assert.Equal(0, await Store.CountSinceAsync("order-outcomes", T0.AddMinutes(3)));
        Assert.Empty(await Store.CountByOutcomeAsync("webhook-failures", T0));
    }

    [Fact]
    public async Task SupplierPurchases_PlacementsAndLookupsTheSupplierTook_SummedPerCurrency()
    {
        await Store.AppendAsync("supplier-calls", "order-1", "a", T0, Call("completed", 10, "order", 2000, "USD"));
        await Store.AppendAsync("supplier-calls", "order-2", "a", T0, Call("pending", 10, "order", 500, "USD"));
        await Store.AppendAsync("supplier-calls", "order-3", "a", T0, Call("completed", 10, "lookup", 700, "EUR"));
        await Store.AppendAsync("supplier-calls", "order-4", "a", T0, Call("failed", 10, "order", 9000, "USD"));
        await Store.AppendAsync("supplier-calls", "order-5", "a", T0, Call("unreachable", 10, "order", 9000, "USD"));
        await Store.AppendAsync("supplier-calls", "order-6", "a", T0, Call("completed", 10, "poll"));
        await Store.AppendAsync("supplier-calls", "order-7", "a", T0, Call("completed", 10, "order"));
        await Store.AppendAsync("supplier-calls", "order-8", "a", T0.AddDays(-8), Call("completed", 10, "order", 9000, "USD"));

        var totals = await Store.SupplierPurchasesAsync("supplier-calls", T0.AddDays(-7));

        Assert.Equal([new MoneyTotal("EUR", 700), new MoneyTotal("USD", 2500)], totals);
    }

    [Fact]
    public async Task LatestPerGrain_NewestEntryOfEachGrainInTheWindow()
    {
        await Store.AppendAsync("supplier-circuit", "silo-b", "1", T0, """{"state": "open"}""");
        var bLast = await Store.AppendAsync("supplier-circuit", "silo-b", "2", T0.AddSeconds(30), """{"state": "half-open"}""");
        var a = await Store.AppendAsync("supplier-circuit", "silo-a", "1", T0.AddSeconds(5), """{"state": "closed"}""");
        await Store.AppendAsync("supplier-circuit", "silo-c", "1", T0.AddDays(-2), """{"state": "open"}""");

        var latest = await Store.LatestPerGrainAsync("supplier-circuit", T0.AddDays(-1));

        Assert.Equal([(a.Id, "silo-a", T0.AddSeconds(5)), (bLast.Id, "silo-b", T0.AddSeconds(30))], latest.Select(e => (e.Id, e.GrainKey, e.At)));
        AssertJson("""{"state": "half-open"}""", latest[1].Entry);
    }

    [Fact]
    public async Task Append_EntryThatIsNotJson_IsRefusedAndNothingIsWritten()
    {
        await Assert.ThrowsAnyAsync<DbException>(() => Store.AppendAsync("alerts", "order-1", "step", T0, "not json"));

        Assert.Empty((await Store.ReadAsync("alerts", null, 10)).Items);
    }

    [Fact]
    public async Task Read_PagingWithBefore_NewestFirstCoversEveryRowExactlyOnce()
    {
        var ids = new List<long>();
        for (var i = 0; i < 23; i++)
        {
            ids.Add((await Store.AppendAsync("deliveries", $"order-{i % 4}", $"step-{i}", T0.AddSeconds(i), $$"""{"i": {{i}}}""")).Id);
        }

        var read = new List<OperationsEntry>();
        var pages = 0;
        long? before = null;
        do
        {
            var page = await Store.ReadAsync("deliveries", before, limit: 5);
            read.AddRange(page.Items);
            before = page.Next;
            pages++;
        }
        while (before is not null && pages < 10);

        Assert.Equal(5, pages);
        Assert.Equal(ids.AsEnumerable().Reverse(), read.Select(r => r.Id));
        Assert.Equal(Enumerable.Range(0, 23).Reverse().Select(i => T0.AddSeconds(i)), read.Select(r => r.At));
    }

    [Fact]
    public async Task Read_ExactlyOnePageOfRows_HasNoNextPage()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.AppendAsync("alerts", "order-1", $"step-{i}", T0, "{}");
        }

        var page = await Store.ReadAsync("alerts", null, limit: 5);

        Assert.Equal(5, page.Items.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Read_FilteredByGrainKey_PagesThatGrainsRowsOnly()
    {
        var mine = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            var appended = await Store.AppendAsync("downloads", i % 3 == 0 ? "customer-a" : "customer-b", $"link-{i}", T0, "{}");
            if (i % 3 == 0)
            {
                mine.Add(appended.Id);
            }
        }

        var first = await Store.ReadAsync("downloads", null, limit: 2, grainKey: "customer-a");
        var second = await Store.ReadAsync("downloads", first.Next, limit: 2, grainKey: "customer-a");

        Assert.Equal([mine[2], mine[1]], first.Items.Select(i => i.Id));
        Assert.Equal([mine[0]], second.Items.Select(i => i.Id));
        Assert.Null(second.Next);
        Assert.All(first.Items.Concat(second.Items), i => Assert.Equal("customer-a", i.GrainKey));
        Assert.Empty((await Store.ReadAsync("downloads", null, 10, grainKey: "customer-c")).Items);
    }

    [Fact]
    public async Task Read_LimitBelowOne_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ReadAsync("alerts", null, limit: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ReadReviewAsync(limit: 0));
    }

    [Fact]
    public async Task Review_SetReplaceRemove_EachNewerVersionApplies()
    {
        Assert.True(await Store.SetReviewAsync("order-1", "supplier still pending", T0, version: 3));
        Assert.Equal([new ReviewEntry("order-1", "supplier still pending", T0, 3)], await Store.ReadReviewAsync(10));

        // A new reason keeps the order's place in the queue.
        Assert.True(await Store.SetReviewAsync("order-1", "payment mismatch", T0.AddMinutes(1), version: 4));
        Assert.Equal([new ReviewEntry("order-1", "payment mismatch", T0, 4)], await Store.ReadReviewAsync(10));

        Assert.True(await Store.SetReviewAsync("order-1", null, T0.AddMinutes(2), version: 5));
        Assert.Empty(await Store.ReadReviewAsync(10));

        // Back in review later: it queues from then.
        Assert.True(await Store.SetReviewAsync("order-1", "refund failed", T0.AddMinutes(3), version: 6));
        Assert.Equal([new ReviewEntry("order-1", "refund failed", T0.AddMinutes(3), 6)], await Store.ReadReviewAsync(10));
    }

    [Fact]
    public async Task Review_StaleOrRepeatedSet_IsIgnored()
    {
        await Store.SetReviewAsync("order-1", "current", T0, version: 5);

        Assert.False(await Store.SetReviewAsync("order-1", "late retry", T0.AddMinutes(1), version: 4));
        Assert.False(await Store.SetReviewAsync("order-1", "same version", T0.AddMinutes(1), version: 5));

        Assert.Equal([new ReviewEntry("order-1", "current", T0, 5)], await Store.ReadReviewAsync(10));
    }

    [Fact]
    public async Task Review_StaleRemove_IsIgnored()
    {
        await Store.SetReviewAsync("order-1", "current", T0, version: 5);

        Assert.False(await Store.SetReviewAsync("order-1", null, T0.AddMinutes(1), version: 4));

        Assert.Equal([new ReviewEntry("order-1", "current", T0, 5)], await Store.ReadReviewAsync(10));
    }

    [Fact]
    public async Task Review_LateSetAfterANewerRemove_DoesNotResurrectTheOrder()
    {
        await Store.SetReviewAsync("order-1", "pending", T0, version: 1);
        await Store.SetReviewAsync("order-1", null, T0.AddMinutes(1), version: 2);

        Assert.False(await Store.SetReviewAsync("order-1", "pending", T0, version: 1));

        Assert.Empty(await Store.ReadReviewAsync(10));
    }

    [Fact]
    public async Task Review_RemoveOfAnOrderNeverInReview_FencesOlderSets()
    {
        Assert.True(await Store.SetReviewAsync("order-1", null, T0, version: 7));

        Assert.False(await Store.SetReviewAsync("order-1", "late", T0, version: 6));

        Assert.Empty(await Store.ReadReviewAsync(10));
    }

    [Fact]
    public async Task Review_Read_LongestWaitingFirstUpToTheLimit()
    {
        await Store.SetReviewAsync("order-b", "b", T0.AddMinutes(2), version: 1);
        await Store.SetReviewAsync("order-a", "a", T0, version: 1);
        await Store.SetReviewAsync("order-c", "c", T0.AddMinutes(1), version: 1);
        await Store.SetReviewAsync("order-d", null, T0.AddMinutes(-1), version: 1);

        Assert.Equal(["order-a", "order-c", "order-b"], (await Store.ReadReviewAsync(10)).Select(r => r.OrderId));
        Assert.Equal(["order-a", "order-c"], (await Store.ReadReviewAsync(2)).Select(r => r.OrderId));
    }

    [Fact]
    public async Task Deliveries_Search_MatchesOrderEmailProductAndDates()
    {
        await Store.AppendAsync("deliveries", "order-a", "1", T0, """{"orderId":"order-a","customerEmail":"ada@example.com","products":["ebook"]}""");
        await Store.AppendAsync("deliveries", "order-b", "1", T0.AddHours(1), """{"orderId":"order-b","customerEmail":"bob@example.com","products":["course","ebook"]}""");
        await Store.AppendAsync("deliveries", "order-c", "1", T0.AddHours(2), """{"orderId":"order-c","customerId":"written-before-emails-were-logged"}""");
        await Store.AppendAsync("alerts", "order-a", "1", T0, """{"orderId":"order-a","customerEmail":"ada@example.com","products":["ebook"]}""");

        async Task<IEnumerable<string>> Keys(DeliveryFilter filter) => (await Store.SearchDeliveriesAsync(filter)).Items.Select(e => e.GrainKey);

        Assert.Equal(["order-c", "order-b", "order-a"], await Keys(new DeliveryFilter()));
        Assert.Equal(["order-b"], await Keys(new DeliveryFilter(OrderId: "order-b")));
        Assert.Equal(["order-a"], await Keys(new DeliveryFilter(Email: "ADA@example.com")));
        Assert.Equal(["order-b", "order-a"], await Keys(new DeliveryFilter(Product: "ebook")));
        Assert.Equal(["order-b"], await Keys(new DeliveryFilter(From: T0.AddMinutes(1), To: T0.AddHours(2))));
        var first = await Store.SearchDeliveriesAsync(new DeliveryFilter(Limit: 2));
        Assert.Equal(["order-a"], (await Store.SearchDeliveriesAsync(new DeliveryFilter(Before: first.Next, Limit: 2))).Items.Select(e => e.GrainKey));
    }

    [Fact]
    public async Task ReadSince_OnlyEntriesAtOrAfterTheTime()
    {
        await Store.AppendAsync("supplier-calls", "order-a", "1", T0, """{"latencyMs": 10}""");
        await Store.AppendAsync("supplier-calls", "order-b", "1", T0.AddMinutes(5), """{"latencyMs": 20}""");
        await Store.AppendAsync("order-outcomes", "order-b", "1", T0.AddMinutes(5), """{"outcome": "delivered"}""");

        var since = await Store.ReadSinceAsync("supplier-calls", T0.AddMinutes(5), 100);

        Assert.Equal(["order-b"], since.Select(e => e.GrainKey));
    }

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}, read {actual}.");

    private static string Call(string outcome, double latencyMs, string operation = "order", long? amountMinor = null, string? currency = null) =>
        System.Text.Json.JsonSerializer.Serialize(
            new SupplierCallRecord(operation, outcome, latencyMs, T0, amountMinor, currency), Orleans.Delivery.Grains.Operations.OperationsJson.Default.SupplierCallRecord);
}
