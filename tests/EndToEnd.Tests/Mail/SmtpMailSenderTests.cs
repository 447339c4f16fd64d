using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Mail;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

public sealed class SmtpMailSenderTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Send_CodeEmail_ArrivesAsMultipartWithBothPartsAndOurMessageId()
    {
        var server = await SmtpServer.Shared;
        var recipient = MailSamples.NewRecipient();
        var view = MailSamples.Codes(recipient, customerName: "Zoë Wanjiku");
        var email = DeliveryEmailComposer.Compose(view, $"{view.OrderId}:deliver");

        await Sender(server).SendAsync(email, CancellationToken.None);

        var mail = Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
        Assert.Equal([recipient], mail.To);
        Assert.Equal("orders@kijiji-games.test", mail.From);
        Assert.Equal(email.Subject, mail.Subject);
        foreach (var item in view.Items)
        {
            Assert.Contains(item.Code, mail.Text, StringComparison.Ordinal);
            Assert.Contains(item.Pin!, mail.Text, StringComparison.Ordinal);
            Assert.Contains($">{item.Code}</code>", mail.Html, StringComparison.Ordinal);
            Assert.Contains($">{item.Pin}</code>", mail.Html, StringComparison.Ordinal);
        }

        Assert.Contains("Hi Zoë Wanjiku,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("multipart/alternative", mail.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.True(
            mail.Raw.IndexOf("text/plain", StringComparison.OrdinalIgnoreCase) < mail.Raw.IndexOf("text/html", StringComparison.OrdinalIgnoreCase),
            "the plain-text part comes first, so clients prefer the HTML one");
        Assert.Contains($"Message-ID: {email.MessageId}", mail.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Auto-Submitted: auto-generated", mail.Raw, StringComparison.Ordinal);
        Assert.Matches("(?im)^Reply-To: .*help@kijiji-games\\.test", mail.Raw);
    }

    [Fact]
    public async Task Send_SameEmailTwice_BothCarryTheSameMessageId()
    {
        var server = await SmtpServer.Shared;
        var recipient = MailSamples.NewRecipient();
        var email = DeliveryEmailComposer.Compose(MailSamples.Files(recipient), "order-x:deliver-files");
        var sender = Sender(server);

        await sender.SendAsync(email, CancellationToken.None);
        await sender.SendAsync(email, CancellationToken.None);

        var mails = await server.WaitForMessagesToAsync(recipient, 2, Bounded);
        Assert.All(mails, m => Assert.Contains($"Message-ID: {email.MessageId}", m.Raw, StringComparison.OrdinalIgnoreCase));
        Assert.All(mails, m => Assert.Contains("https://shop.kijiji-games.test/d/4f1c2a9e", m.Html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_ClaimFenceClosed_RefusedBeforeTheRelayHearsAnything_OpenFenceSends()
    {
        var server = await SmtpServer.Shared;
        var recipient = MailSamples.NewRecipient();
        var late = MailSamples.Plain(recipient, "late-" + Guid.NewGuid().ToString("N"));
        var timely = MailSamples.Plain(recipient, "timely-" + Guid.NewGuid().ToString("N"));
        var sender = Sender(server);

        using (EffectFence.Enter(TimeSpan.Zero))
        {
            await Assert.ThrowsAsync<EffectFenceClosedException>(() => sender.SendAsync(late, CancellationToken.None));
        }

        using (EffectFence.Enter(TimeSpan.FromMinutes(1)))
        {
            await sender.SendAsync(timely, CancellationToken.None);
        }

        var mail = Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
        Assert.Contains($"Message-ID: {timely.MessageId}", mail.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(late.MessageId, string.Concat((await server.MessagesAsync()).Select(m => m.Raw)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RelayDown_ThrowsTransientFailureAndDeliversOnceBackUp()
    {
        await using var server = await SmtpServer.CreateAsync();
        var recipient = MailSamples.NewRecipient();
        var email = MailSamples.Plain(recipient, Guid.NewGuid().ToString("N"));
        var sender = Sender(server);
        await server.StopAsync();

        var failure = await Assert.ThrowsAsync<MailSendException>(() => sender.SendAsync(email, CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains(email.MessageId, failure.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{server.Port}", failure.Message, StringComparison.Ordinal);

        await server.StartAsync();
        await sender.SendAsync(email, CancellationToken.None);

        Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
    }

    [Fact]
    public async Task Send_RelayNeverAnswers_TransientFailureAfterTheTimeout()
    {
        // A relay that accepts the connection and then says nothing, not even its greeting.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var clock = new TimerCountingTimeProvider();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var sender = new SmtpMailSender(
            Options.Create(new MailOptions { Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, EnableSsl = false, Timeout = TimeSpan.FromSeconds(30) } }),
            clock,
            NullLogger<SmtpMailSender>.Instance);

        var sending = sender.SendAsync(MailSamples.Plain(MailSamples.NewRecipient(), "silent"), CancellationToken.None);
        using var connection = await accepted.WaitAsync(Bounded);
        await clock.WaitForTimersAsync(1, Bounded);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(sending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<MailSendException>(() => sending.WaitAsync(Bounded));
        Assert.True(failure.IsTransient);
        Assert.Contains("did not take the message within 00:00:30", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RecipientUnknownToTheRelay_RejectedForGood()
    {
        var server = await SmtpServer.Shared;
        var recipient = $"nosuch-{Guid.NewGuid():N}@example.test";
        var email = MailSamples.Plain(recipient, "nosuch");

        var failure = await Assert.ThrowsAsync<MailRejectedException>(() => Sender(server).SendAsync(email, CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains("refused the recipient: 550", failure.Message, StringComparison.Ordinal);
        Assert.Contains(email.MessageId, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RecipientMailboxBusy_TransientFailure()
    {
        var server = await SmtpServer.Shared;

        var failure = await Assert.ThrowsAsync<MailSendException>(
            () => Sender(server).SendAsync(MailSamples.Plain($"busy-{Guid.NewGuid():N}@example.test", "busy"), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("answered 450", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RelayRefusesTheSenderWith550_TransientFailureAndDeliversOnceItAccepts()
    {
        // A 5xx for the whole message is usually the relay's policy or configuration, which someone fixes.
        await using var server = await SmtpServer.CreateAsync();
        var recipient = MailSamples.NewRecipient();
        var email = MailSamples.Plain(recipient, Guid.NewGuid().ToString("N"));
        var sender = Sender(server);
        await server.RefuseAsync(550);

        var failure = await Assert.ThrowsAsync<MailSendException>(() => sender.SendAsync(email, CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("answered 550", failure.Message, StringComparison.Ordinal);
        await server.AcceptAsync();
        await sender.SendAsync(email, CancellationToken.None);
        Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
    }

    [Fact]
    public async Task Send_EnableSslButRelayOffersNoStartTls_TransientFailureNothingSentInClear()
    {
        var server = await SmtpServer.Shared;
        var recipient = MailSamples.NewRecipient();

        var failure = await Assert.ThrowsAsync<MailSendException>(
            () => Sender(server, smtp => smtp.EnableSsl = true).SendAsync(MailSamples.Plain(recipient, "tls"), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("STARTTLS", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await server.MessagesAsync(), m => m.To.Contains(recipient));
    }

    [Fact]
    public async Task Send_WithCredentials_Authenticates()
    {
        var server = await SmtpServer.Shared;
        var recipient = MailSamples.NewRecipient();
        var sender = Sender(server, smtp =>
        {
            smtp.UserName = "relay-user";
            smtp.Password = "relay-secret";
        });

        await sender.SendAsync(MailSamples.Plain(recipient, "auth"), CancellationToken.None);

        Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
    }

    [Fact]
    public async Task Send_MalformedRecipient_RejectedWithoutContactingTheRelay()
    {
        var server = await SmtpServer.Shared;

        var failure = await Assert.ThrowsAsync<MailRejectedException>(
            () => Sender(server).SendAsync(MailSamples.Plain("not an address", "bad"), CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains("malformed address", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoHost_RefusedAtConstruction()
    {
        Assert.Throws<OptionsValidationException>(() =>
            new SmtpMailSender(Options.Create(new MailOptions { Provider = "smtp" }), TimeProvider.System, NullLogger<SmtpMailSender>.Instance));
    }

    private static SmtpMailSender Sender(SmtpServer server, Action<SmtpOptions>? configure = null)
    {
        var options = new MailOptions
        {
            Provider = MailOptions.SmtpProvider,
            Smtp = new SmtpOptions { Host = server.Host, Port = server.Port, EnableSsl = false, Timeout = TimeSpan.FromSeconds(10) },
        };
        configure?.Invoke(options.Smtp);
        return new SmtpMailSender(Options.Create(options), TimeProvider.System, NullLogger<SmtpMailSender>.Instance);
    }
}
