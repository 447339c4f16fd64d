using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

public sealed class MailOptionsTests
{
    [Fact]
    public void AddMail_NothingConfigured_PickupFolderUnderData()
    {
        using var services = Build([]);

        var sender = Assert.IsType<PickupFolderMailSender>(services.GetRequiredService<IMailSender>());
        Assert.EndsWith(Path.Combine("data", "mail"), sender.Folder, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMail_SmtpHostOnly_SmtpChosen()
    {
        // What docker-compose sets: a host and a port, no provider.
        using var services = Build(new() { ["Mail:Smtp:Host"] = "smtp", ["Mail:Smtp:Port"] = "1025", ["Mail:Smtp:EnableSsl"] = "false" });

        Assert.IsType<SmtpMailSender>(services.GetRequiredService<IMailSender>());
        var smtp = services.GetRequiredService<IOptions<MailOptions>>().Value.Smtp;
        Assert.Equal(1025, smtp.Port);
        Assert.False(smtp.EnableSsl);
        Assert.Equal(TimeSpan.FromSeconds(30), smtp.Timeout);
    }

    [Fact]
    public void AddMail_SendGridKey_SendGridChosenWithDefaults()
    {
        using var services = Build(new() { ["Mail:SendGrid:ApiKey"] = "SG.key" });

        Assert.IsType<SendGridMailSender>(services.GetRequiredService<IMailSender>());
        var sendGrid = services.GetRequiredService<IOptions<MailOptions>>().Value.SendGrid;
        Assert.Equal(new Uri("https://api.sendgrid.com"), sendGrid.BaseUrl);
        Assert.Equal(3, sendGrid.MaxRetryAttempts);
    }

    [Fact]
    public void AddMail_ExplicitProvider_WinsOverWhatIsConfigured()
    {
        using var services = Build(new() { ["Mail:Provider"] = "Pickup", ["Mail:Smtp:Host"] = "smtp", ["Mail:PickupDirectory"] = "/tmp/x" });

        var sender = Assert.IsType<PickupFolderMailSender>(services.GetRequiredService<IMailSender>());
        Assert.Equal("/tmp/x", sender.Folder);
    }

    [Theory]
    [InlineData("Mail:Provider", "carrier-pigeon", "not one of smtp, sendgrid, pickup")]
    [InlineData("Mail:Provider", "smtp", "Mail:Smtp:Host is required")]
    [InlineData("Mail:Provider", "sendgrid", "Mail:SendGrid:ApiKey is required")]
    public void AddMail_Invalid_RefusedWithTheReason(string key, string value, string reason)
    {
        using var services = Build(new() { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UserNameWithoutPassword_Refused()
    {
        var options = new MailOptions { Smtp = new SmtpOptions { Host = "relay", UserName = "user" } };

        var result = new MailOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("UserName and Mail:Smtp:Password go together", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SendGridOutOfRange_EveryReasonListed()
    {
        var options = new MailOptions
        {
            Provider = "sendgrid",
            SendGrid = new SendGridOptions { ApiKey = "k", BaseUrl = new Uri("ftp://x"), MaxRetryAttempts = 11, AttemptTimeout = TimeSpan.Zero },
        };

        var result = new MailOptionsValidator().Validate(null, options);

        Assert.Equal(3, result.Failures!.Count());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddMail(configuration).BuildServiceProvider();
    }
}
