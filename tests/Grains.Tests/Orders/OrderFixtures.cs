using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>Orders, products and payments the specs share. Ids are constants: the specs are pure, nothing is shared.</summary>
internal static class OrderFixtures
{
    public const string OrderId = "order-1";
    public const string Usd = "USD";

    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly CustomerInfo Customer = new("cust-1", "ada@example.com", "Ada");

    public static readonly ProductSnapshot EbookProduct = new("Ebook", ProductKind.File, Usd, DownloadLimit: 3);

    public static readonly ProductSnapshot SteamProduct = new(
        "Steam $20", ProductKind.SupplierCode, Usd, SupplierSku: "steam-20-usd", Denomination: "$20", Instructions: "Redeem at store.steampowered.com");

    public static readonly ProductSnapshot PinCardProduct = new("Phone card", ProductKind.SupplierCode, Usd, SupplierSku: "phone-10", RequiresPin: true);

    public static readonly ProductSnapshot LicenseProduct = new(
        "App license", ProductKind.MerchantWebhook, Usd, Instructions: "Paste the key in Settings", MerchantWebhookUrl: "https://merchant.example/license");

    public static readonly OrderLine EbookLine = new("ebook", 1, 1500, EbookProduct);
    public static readonly OrderLine SteamLine = new("steam-20", 1, 2000, SteamProduct);
    public static readonly OrderLine PinCardLine = new("phone-10", 1, 1000, PinCardProduct);
    public static readonly OrderLine LicenseLine = new("app", 1, 3000, LicenseProduct);

    public static OrderPolicy Policy => OrderPolicy.Default;

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static CreateOrder Create(params OrderLine[] lines) =>
        new(OrderId, Customer, lines, lines.Sum(l => l.TotalMinor), Usd, T0);

    public static OrderCreated Created(params OrderLine[] lines) =>
        new(OrderId, Customer, lines, lines.Sum(l => l.TotalMinor), Usd, T0);

    public static ConfirmPayment Pay(long amount, double minutes = 1, string eventId = "evt-1", string reference = "pi-1", string currency = Usd) =>
        new("stripe", eventId, amount, currency, reference, At(minutes));

    public static PaymentConfirmed Paid(long amount, double minutes = 1, string eventId = "evt-1", string reference = "pi-1") =>
        new("stripe", eventId, amount, Usd, reference, At(minutes) + Policy.AlertUndeliveredAfter, At(minutes));

    public static CodeItem Code(string code, string? pin = null) => new(code, pin);

    public static SupplierAnswered Answer(string step, SupplierResult result, double minutes, double jitter = 0) =>
        new(step, result, At(minutes), jitter);

    public static SupplierResult.Completed Completed(params CodeItem[] items) => new("SUP-1", items);

    public static string Alert(AlertKind kind, int sequence) => OrderSteps.Alert(kind, sequence);
}
