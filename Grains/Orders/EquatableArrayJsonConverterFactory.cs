using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

// The converter pair for EquatableArray; see EquatableArray.cs for why it lives here.
namespace Orleans.Delivery.Grains;

/// <summary>Writes an <see cref="EquatableArray{T}"/> as a plain JSON array, using the context's metadata for the elements.</summary>
public sealed class EquatableArrayJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(EquatableArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(
            typeof(EquatableArrayJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

internal sealed class EquatableArrayJsonConverter<T> : JsonConverter<EquatableArray<T>>
{
    /// <summary>
    /// The array's metadata in the options this converter was last used with: a grain's record holds a dozen of these
    /// arrays and is written on every change, so the lookup is made once per options, not per array.
    /// </summary>
    /// <remarks>One reference, so a thread never sees one options' metadata paired with another's.</remarks>
    private Metadata? metadata;

    public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return EquatableArray<T>.Empty;
        }

        return EquatableArray<T>.Wrap(JsonSerializer.Deserialize(ref reader, Info(options)) ?? []);
    }

    public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Items, Info(options));

    private JsonTypeInfo<T[]> Info(JsonSerializerOptions options)
    {
        if (metadata is { } known && ReferenceEquals(known.Options, options))
        {
            return known.Info;
        }

        var info = (JsonTypeInfo<T[]>)options.GetTypeInfo(typeof(T[]));
        metadata = new Metadata(options, info);
        return info;
    }

    private sealed record Metadata(JsonSerializerOptions Options, JsonTypeInfo<T[]> Info);
}
