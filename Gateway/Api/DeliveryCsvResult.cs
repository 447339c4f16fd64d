using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>
/// The delivery log matching a filter as CSV (RFC 4180, UTF-8, a header row), newest first, streamed page by page up to
/// a bound. Items are masked as the log stores them; entries written before a field was recorded leave it empty.
/// </summary>
public sealed class DeliveryCsvResult(IOperationsQueryGrain query, DeliveryFilter filter, int maxRows) : IResult
{
    private static readonly string[] Header =
        ["at", "order_id", "customer_id", "customer_email", "kind", "channel", "products", "items", "message_id", "detail"];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=\"deliveries.csv\"";
        // Kestrel's body takes asynchronous writes only: each page is written to a buffer, then sent.
        var buffer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = CsvWriter.Create(buffer, null, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
        var written = 0;
        var page = filter;
        while (written < maxRows)
        {
            var listing = await query.SearchDeliveriesAsync(page, httpContext.RequestAborted);
            foreach (var item in listing.Items.Take(maxRows - written))
            {
                WriteRow(csv, item);
                csv.EndRecord();
                written++;
            }

            await SendAsync(csv, buffer, response, httpContext.RequestAborted);

            if (listing.Next is not { } next)
            {
                break;
            }

            page = page with { Before = next };
        }

        await SendAsync(csv, buffer, response, httpContext.RequestAborted);
    }

    private static async Task SendAsync(CsvWriter csv, StringWriter buffer, HttpResponse response, CancellationToken cancellationToken)
    {
        csv.Flush();
        var text = buffer.GetStringBuilder();
        if (text.Length > 0)
        {
            await response.WriteAsync(text.ToString(), Encoding.UTF8, cancellationToken);
            text.Clear();
        }
    }

    private static void WriteRow(CsvWriter csv, OperationsItem item)
    {
        using var entry = JsonDocument.Parse(item.Entry);
        var root = entry.RootElement;
        csv.WriteField(item.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        csv.WriteField(Text(root, "orderId") ?? item.GrainKey);
        csv.WriteField(Text(root, "customerId") ?? string.Empty);
        csv.WriteField(Text(root, "customerEmail") ?? string.Empty);
        csv.WriteField(Text(root, "kind") ?? string.Empty);
        csv.WriteField(Text(root, "channel") ?? string.Empty);
        csv.WriteField(List(root, "products"));
        csv.WriteField(List(root, "items"));
        csv.WriteField(Text(root, "messageId") ?? string.Empty);
        csv.WriteField(Text(root, "detail") ?? string.Empty);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string List(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? string.Join("; ", value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()))
            : string.Empty;
}
