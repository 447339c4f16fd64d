using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Grains.Orders;
using Orleans.Storage;

namespace Orleans.Delivery.Grains.Hosting;

/// <summary>
/// Writes a grain's record (<see cref="GrainRecord{TState}"/>) as System.Text.Json, through the same source-generated
/// contracts the deciders' specs pin down (camel-case names, kebab-case discriminators, no CLR type names), with the
/// shape named first: <c>{"$shape":2,"state":{…},"effects":[…],"wakes":[…],"done":[…],"version":n}</c>.
/// Older shapes still read: shape 1 (<c>{"$shape":1,"state":{…}}</c>) and a bare state as the engine stored it, whose
/// pending wake-ups are taken from the order's own schedule. A shape newer than this build knows is refused rather
/// than read with fields dropped.
/// </summary>
/// <remarks>
/// JSON over Orleans' binary serializer: operators can read and repair a row with SQL, and the shape is the one the
/// specs already test, so a state survives a change of runtime. Only the product's grain records are accepted.
/// </remarks>
public sealed class GrainStateSerializer : IGrainStorageSerializer
{
    /// <summary>The shape this build writes.</summary>
    public const int CurrentShape = 2;

    private const string ShapeProperty = "$shape";
    private const string StateProperty = "state";

    // Each context keeps its own options (naming, string enums), so a state reads and writes as its specs pin it.
    private static readonly JsonSerializerContext[] Contexts =
        [OrdersJsonContext.Default, CustomersJsonContext.Default, CatalogJson.Default, OperationsJson.Default];

    /// <summary>What every record written by this build starts with, in place of the record's own <c>{</c>.</summary>
    private static readonly byte[] ShapePrefix = Encoding.UTF8.GetBytes($"{{\"{ShapeProperty}\":{CurrentShape},");

    /// <summary>A thread keeps its scratch buffer for the next record only up to this size.</summary>
    private const int ScratchKept = 256 * 1024;

    /// <summary>
    /// Each thread's scratch buffer for a record's JSON: a grain is written on every turn that changes it, so the
    /// stored bytes are the only array a write allocates.
    /// </summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    public BinaryData Serialize<T>(T? input)
    {
        // The record as its contract writes it, with the shape put first: {"$shape":2,…the record's own fields…}.
        var typeInfo = TypeInfo<T?>();
        var buffer = scratch ??= new ArrayBufferWriter<byte>();
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(typeInfo.Options)))
        {
            JsonSerializer.Serialize(writer, input, typeInfo);
        }

        var body = buffer.WrittenSpan;
        if (body is not [(byte)'{', .., (byte)'}'] || body.Length < 3)
        {
            throw new NotSupportedException($"{typeof(T).Name} does not serialize to a JSON object with fields.");
        }

        byte[] stored = [.. ShapePrefix, .. body[1..]];
        if (buffer.Capacity > ScratchKept)
        {
            scratch = null;
        }

        return new BinaryData(stored);
    }

    /// <summary>The writer settings <see cref="JsonSerializer.SerializeToUtf8Bytes(object?, JsonTypeInfo)"/> takes from a contract's options.</summary>
    private static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth,
        SkipValidation = true,
    };

    public T Deserialize<T>(BinaryData input)
    {
        var typeInfo = TypeInfo<T>();
        var node = JsonNode.Parse(input.ToMemory().Span) ?? throw new JsonException($"A stored {typeof(T).Name} is JSON null.");
        int shape;
        JsonObject document;
        if (node is JsonObject stored && stored.TryGetPropertyValue(ShapeProperty, out var shapeNode))
        {
            shape = shapeNode?.GetValue<int>() ?? throw new JsonException($"A stored {typeof(T).Name} has no shape number.");
            if (shape > CurrentShape)
            {
                throw new NotSupportedException(
                    $"A stored {typeof(T).Name} has shape {shape}, newer than {CurrentShape} that this build reads: it was written by a newer silo.");
            }

            stored.Remove(ShapeProperty);
            if (stored[StateProperty] is null)
            {
                throw new JsonException($"A stored {typeof(T).Name} has an envelope without a state.");
            }

            document = stored;
        }
        else
        {
            // Shape 0: the bare state, as the engine stored it.
            shape = 0;
            document = new JsonObject { [StateProperty] = node };
        }

        var value = document.Deserialize(typeInfo) ?? throw new JsonException($"A stored {typeof(T).Name} is JSON null.");
        return shape < 2 && value is GrainRecord<OrderState> { State: { } order } older
            ? (T)(object)(older with { Wakes = order.Wakes.Select(w => new GrainWake(w.Name, w.DueAt)).ToEquatableArray() })
            : value;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        Contexts.Select(c => c.GetTypeInfo(typeof(T))).OfType<JsonTypeInfo<T>>().FirstOrDefault()
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a grain record of this product.");
}
