using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

public sealed class PickupFolderMailSenderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mail-pickup-{Guid.NewGuid():N}", "nested");

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_folder)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Send_Email_WritesOneEmlWithSubjectAndBothParts()
    {
        var marker = Guid.NewGuid().ToString("N");
        var email = MailSamples.Plain(MailSamples.NewRecipient(), marker);

        await Sender().SendAsync(email, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        var raw = await File.ReadAllTextAsync(file);
        Assert.Contains($"Subject: Delivery {marker}", raw, StringComparison.Ordinal);
        // The display name needs no quotes; a writer may add them anyway.
        Assert.Matches($"(?m)^To: \"?Test Buyer\"? <{Regex.Escape(email.To)}>\r$", raw);
        Assert.Contains($"Message-ID: {email.MessageId}", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("multipart/alternative", raw, StringComparison.OrdinalIgnoreCase);
        var plain = raw.IndexOf($"plain body {marker}", StringComparison.Ordinal);
        var html = raw.IndexOf($"<p>html body {marker}</p>", StringComparison.Ordinal);
        Assert.True(plain > 0 && html > plain, "both parts are in the file, plain text first");
    }

    [Fact]
    public async Task Send_ComposedEmail_NonAsciiSubjectEncodedAndOneFilePerMessage()
    {
        var sender = Sender();
        var email = DeliveryEmailComposer.Compose(MailSamples.Codes() with { ProductName = "Café ✓ card" }, "k1");

        await sender.SendAsync(email, CancellationToken.None);
        await sender.SendAsync(DeliveryEmailComposer.Compose(MailSamples.Files(), "k2"), CancellationToken.None);

        var files = Directory.GetFiles(_folder, "*.eml");
        Assert.Equal(2, files.Length);
        var raw = string.Join("\n", await Task.WhenAll(files.Select(f => File.ReadAllTextAsync(f))));
        // RFC 2047 encoded words (charset and encoding are case-insensitive): headers stay 7-bit.
        Assert.Matches("(?mi)^Subject: .*=\\?utf-8\\?[BQ]\\?", raw);
        Assert.All(files, f => Assert.True(File.ReadAllText(f).Split("\r\n\r\n")[0].All(char.IsAscii), "headers are ASCII"));
        Assert.Contains(email.MessageId, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ComposedEmail_PlainTextReadsAsItIsAndParsesBackWhole()
    {
        var view = MailSamples.Codes(customerName: "Zoë Wanjiku") with { ProductName = "Café ✓ card" };
        var email = DeliveryEmailComposer.Compose(view, $"{view.OrderId}:deliver");

        await Sender().SendAsync(email, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_folder));
        var raw = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("=0D=0A", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\n", raw.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // Short ASCII lines need no encoding at all: each stands on a line of its own in the file, as in the email.
        var plainLines = email.Text.Split("\r\n")
            .Where(l => l.Length is > 0 and < 70 && l.All(char.IsAscii) && !l.Contains('=', StringComparison.Ordinal) && !l.EndsWith(' '))
            .ToList();
        Assert.True(plainLines.Count >= 5, $"only {plainLines.Count} plain lines to look for");
        Assert.All(plainLines, line => Assert.Contains($"\r\n{line}\r\n", raw, StringComparison.Ordinal));
        Assert.All(view.Items, item => Assert.Contains($"\r\n{item.Code}\r\n", raw, StringComparison.Ordinal));

        using var parsed = MimeMessage.Load(file);
        Assert.Equal(email.Subject, parsed.Subject);
        Assert.Equal(email.MessageId, $"<{parsed.MessageId}>");
        Assert.Equal((email.FromName, email.From), (Assert.Single(parsed.From.Mailboxes).Name, parsed.From.Mailboxes.Single().Address));
        Assert.Equal((email.ToName, email.To), (Assert.Single(parsed.To.Mailboxes).Name, parsed.To.Mailboxes.Single().Address));
        Assert.Equal(email.ReplyTo, Assert.Single(parsed.ReplyTo.Mailboxes).Address);
        Assert.NotEmpty(email.Headers!);
        Assert.All(email.Headers!, header => Assert.Equal(header.Value, parsed.Headers[header.Key]));
        var alternative = Assert.IsType<MultipartAlternative>(parsed.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(email.Text.ReplaceLineEndings("\n"), parsed.TextBody?.ReplaceLineEndings("\n"));
        Assert.Equal(email.Html.ReplaceLineEndings("\n"), parsed.HtmlBody?.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Send_Interrupted_LeavesNoEml()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Sender().SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "cancelled"), cancelled.Token));

        Assert.Empty(Directory.Exists(_folder) ? Directory.GetFiles(_folder) : []);
    }

    [Fact]
    public void Create_RelativeFolder_MadeAbsolute()
    {
        var sender = new PickupFolderMailSender(Options.Create(new MailOptions()), TimeProvider.System, NullLogger<PickupFolderMailSender>.Instance);

        Assert.True(Path.IsPathRooted(sender.Folder));
        Assert.EndsWith(Path.Combine("data", "mail"), sender.Folder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_FolderIsAFile_ThrowsTransientFailure()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
        await File.WriteAllTextAsync(_folder, "in the way");

        var failure = await Assert.ThrowsAsync<MailSendException>(
            () => Sender().SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "blocked"), CancellationToken.None));

        Assert.True(failure.IsTransient);
    }

    private PickupFolderMailSender Sender() =>
        new(Options.Create(new MailOptions { Provider = MailOptions.PickupProvider, PickupDirectory = _folder }), TimeProvider.System, NullLogger<PickupFolderMailSender>.Instance);
}
