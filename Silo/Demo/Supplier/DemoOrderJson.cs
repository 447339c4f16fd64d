using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Demo.Supplier;

/// <summary>
/// An order as the demo supplier answers it, in the code-delivery guide's shape (<c>order_id</c>, <c>status</c>,
/// <c>items</c>). <c>id</c> repeats <c>order_id</c> and <c>reference</c> echoes ours, for clients that read those.
/// </summary>
internal sealed record DemoOrderJson(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("items")] IReadOnlyList<DemoItemJson> Items,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("reference")] string Reference);
