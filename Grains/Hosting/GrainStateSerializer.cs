using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Grains.Orders;
using Orleans.Storage;

namespace Orleans.Delivery.Grains.Hosting;

/// <summary>
/// Writes grain state as System.Text.Json, through the same source-generated contracts the deciders' specs pin down
/// (kebab-case discriminators, no CLR type names), inside a small envelope that names the shape:
/// <c>{"$shape":1,"state":{…}}</c>. A document without the envelope is a state as the engine stored it, which is
/// shape 1, so rows written before the envelope existed still read. A shape newer than this build knows is refused
/// rather than read with fields dropped.
/// </summary>
/// <remarks>
/// JSON over Orleans' binary serializer: operators can read and repair a row with SQL, and the shape is the one the
/// specs already test, so a state survives a change of runtime. Only the product's state types are accepted.
/// </remarks>
public sealed class GrainStateSerializer : IGrainStorageSerializer
{
    /// <summary>The shape this build writes.</summary>
    public const int CurrentShape = 1;

    private const string ShapeProperty = "$shape";
    private const string StateProperty = "state";

    // Each context keeps its own options (web naming, string enums), so a state reads and writes as its specs pin it.
    private static readonly JsonSerializerContext[] Contexts =
        [OrdersJsonContext.Default, CustomersJsonContext.Default, CatalogJson.Default, OperationsJson.Default];

    public BinaryData Serialize<T>(T? input)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(ShapeProperty, CurrentShape);
            writer.WritePropertyName(StateProperty);
            JsonSerializer.Serialize(writer, input, TypeInfo<T?>());
            writer.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    public T Deserialize<T>(BinaryData input)
    {
        var node = JsonNode.Parse(input.ToMemory().Span) ?? throw new JsonException($"A stored {typeof(T).Name} is JSON null.");
        var state = node;
        if (node is JsonObject document && document.TryGetPropertyValue(ShapeProperty, out var shapeNode))
        {
            var shape = shapeNode?.GetValue<int>() ?? throw new JsonException($"A stored {typeof(T).Name} has no shape number.");
            if (shape > CurrentShape)
            {
                throw new NotSupportedException(
                    $"A stored {typeof(T).Name} has shape {shape}, newer than {CurrentShape} that this build reads: it was written by a newer silo.");
            }

            state = document[StateProperty] ?? throw new JsonException($"A stored {typeof(T).Name} has an envelope without a state.");
        }

        return state.Deserialize(TypeInfo<T>()) ?? throw new JsonException($"A stored {typeof(T).Name} is JSON null.");
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        Contexts.Select(c => c.GetTypeInfo(typeof(T))).OfType<JsonTypeInfo<T>>().FirstOrDefault()
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a grain state of this product.");
}
