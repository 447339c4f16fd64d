using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>
/// One SMTP server per test class: these tests send hundreds of emails, which would crowd the process-wide shared
/// server that other tests list messages from.
/// </summary>
public sealed class SmtpFixture : IAsyncLifetime
{
    public SmtpServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SmtpServer.CreateAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
