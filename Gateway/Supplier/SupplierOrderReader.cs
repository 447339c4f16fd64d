using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Supplier;

/// <summary>
/// Reads the supplier's order JSON (an answer to <c>POST /orders</c> or a lookup, or a webhook body) with the field
/// names of <see cref="SupplierFieldOptions"/>. Lenient where suppliers commonly are (ids and PINs sent as numbers,
/// unknown fields), strict about JSON types it cannot make sense of. Problems name fields, never values: a body may
/// hold codes. Thread-safe; register it as a singleton.
/// </summary>
public sealed class SupplierOrderReader
{
    // The order id's name in the shape earlier versions of this client expected; read when the configured one is absent.
    private const string LegacyOrderId = "id";
    private const int MaxTextInProblems = 40;

    private readonly Dictionary<string, SupplierOrderStatus> _mappedStatuses;

    public SupplierOrderReader(IOptions<SupplierFieldOptions> options)
        : this(options.Value)
    {
    }

    public SupplierOrderReader(SupplierFieldOptions fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields;
        _mappedStatuses = new Dictionary<string, SupplierOrderStatus>(StringComparer.OrdinalIgnoreCase);
        foreach (var (value, meaning) in fields.StatusValues ?? [])
        {
            if (!string.IsNullOrWhiteSpace(value) && Known(meaning) is { } status)
            {
                _mappedStatuses[value.Trim()] = status;
            }
        }
    }

    /// <summary>A reader with the default names, those of the supplier API format we implement.</summary>
    public static SupplierOrderReader Default { get; } = new(new SupplierFieldOptions());

    /// <summary>The field names this reader uses.</summary>
    public SupplierFieldOptions Fields { get; }

    /// <summary>Reads a whole body: exactly one JSON value, which must be an order object.</summary>
    public SupplierOrderRead Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var root = JsonElement.ParseValue(ref reader);

            // Throws on anything but whitespace after the value.
            reader.Read();
            return Read(root);
        }
        catch (JsonException e)
        {
            // The parser's message gives the position and at most one character, never a whole value.
            return SupplierOrderRead.Unreadable($"not JSON: {e.Message}");
        }
    }

    /// <summary>Reads one order object, e.g. an element of a lookup's array.</summary>
    public SupplierOrderRead Read(JsonElement order)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            return SupplierOrderRead.Unreadable("the answer is not a JSON object");
        }

        try
        {
            string? problem = null;
            var orderId = order.TryGetProperty(Fields.OrderId, out _)
                ? Text(order, Fields.OrderId, Fields.OrderId, ref problem)
                : Text(order, LegacyOrderId, LegacyOrderId, ref problem);
            var reference = Text(order, Fields.Reference, Fields.Reference, ref problem);
            var statusText = Text(order, Fields.Status, Fields.Status, ref problem);
            var items = Items(order, ref problem);
            var error = Text(order, Fields.Error, Fields.Error, ref problem);
            var eventId = Text(order, Fields.EventId, Fields.EventId, ref problem);
            var occurredAt = Time(order, Fields.OccurredAt, ref problem);
            return problem is not null
                ? SupplierOrderRead.Unreadable(problem)
                : SupplierOrderRead.Read(new SupplierOrderMessage(
                    Blank(orderId), Blank(reference), Blank(statusText), StatusOf(statusText), items, Blank(error), Blank(eventId), occurredAt));
        }
        catch (InvalidOperationException)
        {
            // GetString refuses text that is not valid UTF-8; its message is generic, but ours says where it is not.
            return SupplierOrderRead.Unreadable("a text is not valid UTF-8");
        }
    }

    /// <summary>The status a supplier value stands for, or null when it is not understood.</summary>
    public SupplierOrderStatus? StatusOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return _mappedStatuses.TryGetValue(value.Trim(), out var mapped) ? mapped : Known(value);
    }

    /// <summary>A value from the body shortened for a message (statuses, references: never codes).</summary>
    public static string Shorten(string text) => text.Length <= MaxTextInProblems ? text : text[..MaxTextInProblems] + "…";

    private List<SupplierItem> Items(JsonElement order, ref string? problem)
    {
        if (!order.TryGetProperty(Fields.Items, out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            problem ??= $"{Fields.Items} must be an array";
            return [];
        }

        var result = new List<SupplierItem>(items.GetArrayLength());
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{Fields.Items}[{index++}]");
            switch (item.ValueKind)
            {
                case JsonValueKind.Null:
                    // Kept as an item with an empty code: the code validator refuses it with a reason an operator can
                    // read, which says more than refusing the whole order here.
                    result.Add(new SupplierItem("", null, null, null));
                    break;
                case JsonValueKind.Object:
                    result.Add(new SupplierItem(
                        Text(item, Fields.Code, $"{path}.{Fields.Code}", ref problem) ?? "",
                        Text(item, Fields.Pin, $"{path}.{Fields.Pin}", ref problem),
                        Text(item, Fields.Serial, $"{path}.{Fields.Serial}", ref problem),
                        Amount(item, $"{path}.{Fields.Denomination}", ref problem),
                        Text(item, Fields.Instructions, $"{path}.{Fields.Instructions}", ref problem),
                        Text(item, Fields.Confirmation, $"{path}.{Fields.Confirmation}", ref problem)));
                    break;
                default:
                    problem ??= $"{path} must be an object";
                    break;
            }
        }

        return result;
    }

    // A string, or a number kept as its JSON text (suppliers send ids and PINs either way); absent and null are null.
    private static string? Text(JsonElement parent, string name, string path, ref string? problem)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.Null:
                return null;
            default:
                problem ??= $"{path} must be a string";
                return null;
        }
    }

    private decimal? Amount(JsonElement item, string path, ref string? problem)
    {
        if (!item.TryGetProperty(Fields.Denomination, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        problem ??= $"{path} must be a number";
        return null;
    }

    private static DateTimeOffset? Time(JsonElement order, string name, ref string? problem)
    {
        if (!order.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time))
        {
            return time;
        }

        problem ??= $"{name} must be an ISO 8601 date and time";
        return null;
    }

    private static SupplierOrderStatus? Known(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "completed" => SupplierOrderStatus.Completed,
        "pending" => SupplierOrderStatus.Pending,
        "failed" => SupplierOrderStatus.Failed,
        _ => null,
    };

    // Only spaces make a text blank: other white space (tab, NEL, line separators) is a control or separator the edge
    // refuses, and must not turn a hostile event id into an absent one.
    private static string? Blank(string? text) => text is null || text.AsSpan().Trim(' ').IsEmpty ? null : text;
}
