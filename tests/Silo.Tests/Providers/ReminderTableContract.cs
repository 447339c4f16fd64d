using Orleans.Runtime;
namespace Orleans.Delivery.Silo.Tests.Providers;

/// <summary>
/// What every reminder table we run on must do: rows keyed by grain and reminder name, a new ETag on every upsert,
/// removal fenced by the ETag, and range reads by the grain's uniform hash that wrap around the ring. A provider's
/// suite inherits this class and supplies the table; every test owns its grain ids and only looks at its own rows,
/// so one table may serve a whole class.
/// </summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    private static readonly DateTime StartAt = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private IReminderTable? table;

    /// <summary>The table under test, as <see cref="CreateTableAsync"/> returned it for this test.</summary>
    protected IReminderTable Table => table ?? throw new InvalidOperationException("The table is created in InitializeAsync.");

    /// <summary>Supplies the table under test, started (built here or resolved from a started silo's services).</summary>
    protected abstract Task<IReminderTable> CreateTableAsync();

    /// <summary>Releases what <see cref="CreateTableAsync"/> made for this test.</summary>
    protected virtual Task DisposeTableAsync() => Task.CompletedTask;

    /// <summary>A grain id no other test uses.</summary>
    protected static GrainId NewGrainId() => GrainId.Create("contract-reminders", $"grain-{Guid.NewGuid():N}");

    /// <summary>A reminder entry for <paramref name="grain"/> with a fixed start time.</summary>
    protected static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(1),
    };

    public async Task InitializeAsync() => table = await CreateTableAsync();

    public Task DisposeAsync() => DisposeTableAsync();

    [Fact]
    public async Task ReadRow_Missing_ReturnsNull()
    {
        Assert.Null(await Table.ReadRow(NewGrainId(), "nothing"));
    }

    [Fact]
    public async Task Upsert_ThenReadRow_ReturnsTheEntryWithTheReturnedETag()
    {
        var grain = NewGrainId();

        var etag = await Table.UpsertRow(Entry(grain, "poll-supplier", TimeSpan.FromMinutes(5)));
        var row = await Table.ReadRow(grain, "poll-supplier");

        Assert.NotNull(etag);
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("poll-supplier", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(etag, row.ETag);
    }

    [Fact]
    public async Task Upsert_TwoNames_ReadRowsByGrainReturnsBothAndNoOtherGrains()
    {
        var (grain, other) = (NewGrainId(), NewGrainId());
        await Table.UpsertRow(Entry(grain, "a"));
        await Table.UpsertRow(Entry(grain, "b"));
        await Table.UpsertRow(Entry(other, "a"));

        var rows = await Table.ReadRows(grain);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
        Assert.All(rows.Reminders, r => Assert.NotNull(r.ETag));
    }

    [Fact]
    public async Task ReadRows_GrainWithoutReminders_IsEmpty()
    {
        Assert.Empty((await Table.ReadRows(NewGrainId())).Reminders);
    }

    [Fact]
    public async Task Upsert_ExistingRow_ReplacesItAndChangesTheETag()
    {
        var grain = NewGrainId();
        var first = await Table.UpsertRow(Entry(grain, "retry", TimeSpan.FromMinutes(1)));

        var second = await Table.UpsertRow(Entry(grain, "retry", TimeSpan.FromMinutes(10)));
        var rows = await Table.ReadRows(grain);

        Assert.NotEqual(first, second);
        var row = Assert.Single(rows.Reminders);
        Assert.Equal(TimeSpan.FromMinutes(10), row.Period);
        Assert.Equal(second, row.ETag);
    }

    [Fact]
    public async Task Remove_CurrentETag_ReturnsTrueAndTheRowIsGone()
    {
        var grain = NewGrainId();
        var etag = await Table.UpsertRow(Entry(grain, "once"));

        Assert.True(await Table.RemoveRow(grain, "once", etag!));

        Assert.Null(await Table.ReadRow(grain, "once"));
    }

    [Fact]
    public async Task Remove_StaleETag_ReturnsFalseAndKeepsTheRow()
    {
        var grain = NewGrainId();
        var stale = await Table.UpsertRow(Entry(grain, "kept"));
        var current = await Table.UpsertRow(Entry(grain, "kept"));

        Assert.False(await Table.RemoveRow(grain, "kept", stale!));

        Assert.Equal(current, (await Table.ReadRow(grain, "kept"))?.ETag);
    }

    [Fact]
    public async Task Remove_MissingRow_ReturnsFalse()
    {
        Assert.False(await Table.RemoveRow(NewGrainId(), "never", "1"));
    }

    [Fact]
    public async Task Remove_OneName_KeepsTheGrainsOtherReminders()
    {
        var grain = NewGrainId();
        var etag = await Table.UpsertRow(Entry(grain, "gone"));
        await Table.UpsertRow(Entry(grain, "stays"));

        Assert.True(await Table.RemoveRow(grain, "gone", etag!));

        Assert.Equal("stays", Assert.Single((await Table.ReadRows(grain)).Reminders).ReminderName);
    }

    [Fact]
    public async Task ReadRowsByRange_BeginBelowEnd_ReturnsHashesAboveBeginUpToAndIncludingEnd()
    {
        var grains = await UpsertGrainsSortedByHashAsync(5);
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();

        var rows = await Table.ReadRows(hashes[1], hashes[3]);

        Assert.Equal([grains[2], grains[3]], Own(rows, grains));
    }

    [Fact]
    public async Task ReadRowsByRange_BeginAboveEnd_WrapsAroundTheRing()
    {
        var grains = await UpsertGrainsSortedByHashAsync(5);
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();

        var rows = await Table.ReadRows(hashes[3], hashes[1]);

        Assert.Equal([grains[0], grains[1], grains[4]], Own(rows, grains));
    }

    [Fact]
    public async Task ReadRowsByRange_BeginEqualsEnd_ReturnsTheWholeRing()
    {
        var grains = await UpsertGrainsSortedByHashAsync(4);
        var hash = grains[2].GetUniformHashCode();

        var rows = await Table.ReadRows(hash, hash);

        Assert.Equal(grains, Own(rows, grains));
    }

    [Fact]
    public async Task ReadRowsByRange_FullUnsignedRange_IncludesTheLowestAndHighestHashes()
    {
        var grains = await UpsertGrainsSortedByHashAsync(4);

        var rows = await Table.ReadRows(0u, uint.MaxValue);

        // (0, max] leaves out only a grain hashing to exactly 0.
        Assert.Equal(grains.Where(g => g.GetUniformHashCode() != 0), Own(rows, grains));
    }

    /// <summary>Upserts one reminder for each of <paramref name="count"/> new grains; returns the grains by ascending uniform hash.</summary>
    private async Task<GrainId[]> UpsertGrainsSortedByHashAsync(int count)
    {
        var grains = Enumerable.Range(0, count).Select(_ => NewGrainId()).ToArray();
        while (grains.Select(g => g.GetUniformHashCode()).Distinct().Count() != count)
        {
            grains = Enumerable.Range(0, count).Select(_ => NewGrainId()).ToArray();
        }

        foreach (var grain in grains)
        {
            await Table.UpsertRow(Entry(grain, "ring"));
        }

        return [.. grains.OrderBy(g => g.GetUniformHashCode())];
    }

    /// <summary>The grains of <paramref name="rows"/> that belong to this test, by ascending uniform hash.</summary>
    private static GrainId[] Own(ReminderTableData rows, GrainId[] ours) =>
        [.. rows.Reminders.Select(r => r.GrainId).Where(ours.Contains).OrderBy(g => g.GetUniformHashCode())];
}
