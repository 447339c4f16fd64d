using System.Text.RegularExpressions;
using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

public sealed class DeliveryEmailComposerTests
{
    private readonly string _key = $"order-{Guid.NewGuid():N}:deliver";

    [Fact]
    public void Compose_ScriptInCustomerName_EncodedInHtml()
    {
        var email = DeliveryEmailComposer.Compose(MailSamples.Codes(customerName: "<script>alert(1)</script>"), _key);

        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;,", email.Html, StringComparison.Ordinal);
        // The text part is plain text: shown as typed, harmless there.
        Assert.Contains("Hi <script>alert(1)</script>,", email.Text, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script>", email.ToName);
    }

    [Fact]
    public void Compose_MarkupInMerchantFields_EncodedEverywhereInHtml()
    {
        var branding = MailSamples.Branding with { StoreName = "Evil <img src=x onerror=alert(1)> Store" };
        var email = DeliveryEmailComposer.Compose(
            MailSamples.Codes() with
            {
                Branding = branding,
                ProductName = "Card <b onmouseover=alert(2)>",
                Denomination = "\"><script>alert(3)</script>",
                OrderId = "o-<i>1</i>",
            },
            _key);

        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b onmouseover", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<i>1</i>", email.Html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Evil &lt;img src=x onerror=alert(1)&gt; Store\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;script&gt;", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_CodeEmail_EveryCodeAndPinInBothParts()
    {
        var view = MailSamples.Codes();

        var email = DeliveryEmailComposer.Compose(view, _key);

        var textLines = email.Text.Split("\r\n");
        foreach (var item in view.Items)
        {
            // Monospace, never wrapped, one element per value.
            Assert.Matches($"<code style=\"[^\"]*white-space:nowrap;[^\"]*\">{Regex.Escape(item.Code)}</code>", email.Html);
            Assert.Matches($"<code style=\"[^\"]*monospace[^\"]*\">{Regex.Escape(item.Pin!)}</code>", email.Html);
            // Each value alone on its line in the text part, so copying it takes nothing else.
            Assert.Contains(item.Code, textLines);
            Assert.Contains(item.Pin!, textLines);
        }

        Assert.Contains("Code 1 of 2", email.Html, StringComparison.Ordinal);
        Assert.Contains("Code 2 of 2", email.Text, StringComparison.Ordinal);
        Assert.Equal("Your Steam Gift Card codes from Kijiji Games", email.Subject);
        Assert.Contains("Steam Gift Card ($25)", email.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://store.steampowered.test/account/redeemwalletcode\"", email.Html, StringComparison.Ordinal);
        Assert.Contains(">your order page</a>", email.Html, StringComparison.Ordinal);
        Assert.Contains("https://shop.kijiji-games.test/orders/123", email.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:help@kijiji-games.test\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("help@kijiji-games.test", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_CodeWithSupplierInstructions_ShownWithItsCodeEncoded()
    {
        var view = MailSamples.Codes() with { Items = [new DeliveredCode("STM-7Q4X-99KD-PLMZ", "4417", "Redeem at <b>store.steampowered.com</b>")] };

        var email = DeliveryEmailComposer.Compose(view, _key);

        Assert.Contains("Redeem at &lt;b&gt;store.steampowered.com&lt;/b&gt;</p>", email.Html, StringComparison.Ordinal);
        Assert.Contains("STM-7Q4X-99KD-PLMZ\r\nPIN:\r\n4417\r\nRedeem at <b>store.steampowered.com</b>\r\n", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TopUpConfirmed_SaysDoneAndShowsTheConfirmationAsText()
    {
        var view = MailSamples.Codes() with
        {
            ProductName = "Airtime",
            Denomination = "$10",
            Items = [new DeliveredCode("$10 credited to +254700000001, transaction TX-88", Confirmation: true)],
            ActivationUrl = null,
        };

        var email = DeliveryEmailComposer.Compose(view, _key);

        Assert.Equal("Your Airtime top-up from Kijiji Games", email.Subject);
        Assert.Contains("Your top-up is done", email.Html, StringComparison.Ordinal);
        Assert.Contains("Your top-up of Airtime ($10) is done.", email.Text, StringComparison.Ordinal);
        Assert.Contains("Confirmation:\r\n$10 credited to +254700000001, transaction TX-88\r\n", email.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch("<code[^>]*>\\$10 credited", email.Html);
        Assert.DoesNotContain("private", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Your code", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_CodeEmail_AddressedFromTheStoreWithRepliesToSupport()
    {
        var view = MailSamples.Codes();

        var email = DeliveryEmailComposer.Compose(view, _key);

        Assert.Equal(view.CustomerEmail, email.To);
        Assert.Equal("Amina Otieno", email.ToName);
        Assert.Equal("orders@kijiji-games.test", email.From);
        Assert.Equal("Kijiji Games Orders", email.FromName);
        Assert.Equal("help@kijiji-games.test", email.ReplyTo);
        Assert.Equal("auto-generated", email.Headers!["Auto-Submitted"]);
        Assert.Equal(view.OrderId, email.Headers!["X-Delivery-Order-ID"]);
    }

    [Fact]
    public void Compose_FileEmail_DownloadButtonsAndDownloadsLeftButNoCode()
    {
        var view = MailSamples.Files();

        var email = DeliveryEmailComposer.Compose(view, _key);

        foreach (var product in view.Products)
        {
            Assert.Contains($"href=\"{product.DownloadUrl}\"", email.Html, StringComparison.Ordinal);
            Assert.Contains(product.DownloadUrl, email.Text, StringComparison.Ordinal);
            Assert.Contains(product.ProductName, email.Text, StringComparison.Ordinal);
        }

        Assert.Equal(2, Regex.Count(email.Html, ">Download Now</a>"));
        Assert.Contains("aria-label=\"Download Now: Matatu Rush soundtrack\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("3 downloads left", email.Html, StringComparison.Ordinal);
        Assert.Contains("3 downloads left", email.Text, StringComparison.Ordinal);
        Assert.Contains("Unlimited downloads", email.Html, StringComparison.Ordinal);
        Assert.Contains("fresh download link", email.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.kijiji-games.test/account/digital-products\"", email.Html, StringComparison.Ordinal);
        Assert.Contains(">your account</a>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<code", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("PIN", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Your code", email.Text, StringComparison.Ordinal);
        Assert.Equal("Your downloads from Kijiji Games are ready", email.Subject);
    }

    [Fact]
    public void Compose_FileWithNoDownloadsLeft_NoButton()
    {
        var view = MailSamples.Files() with
        {
            Products = [new DownloadableProduct("Savanna Sunrise", "https://shop.kijiji-games.test/d/4f1c2a9e", 0)],
        };

        var email = DeliveryEmailComposer.Compose(view, _key);

        Assert.DoesNotContain("Download Now", email.Html, StringComparison.Ordinal);
        Assert.Contains("No downloads left", email.Html, StringComparison.Ordinal);
        Assert.Equal("Your download is ready: Savanna Sunrise", email.Subject);
    }

    [Fact]
    public void Compose_MarkdownInstructions_RenderedWithoutRawHtmlOrUnsafeLinks()
    {
        const string instructions = """
            Open **Steam**, then follow [the redeem guide](https://help.steampowered.test/redeem?x=1&y=2).

            <script>alert(1)</script>
            <img src=x onerror=alert(2)>
            [win a prize](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)
            ![pixel](https://tracker.test/p.gif) <javascript:alert(4)> see www.example.test/help
            """;

        var email = DeliveryEmailComposer.Compose(MailSamples.Codes(instructions: instructions), _key);

        Assert.Contains("<strong>Steam</strong>", email.Html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"https://help.steampowered.test/redeem\\?x=1&amp;y=2\" style=\"[^\"]+\">the redeem guide</a>", email.Html);
        Assert.Contains("href=\"https://www.example.test/help\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", email.Html.Replace("&lt;javascript:alert(4)&gt;", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tracker.test", email.Html, StringComparison.Ordinal);
        Assert.Contains("win a prize", email.Html, StringComparison.Ordinal);
        Assert.Contains("pixel", email.Html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(email.Html, "<img ")); // the logo only
        Assert.Contains("How to redeem", email.Text, StringComparison.Ordinal);
        Assert.Contains("Open **Steam**", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_LicenseText_MarkdownRenderedSafely_TextPartAsWritten()
    {
        const string license = "Licensee: A. Otieno <amina@example.test>\nKEY: **LDG2-8812** &<b>bold</b>\n\n[Activate](https://activate.example.test/) ![x](https://t.example.test/p.png)";

        var email = DeliveryEmailComposer.Compose(MailSamples.License(license), _key);

        Assert.Contains("<strong>LDG2-8812</strong>", email.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:amina@example.test\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://activate.example.test/\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("t.example.test", email.Html, StringComparison.Ordinal);
        Assert.Contains("KEY: **LDG2-8812** &<b>bold</b>", email.Text, StringComparison.Ordinal);
        Assert.Contains("<strong>Help → Activate</strong>", email.Html, StringComparison.Ordinal);
        Assert.Equal("Your Ledger Pro 2031 license from Kijiji Games", email.Subject);
    }

    [Fact]
    public void Compose_SeveralResponses_EachNumbered()
    {
        var email = DeliveryEmailComposer.Compose(MailSamples.License("1. K1\n\n2. K2") with { Responses = ["K1", "K2"] }, _key);

        Assert.Contains("Your licenses are ready", email.Html, StringComparison.Ordinal);
        Assert.Contains("License 1 of 2", email.Text, StringComparison.Ordinal);
        Assert.Contains("License 2 of 2", email.Text, StringComparison.Ordinal);
        Assert.True(email.Text!.IndexOf("K1", StringComparison.Ordinal) < email.Text.IndexOf("K2", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_Resend_SaysSoInBothParts()
    {
        var first = DeliveryEmailComposer.Compose(MailSamples.Files(), _key);
        var again = DeliveryEmailComposer.Compose(MailSamples.Files() with { Resend = true }, _key + ":resend-1");

        Assert.DoesNotContain(DeliveryEmailComposer.ResendLine, first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(DeliveryEmailComposer.ResendLine, first.Text, StringComparison.Ordinal);
        Assert.Contains(DeliveryEmailComposer.ResendLine, again.Html, StringComparison.Ordinal);
        Assert.Contains(DeliveryEmailComposer.ResendLine, again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_SameKey_SameMessageIdAndBytes()
    {
        var view = MailSamples.Codes();

        var first = DeliveryEmailComposer.Compose(view, _key);
        var retried = DeliveryEmailComposer.Compose(view, _key);
        var resent = DeliveryEmailComposer.Compose(view, _key + ":resend-1");

        Assert.Equal(first.MessageId, retried.MessageId);
        Assert.Equal(first.Html, retried.Html);
        Assert.Equal(first.Text, retried.Text);
        Assert.NotEqual(first.MessageId, resent.MessageId);
        Assert.Matches("^<[0-9a-f]{32}@orleans\\.delivery>$", first.MessageId);
        Assert.DoesNotContain(view.OrderId, first.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Html_AccessibleTableLayout()
    {
        var email = DeliveryEmailComposer.Compose(MailSamples.Codes(), _key);
        var noLogo = DeliveryEmailComposer.Compose(MailSamples.Codes() with { Branding = MailSamples.Branding with { LogoUrl = "javascript:alert(1)" } }, _key);

        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("<title>Your Steam Gift Card codes from Kijiji Games</title>", email.Html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://cdn.kijiji-games.test/logo.png\" alt=\"Kijiji Games\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("role=\"presentation\"", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", noLogo.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", noLogo.Html, StringComparison.Ordinal);
        Assert.Contains(">Kijiji Games</span>", noLogo.Html, StringComparison.Ordinal);
        // Every link says where it goes: no "click here".
        Assert.DoesNotContain("click here", email.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Compose_UnsafeActivationUrl_LeftOut()
    {
        var email = DeliveryEmailComposer.Compose(MailSamples.Codes() with { ActivationUrl = "javascript:alert(1)" }, _key);

        Assert.DoesNotContain("javascript:", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Redeem your codes", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_LineBreaksInNames_SubjectAndNamesStayOneLine()
    {
        var view = MailSamples.Codes(customerName: "Amina\r\nBcc: victim@example.test") with { ProductName = "Gift\r\nCard" };

        var email = DeliveryEmailComposer.Compose(view, _key);

        Assert.Equal("Your Gift Card codes from Kijiji Games", email.Subject);
        Assert.Equal("Amina Bcc: victim@example.test", email.ToName);
    }

    [Fact]
    public void Compose_NoName_GreetsPolitely()
    {
        var email = DeliveryEmailComposer.Compose(MailSamples.Codes(customerName: null), _key);

        Assert.Contains(">Hello,</p>", email.Html, StringComparison.Ordinal);
        Assert.Null(email.ToName);
    }

    [Fact]
    public void Compose_NoCodes_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeliveryEmailComposer.Compose(MailSamples.Codes() with { Items = [] }, _key));
    }

    [Fact]
    public void Compose_OrderPageNotHttp_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeliveryEmailComposer.Compose(MailSamples.License("K") with { OrderPageUrl = "/orders/1" }, _key));
    }
}
