using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

/// <summary>Delivery emails for tests, each to a recipient of its own so tests on a shared server stay apart.</summary>
internal static class MailSamples
{
    public static readonly StoreBranding Branding = new(
        "Kijiji Games",
        "https://cdn.kijiji-games.test/logo.png",
        "help@kijiji-games.test",
        "orders@kijiji-games.test",
        "Kijiji Games Orders");

    public static string NewRecipient() => $"buyer-{Guid.NewGuid():N}@example.test";

    public static string NewOrderId() => $"order-{Guid.NewGuid():N}";

    public static CodeDeliveryEmail Codes(string? recipient = null, string? customerName = "Amina Otieno", string? instructions = null) => new(
        Branding,
        customerName,
        recipient ?? NewRecipient(),
        NewOrderId(),
        "Steam Gift Card",
        "$25",
        [new DeliveredCode("STM-7Q4X-99KD-PLMZ", "4417"), new DeliveredCode("STM-ZZ81-K0QA-1XTV", "0932")],
        instructions ?? "1. Open **Steam** and choose *Redeem a Wallet Code*.\n2. Enter the code and the PIN.",
        "https://store.steampowered.test/account/redeemwalletcode",
        "https://shop.kijiji-games.test/orders/123");

    public static FileDeliveryEmail Files(string? recipient = null) => new(
        Branding,
        "Amina Otieno",
        recipient ?? NewRecipient(),
        NewOrderId(),
        [
            new DownloadableProduct("Savanna Sunrise (4K wallpaper pack)", "https://shop.kijiji-games.test/d/4f1c2a9e", 3),
            new DownloadableProduct("Matatu Rush soundtrack", "https://shop.kijiji-games.test/d/77ab01de", null),
        ],
        "https://shop.kijiji-games.test/account/digital-products");

    public static LicenseDeliveryEmail License(string licenseText, string? recipient = null) => new(
        Branding,
        "Amina Otieno",
        recipient ?? NewRecipient(),
        NewOrderId(),
        "Ledger Pro 2031",
        licenseText,
        "Paste the key into **Help → Activate**.",
        "https://shop.kijiji-games.test/orders/456");

    /// <summary>A small hand-made email, for senders' tests that do not care about the composer.</summary>
    public static OutgoingEmail Plain(string recipient, string marker) => new(
        recipient,
        "Test Buyer",
        "orders@kijiji-games.test",
        "Kijiji Games",
        "help@kijiji-games.test",
        $"Delivery {marker}",
        $"<p>html body {marker}</p>",
        $"plain body {marker}",
        OutgoingEmail.MessageIdFor($"test:{marker}"),
        new Dictionary<string, string> { ["Auto-Submitted"] = "auto-generated" });
}
