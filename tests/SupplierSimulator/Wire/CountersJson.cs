using System.Text.Json.Serialization;

namespace Orleans.Delivery.SupplierSimulator.Wire;

internal sealed record CountersJson(
    [property: JsonPropertyName("place_order")] int PlaceOrder,
    [property: JsonPropertyName("get_order")] int GetOrder,
    [property: JsonPropertyName("find_by_reference")] int FindByReference,
    [property: JsonPropertyName("get_balance")] int GetBalance);
