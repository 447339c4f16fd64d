using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// Builds hostile JSON bodies from a well-formed template: a field replaced by a raw fragment (any bytes, so escapes
/// and broken UTF-8 survive), a field removed, or the serialized bytes damaged.
/// </summary>
internal static class FuzzJson
{
    private const string Marker = "@@fuzz-hole-";

    /// <summary>The template with each path set to its raw fragment, or removed when the fragment is null.</summary>
    public static byte[] With(JsonObject template, params (string Path, byte[]? Raw)[] changes)
    {
        var root = template.DeepClone().AsObject();
        for (var i = 0; i < changes.Length; i++)
        {
            var (path, raw) = changes[i];
            if (raw is null)
            {
                Remove(root, path);
            }
            else
            {
                Set(root, path, JsonValue.Create(Hole(i)));
            }
        }

        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString());
        for (var i = 0; i < changes.Length; i++)
        {
            if (changes[i].Raw is { } raw)
            {
                bytes = Replace(bytes, Encoding.UTF8.GetBytes("\"" + Hole(i) + "\""), raw);
            }
        }

        return bytes;
    }

    /// <summary>The body with damage a proxy, a bug or an attacker could do: cut short, a byte changed, bytes inserted.</summary>
    public static byte[] Damage(byte[] body, Random random)
    {
        if (body.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        var at = random.Next(body.Length);
        return random.Next(6) switch
        {
            0 => body[..at],
            1 => [.. body[..at], (byte)random.Next(256), .. body[(at + 1)..]],
            2 => [.. body[..at], .. RandomBytes(random, random.Next(1, 9)), .. body[at..]],
            3 => [.. body, .. "}"u8.ToArray()],
            4 => [.. body[..at], 0, .. body[at..]],
            _ => [.. body[..at], .. body[at..], .. body[..at]],
        };
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Hole(int i) => Marker + i.ToString(CultureInfo.InvariantCulture) + "@@";

    private static void Set(JsonObject root, string path, JsonNode value)
    {
        var segments = path.Split('.');
        JsonNode parent = root;
        foreach (var segment in segments[..^1])
        {
            var child = Child(parent, segment);
            if (child is not (JsonObject or JsonArray))
            {
                child = new JsonObject();
                SetChild(parent, segment, child);
            }

            parent = child;
        }

        SetChild(parent, segments[^1], value);
    }

    private static void Remove(JsonObject root, string path)
    {
        var segments = path.Split('.');
        JsonNode? parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = parent is null ? null : Child(parent, segment);
        }

        switch (parent)
        {
            case JsonObject o:
                o.Remove(segments[^1]);
                break;
            case JsonArray a when int.TryParse(segments[^1], CultureInfo.InvariantCulture, out var index) && index < a.Count:
                a.RemoveAt(index);
                break;
        }
    }

    private static JsonNode? Child(JsonNode parent, string segment) => parent switch
    {
        JsonObject o => o[segment],
        JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < a.Count => a[index],
        _ => null,
    };

    private static void SetChild(JsonNode parent, string segment, JsonNode value)
    {
        switch (parent)
        {
            case JsonObject o:
                o[segment] = value;
                break;
            case JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < a.Count:
                a[index] = value;
                break;
            case JsonArray a:
                a.Add(value);
                break;
        }
    }

    private static byte[] Replace(byte[] source, byte[] find, byte[] replacement)
    {
        var at = source.AsSpan().IndexOf(find);
        return at < 0 ? source : [.. source[..at], .. replacement, .. source[(at + find.Length)..]];
    }
}
