using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Operations.Orders;

namespace Orleans.Delivery.Silo.Tests.Operations.Orders;

/// <summary>
/// What every orders listing store must do: a row is replaced only by a newer version, filters combine, an email
/// matches in part and ignoring case, a product matches a whole SKU, and pages run newest first covering each order once.
/// </summary>
public abstract class OrderListStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, 125, TimeSpan.Zero);
    private IOrderListStore? store;

    protected IOrderListStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected abstract Task<IOrderListStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    [Fact]
    public async Task Upsert_ThenRead_ReturnsTheRowAsWritten()
    {
        await Upsert(Row("order-1", "delivered", version: 4, paid: T0.AddSeconds(5), delivered: T0.AddSeconds(7)));

        var page = await Store.ReadAsync(new OrderQuery());

        var item = Assert.Single(page.Items);
        Assert.Equal(
            new OrderListItem("order-1", "delivered", "Ada@Example.com", T0, T0.AddSeconds(5), T0.AddSeconds(7), ["ebook", "gift_25"], 1999, "USD", false),
            item with { Skus = item.Skus.ToList() },
            new ItemComparer());
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Upsert_OlderVersionAfterNewer_ChangesNothing()
    {
        Assert.True(await Upsert(Row("order-1", "delivered", version: 5)));

        Assert.False(await Upsert(Row("order-1", "paid", version: 3)));
        Assert.False(await Upsert(Row("order-1", "paid", version: 5)));

        Assert.Equal("delivered", Assert.Single((await Store.ReadAsync(new OrderQuery())).Items).Status);
    }

    [Fact]
    public async Task Read_Filters_MatchStatusDatesEmailProductAndTest()
    {
        await Upsert(Row("a", "delivered", created: T0, email: "ada@example.com", skus: ["ebook"]));
        await Upsert(Row("b", "manual_review", created: T0.AddDays(1), email: "bob@example.com", skus: ["gift_25"]));
        await Upsert(Row("c", "delivered", created: T0.AddDays(2), email: "ADA.other@example.com", skus: ["giftX25"], test: true));

        async Task<string[]> Ids(OrderQuery query) => (await Store.ReadAsync(query)).Items.Select(i => i.OrderId).ToArray();

        Assert.Equal(["c", "a"], await Ids(new OrderQuery(Status: "delivered")));
        Assert.Equal(["b"], await Ids(new OrderQuery(From: T0.AddHours(1), To: T0.AddDays(2))));
        Assert.Equal(["c", "a"], await Ids(new OrderQuery(Email: "Ada")));
        Assert.Equal(["b"], await Ids(new OrderQuery(Product: "gift_25")));
        Assert.Equal(["c"], await Ids(new OrderQuery(Test: true)));
        Assert.Equal(["b", "a"], await Ids(new OrderQuery(Test: false)));
        Assert.Empty(await Ids(new OrderQuery(Status: "delivered", Email: "bob")));
    }

    [Fact]
    public async Task Read_Pages_NewestFirstEachOrderOnce_EvenWithEqualCreationTimes()
    {
        for (var i = 0; i < 7; i++)
        {
            await Upsert(Row($"order-{i}", "paid", created: T0.AddMinutes(i / 2)));
        }

        var seen = new List<string>();
        string? before = null;
        do
        {
            var page = await Store.ReadAsync(new OrderQuery(Before: before, Limit: 3));
            Assert.True(page.Items.Count is > 0 and <= 3);
            seen.AddRange(page.Items.Select(i => i.OrderId));
            before = page.Next;
        }
        while (before is not null);

        Assert.Equal(["order-6", "order-5", "order-4", "order-3", "order-2", "order-1", "order-0"], seen);
    }

    [Fact]
    public async Task Listing_UpsertThenList_ReadsTheRowBackWhole()
    {
        var row = Order("order-1", "pending_payment", T0) with { Skus = ["ebook", "gift-25"], TotalMinor = 4499, Currency = "USD" };

        Assert.True(await Store.UpsertAsync(row, version: 1));

        var listed = Assert.Single((await Store.ReadAsync(new OrderQuery())).Items);
        Assert.Equal(row with { Skus = listed.Skus }, listed);
        Assert.Equal(["ebook", "gift-25"], listed.Skus);
    }

    [Fact]
    public async Task Listing_OlderVersion_NeverOverwritesANewerRow()
    {
        var paid = Order("order-1", "paid", T0) with { PaidAt = T0.AddMinutes(1) };
        await Store.UpsertAsync(paid, version: 5);

        Assert.False(await Store.UpsertAsync(Order("order-1", "pending_payment", T0), version: 4));
        Assert.True(await Store.UpsertAsync(paid with { Status = "delivered", DeliveredAt = T0.AddMinutes(2) }, version: 6));

        var listed = Assert.Single((await Store.ReadAsync(new OrderQuery())).Items);
        Assert.Equal(("delivered", T0.AddMinutes(1), T0.AddMinutes(2)), (listed.Status, listed.PaidAt, listed.DeliveredAt));
    }

    [Fact]
    public async Task Listing_Filters_MatchStatusDatesEmailProductAndTest()
    {
        await Store.UpsertAsync(Order("order-a", "pending_payment", T0) with { CustomerEmail = "ada@example.com", Skus = ["ebook"] }, 1);
        await Store.UpsertAsync(Order("order-b", "delivered", T0.AddHours(1)) with { CustomerEmail = "bob@example.com", Skus = ["course", "ebook"] }, 1);
        await Store.UpsertAsync(Order("order-c", "delivered", T0.AddHours(2)) with { CustomerEmail = "ada@example.com", Skus = ["course"], Test = true }, 1);

        async Task<IEnumerable<string>> Ids(OrderQuery filter) => (await Store.ReadAsync(filter)).Items.Select(o => o.OrderId);

        Assert.Equal(["order-c", "order-b", "order-a"], await Ids(new OrderQuery()));
        Assert.Equal(["order-c", "order-b"], await Ids(new OrderQuery(Status: "delivered")));
        Assert.Equal(["order-b"], await Ids(new OrderQuery(From: T0.AddMinutes(30), To: T0.AddHours(2))));
        Assert.Equal(["order-c", "order-a"], await Ids(new OrderQuery(Email: "ADA@example.com")));
        Assert.Equal(["order-b", "order-a"], await Ids(new OrderQuery(Product: "ebook")));
        Assert.Equal(["order-c"], await Ids(new OrderQuery(Test: true)));
        Assert.Equal(["order-b", "order-a"], await Ids(new OrderQuery(Test: false)));
        Assert.Empty(await Ids(new OrderQuery(Status: "delivered", Product: "ebook", Test: true)));
    }

    [Fact]
    public async Task Listing_Pages_CoverEveryRowOnceNewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.UpsertAsync(Order($"order-{i}", "paid", T0.AddMinutes(i)), 1);
        }

        var first = await Store.ReadAsync(new OrderQuery(Limit: 2));
        var second = await Store.ReadAsync(new OrderQuery(Before: first.Next, Limit: 2));
        var last = await Store.ReadAsync(new OrderQuery(Before: second.Next, Limit: 2));

        Assert.Equal(["order-4", "order-3", "order-2", "order-1", "order-0"], first.Items.Concat(second.Items).Concat(last.Items).Select(o => o.OrderId));
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task PaidUndelivered_CountsLiveOrdersPaidBeforeAndNotDeliveredOrClosed()
    {
        await Store.UpsertAsync(Order("paid-old", "fulfilling", T0) with { PaidAt = T0 }, 1);
        await Store.UpsertAsync(Order("paid-older-review", "manual_review", T0) with { PaidAt = T0.AddMinutes(-5) }, 1);
        await Store.UpsertAsync(Order("paid-recent", "fulfilling", T0) with { PaidAt = T0.AddMinutes(9) }, 1);
        await Store.UpsertAsync(Order("delivered", "delivered", T0) with { PaidAt = T0, DeliveredAt = T0.AddMinutes(1) }, 1);
        await Store.UpsertAsync(Order("refunded", "refunded", T0) with { PaidAt = T0 }, 1);
        await Store.UpsertAsync(Order("test", "fulfilling", T0) with { PaidAt = T0, Test = true }, 1);
        await Store.UpsertAsync(Order("unpaid", "pending_payment", T0), 1);

        var (count, oldest) = await Store.PaidUndeliveredAsync(T0.AddMinutes(5));

        Assert.Equal((2, (DateTimeOffset?)T0.AddMinutes(-5)), (count, oldest));
        Assert.Equal((0, (DateTimeOffset?)null), await Store.PaidUndeliveredAsync(T0.AddMinutes(-10)));
    }

    [Fact]
    public async Task Throughput_LiveOrdersPaidAndDeliveredInTheRange_CountedPerWholeMinute()
    {
        var minute = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
        await Store.UpsertAsync(Order("a", "delivered", minute) with { PaidAt = minute.AddSeconds(5), DeliveredAt = minute.AddSeconds(50) }, 1);
        await Store.UpsertAsync(Order("b", "delivered", minute) with { PaidAt = minute.AddSeconds(59.9), DeliveredAt = minute.AddMinutes(2).AddSeconds(1) }, 1);
        await Store.UpsertAsync(Order("c", "fulfilling", minute) with { PaidAt = minute.AddMinutes(2) }, 1);
        await Store.UpsertAsync(Order("test", "delivered", minute) with { PaidAt = minute.AddSeconds(1), DeliveredAt = minute.AddSeconds(2), Test = true }, 1);
        await Store.UpsertAsync(Order("before", "delivered", minute) with { PaidAt = minute.AddMinutes(-1), DeliveredAt = minute.AddMinutes(-1) }, 1);
        await Store.UpsertAsync(Order("after", "fulfilling", minute) with { PaidAt = minute.AddMinutes(3) }, 1);
        await Store.UpsertAsync(Order("unpaid", "pending_payment", minute), 1);

        var minutes = await Store.ThroughputAsync(minute, minute.AddMinutes(3));

        Assert.Equal(
            [new MinuteThroughput(minute, 2, 1), new MinuteThroughput(minute.AddMinutes(2), 1, 1)],
            minutes.Select(m => m with { Minute = m.Minute.ToUniversalTime() }));
        Assert.Empty(await Store.ThroughputAsync(minute.AddHours(1), minute.AddHours(2)));
    }

    private static OrderListItem Order(string id, string status, DateTimeOffset createdAt) =>
        new(id, status, "buyer@example.com", createdAt, null, null, ["ebook"], 1999, "USD", Test: false);

    private Task<bool> Upsert((OrderListItem Row, long Version) row) => Store.UpsertAsync(row.Row, row.Version);

    private static (OrderListItem Row, long Version) Row(
        string orderId, string status, long version = 1, DateTimeOffset? created = null, DateTimeOffset? paid = null, DateTimeOffset? delivered = null,
        string email = "Ada@Example.com", string[]? skus = null, bool test = false) =>
        (new OrderListItem(orderId, status, email, created ?? T0, paid, delivered, skus ?? ["ebook", "gift_25"], 1999, "USD", test), version);

    private sealed class ItemComparer : IEqualityComparer<OrderListItem>
    {
        public bool Equals(OrderListItem? x, OrderListItem? y) =>
            x is not null && y is not null && x with { Skus = [] } == y with { Skus = [] } && x.Skus.SequenceEqual(y.Skus);

        public int GetHashCode(OrderListItem obj) => obj.OrderId.GetHashCode(StringComparison.Ordinal);
    }
}
