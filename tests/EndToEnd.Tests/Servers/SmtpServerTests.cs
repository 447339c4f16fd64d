using System.Net.Mail;
using System.Net.Mime;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Servers;

public sealed class SmtpServerTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Send_TextAndHtml_ServerKeepsSubjectTextAndHtml()
    {
        var server = await SmtpServer.Shared;
        var recipient = NewRecipient();

        await SendAsync(server, recipient, "Your download is ready ✓");

        var mail = Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
        Assert.Equal("shop@orleans-delivery.test", mail.From);
        Assert.Equal([recipient], mail.To);
        Assert.Equal("Your download is ready ✓", mail.Subject);
        Assert.Contains("Plain body for " + recipient, mail.Text, StringComparison.Ordinal);
        Assert.Contains("<p>HTML body for " + recipient + "</p>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Subject:", mail.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForMessages_FewerThanExpected_TimesOutListingWhatArrived()
    {
        var server = await SmtpServer.Shared;
        var recipient = NewRecipient();
        await SendAsync(server, recipient, "only one " + recipient);

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => server.WaitForMessagesToAsync(recipient, 2, TimeSpan.FromMilliseconds(300)));

        Assert.Contains("but 1 matched", error.Message, StringComparison.Ordinal);
        Assert.Contains("only one " + recipient, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ThenSend_Fails()
    {
        await using var server = await SmtpServer.CreateAsync();

        await server.StopAsync();

        await Assert.ThrowsAsync<SmtpException>(() => SendAsync(server, NewRecipient(), "while down"));
    }

    [Fact]
    public async Task Start_AfterStop_AcceptsMailOnTheSamePort()
    {
        await using var server = await SmtpServer.CreateAsync();
        var port = server.Port;
        var recipient = NewRecipient();
        await server.StopAsync();
        await Assert.ThrowsAsync<SmtpException>(() => SendAsync(server, recipient, "lost"));

        await server.StartAsync();
        await SendAsync(server, recipient, "after restart");

        Assert.Equal(port, server.Port);
        var mail = Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
        Assert.Equal("after restart", mail.Subject);
    }

    [Theory]
    [InlineData(451, SmtpStatusCode.LocalErrorInProcessing)]
    [InlineData(554, SmtpStatusCode.TransactionFailed)]
    public async Task Refuse_ThenSend_FailsWithThatReplyCodeUntilAccepted(int code, SmtpStatusCode status)
    {
        await using var server = await SmtpServer.CreateAsync();
        var recipient = NewRecipient();

        await server.RefuseAsync(code);
        var error = await Assert.ThrowsAsync<SmtpException>(() => SendAsync(server, recipient, "refused"));
        await server.AcceptAsync();
        await SendAsync(server, recipient, "accepted again");

        Assert.Equal(status, error.StatusCode);
        var mail = Assert.Single(await server.WaitForMessagesToAsync(recipient, 1, Bounded));
        Assert.Equal("accepted again", mail.Subject);
    }

    [Fact]
    public async Task Clear_AfterMail_ForgetsIt()
    {
        await using var server = await SmtpServer.CreateAsync();
        await SendAsync(server, NewRecipient(), "to forget");
        Assert.Single(await server.WaitForMessagesAsync(_ => true, 1, Bounded));

        await server.ClearAsync();

        Assert.Empty(await server.MessagesAsync());
    }

    [Fact]
    public async Task Count_AfterMailAndClear_CountsWhatIsKept()
    {
        await using var server = await SmtpServer.CreateAsync();
        Assert.Equal(0, await server.CountAsync());
        await SendAsync(server, NewRecipient(), "first");
        await SendAsync(server, NewRecipient(), "second");
        Assert.Equal(2, (await server.WaitForMessagesAsync(_ => true, 2, Bounded)).Count);

        Assert.Equal(2, await server.CountAsync());
        await server.ClearAsync();
        Assert.Equal(0, await server.CountAsync());
    }

    private static string NewRecipient() => $"buyer-{Guid.NewGuid():N}@orleans-delivery.test";

    private static async Task SendAsync(SmtpServer server, string recipient, string subject)
    {
        using var client = new SmtpClient(server.Host, server.Port) { EnableSsl = false, Timeout = 5000 };
        using var message = new MailMessage("Shop <shop@orleans-delivery.test>", recipient) { Subject = subject };
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString("Plain body for " + recipient, null, MediaTypeNames.Text.Plain));
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString("<p>HTML body for " + recipient + "</p>", null, MediaTypeNames.Text.Html));
        await client.SendMailAsync(message);
    }
}
