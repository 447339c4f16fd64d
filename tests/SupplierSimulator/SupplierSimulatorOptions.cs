using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Orleans.Delivery.SupplierSimulator;

/// <summary>
/// Settings of the simulated supplier. Standalone, they come from the <c>Simulator</c> configuration section
/// (<see cref="FromConfiguration"/>), e.g. <c>--Simulator:ApiKey=k --Simulator:Skus:steam-20-usd=error-500:2</c>.
/// </summary>
public sealed class SupplierSimulatorOptions
{
    /// <summary>The bearer key every API request must carry. Default <c>sim-api-key</c>.</summary>
    public string ApiKey { get; init; } = "sim-api-key";

    /// <summary>The secret webhooks are signed with. Default <c>sim-webhook-secret-0123456789</c>.</summary>
    public string WebhookSecret { get; init; } = "sim-webhook-secret-0123456789";

    /// <summary>Where webhooks are posted; none are sent while null (they are recorded as undeliverable). Default
    /// null; can be changed on the running host.</summary>
    public Uri? WebhookCallbackUrl { get; init; }

    /// <summary>The signature header. Default <c>X-Supplier-Signature</c>.</summary>
    public string SignatureHeader { get; init; } = "X-Supplier-Signature";

    /// <summary>The timestamp header. Default <c>X-Supplier-Timestamp</c>.</summary>
    public string TimestampHeader { get; init; } = "X-Supplier-Timestamp";

    /// <summary>Added before every API answer (e.g. 50 ms for a benchmark). Default zero.</summary>
    public TimeSpan DefaultLatency { get; init; }

    /// <summary>How SKUs without a script behave. Default <see cref="SupplierBehaviour.Completed"/>.</summary>
    public SupplierBehaviour DefaultBehaviour { get; init; } = SupplierBehaviour.Completed;

    /// <summary>Scripts per SKU at start. Default none.</summary>
    public IDictionary<string, SupplierBehaviour> Skus { get; init; } = new Dictionary<string, SupplierBehaviour>(StringComparer.Ordinal);

    /// <summary>The account balance at start. Default 10 000.</summary>
    public decimal InitialBalance { get; init; } = 10_000m;

    /// <summary>The account currency. Default <c>USD</c>.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>What one unit costs; an order the balance cannot pay fails with <c>insufficient_balance</c>.
    /// Default 1.</summary>
    public decimal UnitPrice { get; init; } = 1m;

    /// <summary>How many times a webhook is tried when the callback does not answer 2xx. Default 3.</summary>
    public int WebhookMaxAttempts { get; init; } = 3;

    /// <summary>The wait between webhook tries. Default 1 second.</summary>
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Field names to use instead of the API format's, keyed by the format's name (<c>order_id</c>,
    /// <c>reference</c>, <c>status</c>, <c>items</c>, <c>error</c>, <c>event_id</c>, <c>code</c>, <c>pin</c>,
    /// <c>instructions</c>, <c>confirmation</c>), to play a supplier that names things its own way. Default none.</summary>
    public IDictionary<string, string> FieldNames { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Status values to send instead of <c>completed</c>, <c>pending</c> and <c>failed</c>, keyed by
    /// those. Default none.</summary>
    public IDictionary<string, string> StatusNames { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether webhooks carry an <c>event_id</c>; the API format has none. Default false.</summary>
    public bool WebhookEventIds { get; init; }

    /// <summary>The clock for latency, delays and webhook timestamps. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The name this supplier gives the API format's field <paramref name="name"/>.</summary>
    public string Field(string name) => FieldNames.TryGetValue(name, out var renamed) ? renamed : name;

    /// <summary>The value this supplier sends for the status <paramref name="status"/>.</summary>
    public string Status(string status) => StatusNames.TryGetValue(status, out var renamed) ? renamed : status;

    /// <summary>Reads the options from a configuration section; absent keys keep their defaults.</summary>
    public static SupplierSimulatorOptions FromConfiguration(IConfiguration section)
    {
        var defaults = new SupplierSimulatorOptions();
        var skus = new Dictionary<string, SupplierBehaviour>(StringComparer.Ordinal);
        foreach (var sku in section.GetSection("Skus").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(sku.Value))
            {
                skus[sku.Key] = SupplierBehaviour.Parse(sku.Value);
            }
        }

        var callback = section["WebhookCallbackUrl"];
        var fields = section.GetSection("FieldNames").GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
        var statuses = section.GetSection("StatusNames").GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
        return new SupplierSimulatorOptions
        {
            ApiKey = section["ApiKey"] ?? defaults.ApiKey,
            WebhookSecret = section["WebhookSecret"] ?? defaults.WebhookSecret,
            WebhookCallbackUrl = string.IsNullOrWhiteSpace(callback) ? null : new Uri(callback, UriKind.Absolute),
            SignatureHeader = section["SignatureHeader"] ?? defaults.SignatureHeader,
            TimestampHeader = section["TimestampHeader"] ?? defaults.TimestampHeader,
            DefaultLatency = section.GetValue("DefaultLatency", defaults.DefaultLatency),
            DefaultBehaviour = section["DefaultBehaviour"] is { Length: > 0 } behaviour ? SupplierBehaviour.Parse(behaviour) : defaults.DefaultBehaviour,
            Skus = skus,
            InitialBalance = section["Balance"] is { Length: > 0 } balance ? decimal.Parse(balance, CultureInfo.InvariantCulture) : defaults.InitialBalance,
            Currency = section["Currency"] ?? defaults.Currency,
            UnitPrice = section["UnitPrice"] is { Length: > 0 } price ? decimal.Parse(price, CultureInfo.InvariantCulture) : defaults.UnitPrice,
            WebhookMaxAttempts = section.GetValue("WebhookMaxAttempts", defaults.WebhookMaxAttempts),
            WebhookRetryDelay = section.GetValue("WebhookRetryDelay", defaults.WebhookRetryDelay),
            FieldNames = fields,
            StatusNames = statuses,
            WebhookEventIds = section.GetValue("WebhookEventIds", defaults.WebhookEventIds),
        };
    }
}
