using System.Text.Json;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Hosting;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Tests.Hosting;

/// <summary>
/// How a grain's record is stored. The files under Stored/ are states exactly as the engine wrote them, before
/// records and shapes existed; they are never regenerated, so a change that stops them from reading fails here.
/// </summary>
public sealed class GrainStateSerializerTests
{
    private readonly GrainStateSerializer serializer = new();

    [Fact]
    public void Deserialize_OrderAsTheEngineStoredIt_ReadsTheSameStateWithItsWakes()
    {
        var stored = Stored("order-delivered.engine.json");

        var record = serializer.Deserialize<GrainRecord<OrderState>>(stored);

        // Delivery log entries stored before they named their lines and email step read without them.
        var expected = StateSamples.DeliveredOrder();
        Assert.Equal(expected with { DeliveryLog = expected.DeliveryLog.Select(e => e with { LineNos = default, Step = null }).ToEquatableArray() }, record.State);
        Assert.Equal(OrderStatus.Delivered, record.State!.Status);
        Assert.Equal(record.State.Wakes.Select(w => (w.Name, w.DueAt)), record.Wakes.Select(w => (w.Name, w.DueAt)));
        Assert.Empty(record.Effects);
        Assert.Equal(0, record.Version);
    }

    [Fact]
    public void Deserialize_CustomerAsTheEngineStoredIt_ReadsTheSameState()
    {
        var record = serializer.Deserialize<GrainRecord<CustomerState>>(Stored("customer-one-download.engine.json"));

        Assert.Equal(StateSamples.CustomerAfterOneDownload(), record.State);
        Assert.Equal(1, Assert.Single(record.State!.Entitlements).Used);
    }

    [Fact]
    public void Deserialize_ShapeOne_ReadsTheStateInsideTheEnvelope()
    {
        var shapeOne = BinaryData.FromString($$"""{"$shape":1,"state":{{Stored("customer-one-download.engine.json")}}}""");

        var record = serializer.Deserialize<GrainRecord<CustomerState>>(shapeOne);

        Assert.Equal(StateSamples.CustomerAfterOneDownload(), record.State);
    }

    [Fact]
    public void Serialize_NamesTheShapeFirst()
    {
        var data = serializer.Serialize(Record(StateSamples.DeliveredOrder()));

        using var document = JsonDocument.Parse(data.ToString());
        Assert.Equal("$shape", document.RootElement.EnumerateObject().First().Name);
        Assert.Equal(GrainStateSerializer.CurrentShape, document.RootElement.GetProperty("$shape").GetInt32());
        Assert.Equal("delivered", document.RootElement.GetProperty("state").GetProperty("status").GetString());
    }

    [Fact]
    public void Serialize_ThenDeserialize_GivesTheSameRecord()
    {
        var record = Record(StateSamples.DeliveredOrder()) with
        {
            Effects =
            [
                new PendingEffect("email-1", "delivery-email", """{"a":1}""", DateTimeOffset.UnixEpoch, 2, Fenced: true, "smtp 451"),
                new PendingEffect(
                    "supplier-1", "supplier-order", "{}", DateTimeOffset.UnixEpoch, 0, Fenced: true,
                    PlannedAt: DateTimeOffset.UnixEpoch.AddSeconds(-5), TraceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            ],
            Wakes = [new GrainWake("delivery-deadline", DateTimeOffset.UnixEpoch.AddMinutes(10))],
            Done = [new FinishedEffect("refund-1", "refund", GaveUp: true, 8, DateTimeOffset.UnixEpoch, "declined")],
            Version = 7,
        };

        var back = serializer.Deserialize<GrainRecord<OrderState>>(serializer.Serialize(record));

        Assert.Equal(record, back);
    }

    [Fact]
    public void Deserialize_PendingEffectStoredBeforeItsPlanAndTraceWereKept_ReadsWithNeither()
    {
        // A shape-2 record as silos wrote it before effects kept their planned time and the planning call's trace.
        var stored = BinaryData.FromString($$"""
            {"$shape":2,"state":{{Stored("customer-one-download.engine.json")}},
             "effects":[{"step":"email-1","kind":"delivery-email","payload":"{}","dueAt":"2030-01-01T00:00:00+00:00","attempts":1,"fenced":true,"lastError":"smtp 451"}],
             "wakes":[],"done":[],"version":3}
            """);

        var record = serializer.Deserialize<GrainRecord<CustomerState>>(stored);

        var effect = Assert.Single(record.Effects);
        Assert.Equal(
            new PendingEffect("email-1", "delivery-email", "{}", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), 1, Fenced: true, "smtp 451"),
            effect);
        Assert.Null(effect.PlannedAt);
        Assert.Null(effect.TraceParent);
        Assert.Equal(3, record.Version);
    }

    [Fact]
    public void Serialize_PendingEffectWithItsTrace_WritesTheTraceParent()
    {
        const string trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var record = Record(StateSamples.CustomerAfterOneDownload()) with
        {
            Effects = [new PendingEffect("email-1", "delivery-email", "{}", DateTimeOffset.UnixEpoch, 0, Fenced: true, PlannedAt: DateTimeOffset.UnixEpoch, TraceParent: trace)],
        };

        using var document = JsonDocument.Parse(serializer.Serialize(record).ToString());

        var effect = Assert.Single(document.RootElement.GetProperty("effects").EnumerateArray());
        Assert.Equal(trace, effect.GetProperty("traceParent").GetString());
        Assert.Equal(DateTimeOffset.UnixEpoch, effect.GetProperty("plannedAt").GetDateTimeOffset());
    }

    [Fact]
    public void Serialize_KeepsTheStateAsItsContractWritesIt()
    {
        // The record adds its own fields and nothing else: the state inside is byte for byte what the state's specs pin down.
        var order = StateSamples.DeliveredOrder();

        var data = serializer.Serialize(Record(order));

        using var document = JsonDocument.Parse(data.ToString());
        Assert.Equal(JsonSerializer.Serialize(order, OrdersJsonContext.Default.OrderState), document.RootElement.GetProperty("state").GetRawText());
    }

    [Fact]
    public void Serialize_LongRecordThenShortOne_EachIsItsRecordAlone()
    {
        // One thread writes many records in turn, through one buffer: nothing of a longer one may trail into the next.
        var longer = Record(StateSamples.DeliveredOrder()) with
        {
            Effects = [.. Enumerable.Range(0, 200).Select(i => new PendingEffect($"email-{i}", "delivery-email", "{}", DateTimeOffset.UnixEpoch, 0, Fenced: true))],
        };
        var shorter = Record(StateSamples.CustomerAfterOneDownload());

        var first = serializer.Serialize(longer).ToArray();
        var second = serializer.Serialize(shorter).ToArray();
        var third = serializer.Serialize(longer).ToArray();

        Assert.Equal(Expected(longer, OrdersJsonContext.Default.GrainRecordOrderState), first);
        Assert.Equal(Expected(shorter, CustomersJsonContext.Default.GrainRecordCustomerState), second);
        Assert.Equal(first, third);
    }

    [Fact]
    public void Deserialize_ShapeNewerThanThisBuild_IsRefused()
    {
        var newer = BinaryData.FromString($$"""{"$shape":{{GrainStateSerializer.CurrentShape + 1}},"state":{{Stored("customer-one-download.engine.json")}}}""");

        var error = Assert.Throws<NotSupportedException>(() => serializer.Deserialize<GrainRecord<CustomerState>>(newer));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_EnvelopeWithoutState_IsRefused() =>
        Assert.Throws<JsonException>(() => serializer.Deserialize<GrainRecord<CustomerState>>(BinaryData.FromString("""{"$shape":1}""")));

    [Fact]
    public void Serialize_TypeThatIsNoGrainState_IsRefused() =>
        Assert.Throws<NotSupportedException>(() => serializer.Serialize(new Uri("https://example.com")));

    [Fact]
    public void Deserialize_BareStateType_IsRefused() =>
        Assert.Throws<NotSupportedException>(() => serializer.Deserialize<Uri>(Stored("customer-one-download.engine.json")));

    /// <summary>The record as its contract writes it, with the shape named before its own fields.</summary>
    private static byte[] Expected<T>(T record, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract) =>
        [.. System.Text.Encoding.UTF8.GetBytes($"{{\"$shape\":{GrainStateSerializer.CurrentShape},"), .. JsonSerializer.SerializeToUtf8Bytes(record, contract).AsSpan(1)];

    private static GrainRecord<T> Record<T>(T state)
        where T : class => new() { State = state };

    private static BinaryData Stored(string name) =>
        BinaryData.FromString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hosting", "Stored", name)));
}
