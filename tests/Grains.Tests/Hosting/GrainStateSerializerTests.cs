using System.Text.Json;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Hosting;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Tests.Hosting;

/// <summary>
/// How grain state is stored. The files under Stored/ are states exactly as the engine wrote them before the envelope
/// existed; they are never regenerated, so a change that stops them from reading fails here.
/// </summary>
public sealed class GrainStateSerializerTests
{
    private readonly GrainStateSerializer serializer = new();

    [Fact]
    public void Deserialize_OrderAsTheEngineStoredIt_ReadsTheSameState()
    {
        var stored = Stored("order-delivered.engine.json");

        var state = serializer.Deserialize<OrderState>(stored);

        Assert.Equal(StateSamples.DeliveredOrder(), state);
        Assert.Equal(OrderStatus.Delivered, state.Status);
    }

    [Fact]
    public void Deserialize_CustomerAsTheEngineStoredIt_ReadsTheSameState()
    {
        var state = serializer.Deserialize<CustomerState>(Stored("customer-one-download.engine.json"));

        Assert.Equal(StateSamples.CustomerAfterOneDownload(), state);
        Assert.Equal(1, Assert.Single(state.Entitlements).Used);
    }

    [Fact]
    public void Serialize_WrapsTheStateInAnEnvelopeNamingItsShape()
    {
        var data = serializer.Serialize(StateSamples.DeliveredOrder());

        using var document = JsonDocument.Parse(data.ToString());
        Assert.Equal(GrainStateSerializer.CurrentShape, document.RootElement.GetProperty("$shape").GetInt32());
        Assert.Equal("delivered", document.RootElement.GetProperty("state").GetProperty("status").GetString());
    }

    [Fact]
    public void Serialize_ThenDeserialize_GivesTheSameOrder()
    {
        var order = StateSamples.DeliveredOrder();

        var back = serializer.Deserialize<OrderState>(serializer.Serialize(order));

        Assert.Equal(order, back);
    }

    [Fact]
    public void Serialize_KeepsTheStateAsItsContractWritesIt()
    {
        // The envelope adds a shape and nothing else: the state inside is byte for byte what the state's specs pin down.
        var order = StateSamples.DeliveredOrder();

        var data = serializer.Serialize(order);

        using var document = JsonDocument.Parse(data.ToString());
        Assert.Equal(JsonSerializer.Serialize(order, OrdersJsonContext.Default.OrderState), document.RootElement.GetProperty("state").GetRawText());
    }

    [Fact]
    public void Deserialize_ShapeNewerThanThisBuild_IsRefused()
    {
        var newer = BinaryData.FromString($$"""{"$shape":{{GrainStateSerializer.CurrentShape + 1}},"state":{{Stored("customer-one-download.engine.json")}}}""");

        var error = Assert.Throws<NotSupportedException>(() => serializer.Deserialize<CustomerState>(newer));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_EnvelopeWithoutState_IsRefused() =>
        Assert.Throws<JsonException>(() => serializer.Deserialize<CustomerState>(BinaryData.FromString("""{"$shape":1}""")));

    [Fact]
    public void Serialize_TypeThatIsNoGrainState_IsRefused() =>
        Assert.Throws<NotSupportedException>(() => serializer.Serialize(new Uri("https://example.com")));

    private static BinaryData Stored(string name) =>
        BinaryData.FromString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hosting", "Stored", name)));
}
