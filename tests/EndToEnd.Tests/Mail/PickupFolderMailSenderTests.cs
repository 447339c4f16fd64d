using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
        Assert.Contains($"To: \"Test Buyer\" <{email.To}>", raw, StringComparison.Ordinal);
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
        // RFC 2047 encoded word: headers stay 7-bit.
        Assert.Matches("(?m)^Subject: =\\?utf-8\\?[BQ]\\?", raw);
        Assert.Contains(email.MessageId, raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RelativeFolder_MadeAbsolute()
    {
        var sender = new PickupFolderMailSender(Options.Create(new MailOptions()), NullLogger<PickupFolderMailSender>.Instance);

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
        new(Options.Create(new MailOptions { Provider = MailOptions.PickupProvider, PickupDirectory = _folder }), NullLogger<PickupFolderMailSender>.Instance);
}
