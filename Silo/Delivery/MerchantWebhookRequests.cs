using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Builds a merchant webhook call from the order's effect: the standard fields, the optional ones the product chose and
/// its static pairs, as a query string (GET), a form or a JSON body (POST), with the exact bytes that are signed.
/// </summary>
public static class MerchantWebhookRequests
{
    /// <summary>The call to make: where, how, and the content that is signed (the body, or the query string on GET).</summary>
    public sealed record Call(HttpMethod Method, Uri Url, byte[] SignedContent, HttpContent? Content);

    /// <summary>The name/value pairs of a call, in the order they are sent.</summary>
    public static IReadOnlyList<(string Name, object Value)> Fields(CallMerchantWebhook effect, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var request = effect.Request ?? MerchantWebhookRequest.Legacy;
        var fields = new List<(string, object)>
        {
            ("order_id", effect.OrderId),
            ("sku", effect.Sku),
            ("product_name", effect.ProductName),
            ("quantity", effect.Quantity),
            ("timestamp", timestamp),
        };
        foreach (var name in request.Fields)
        {
            var value = name switch
            {
                "checkout_hash" => effect.CheckoutHash ?? MerchantDeliveryIds.CheckoutHash(effect.OrderId),
                "transaction_id" => effect.TransactionId,
                "customer_email" => effect.CustomerEmail,
                "customer_name" => effect.CustomerName,
                _ => null,
            };
            fields.Add((name, value ?? ""));
        }

        fields.AddRange(request.StaticFields.Select(f => (f.Name, (object)f.Value)));
        return fields;
    }

    public static async Task<Call> BuildAsync(CallMerchantWebhook effect, Uri url, long timestamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        ArgumentNullException.ThrowIfNull(url);
        var request = effect.Request ?? MerchantWebhookRequest.Legacy;
        var fields = Fields(effect, timestamp);
        if (request.Method == MerchantWebhookRequest.Get)
        {
            var added = string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(Text(f.Value))));
            var existing = url.Query.TrimStart('?');
            var query = existing.Length == 0 ? added : existing + "&" + added;
            var target = new UriBuilder(url) { Query = query }.Uri;

            // The merchant sees the query string as sent, so it is what the signature covers.
            return new Call(HttpMethod.Get, target, Encoding.UTF8.GetBytes(target.Query.TrimStart('?')), null);
        }

        if (request.Format == MerchantWebhookRequest.Form)
        {
            using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, Text(f.Value))));
            var bytes = await form.ReadAsByteArrayAsync(cancellationToken);
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            return new Call(HttpMethod.Post, url, bytes, content);
        }

        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                switch (value)
                {
                    case int n:
                        json.WriteNumber(name, n);
                        break;
                    case long n:
                        json.WriteNumber(name, n);
                        break;
                    default:
                        json.WriteString(name, Text(value));
                        break;
                }
            }

            json.WriteEndObject();
        }

        var body = buffer.ToArray();
        var jsonContent = new ByteArrayContent(body);
        jsonContent.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new Call(HttpMethod.Post, url, body, jsonContent);
    }

    private static string Text(object value) => value switch
    {
        int n => n.ToString(CultureInfo.InvariantCulture),
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
