using System.Text.Json.Nodes;

namespace Orleans.Delivery.SupplierSimulator.Wire;

// The supplier API's JSON: {"order_id","reference","status","items":[{"code","pin","instructions"}]} (a top-up's item
// carries "confirmation" and a null code), with the field and status names the options may rename.
internal static class SupplierWire
{
    public static JsonObject Order(SupplierLedgerEntry order, SupplierSimulatorOptions options)
    {
        var json = new JsonObject
        {
            [options.Field("order_id")] = order.SupplierOrderId,
            [options.Field("reference")] = order.Reference,
            [options.Field("status")] = options.Status(order.Status),
            [options.Field("items")] = Items(order.Items, options),
        };
        if (order.Error is { } error)
        {
            json[options.Field("error")] = error;
        }

        return json;
    }

    // Without an event id unless the options ask for one, as the API format leaves it out.
    public static JsonObject Webhook(string eventId, string orderId, string reference, string status, IReadOnlyList<SimulatedCode> items, SupplierSimulatorOptions options)
    {
        var json = new JsonObject();
        if (options.WebhookEventIds)
        {
            json[options.Field("event_id")] = eventId;
        }

        json[options.Field("order_id")] = orderId;
        json[options.Field("reference")] = reference;
        json[options.Field("status")] = options.Status(status);
        json[options.Field("items")] = Items(items, options);
        return json;
    }

    private static JsonArray Items(IReadOnlyList<SimulatedCode> items, SupplierSimulatorOptions options)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            var json = new JsonObject
            {
                [options.Field("code")] = item.Code.Length == 0 && item.Confirmation is not null ? null : item.Code,
                [options.Field("pin")] = item.Pin,
                [options.Field("instructions")] = item.Instructions,
            };
            if (item.Confirmation is { } confirmation)
            {
                json[options.Field("confirmation")] = confirmation;
            }

            array.Add(json);
        }

        return array;
    }
}
