using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.Silo.Demo;

/// <summary>Says at start that the node runs in demo mode, and where its test secret, supplier and emails are.</summary>
public sealed class DemoModeReport(DemoMode demo, PickupFolderMailSender mail, ILogger<DemoModeReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SiloLog.DemoModeOn(logger, demo.StripeSecretFile, demo.Supplier.BaseUrl, mail.Folder);
        if (demo.ConsolePasswordFile is { } passwordFile)
        {
            SiloLog.DemoConsolePassword(logger, passwordFile);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
