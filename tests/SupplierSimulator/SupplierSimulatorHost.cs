using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Orleans.Delivery.SupplierSimulator;

/// <summary>
/// The simulated supplier running in-process on Kestrel at 127.0.0.1 on a free port, with the scripting and
/// inspection API tests need. Dispose it to stop it.
/// </summary>
public sealed class SupplierSimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatedSupplier _supplier;

    private SupplierSimulatorHost(WebApplication app, SimulatedSupplier supplier, Uri baseUrl)
    {
        _app = app;
        _supplier = supplier;
        BaseUrl = baseUrl;
    }

    /// <summary>The API root, with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The options it runs with.</summary>
    public SupplierSimulatorOptions Options => _supplier.Options;

    /// <summary>Signs webhooks as the simulator does, so tests can sign payloads of their own.</summary>
    public SupplierWebhookSigner Signer => _supplier.Signer;

    /// <summary>Every order created so far, in creation order, as it stands now.</summary>
    public IReadOnlyList<SupplierLedgerEntry> Ledger => _supplier.Ledger;

    /// <summary>Every webhook delivery attempt so far, in order.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries => _supplier.WebhookDeliveries;

    /// <summary>The account balance; settable.</summary>
    public decimal Balance
    {
        get => _supplier.Balance;
        set => _supplier.Balance = value;
    }

    /// <summary>Where webhooks go; settable, for a callback that starts after the simulator.</summary>
    public Uri? WebhookCallbackUrl
    {
        get => _supplier.WebhookCallbackUrl;
        set => _supplier.WebhookCallbackUrl = value;
    }

    /// <summary>Starts a simulator on 127.0.0.1 with a free port.</summary>
    public static async Task<SupplierSimulatorHost> StartAsync(SupplierSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SupplierSimulatorHost).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var (app, supplier) = SupplierSimulatorApp.Build(builder, options ?? new SupplierSimulatorOptions());
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await supplier.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SupplierSimulatorHost(app, supplier, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Scripts how orders for <paramref name="sku"/> are answered from now on.</summary>
    public void Script(string sku, SupplierBehaviour behaviour) => _supplier.Script(sku, behaviour);

    /// <summary>Scripts how requests for <paramref name="reference"/> are answered; wins over the SKU's script.</summary>
    public void ScriptReference(string reference, SupplierBehaviour behaviour) => _supplier.ScriptReference(reference, behaviour);

    /// <summary>How many requests reached <paramref name="endpoint"/>, refused ones included.</summary>
    public int RequestCount(SupplierEndpoint endpoint) => _supplier.RequestCount(endpoint);

    /// <summary>The orders created with <paramref name="reference"/>, in creation order.</summary>
    public IReadOnlyList<SupplierLedgerEntry> OrdersFor(string reference) => [.. _supplier.Ledger.Where(o => o.Reference == reference)];

    /// <summary>Completes when an order with <paramref name="reference"/> has been created.</summary>
    public Task<SupplierLedgerEntry> WaitForOrderAsync(string reference, CancellationToken cancellationToken) =>
        _supplier.WaitForOrderAsync(reference, cancellationToken);

    /// <summary>Sends every webhook held by a pending-then-webhook-on-release script, in order, each retried as
    /// configured, and returns how many events were sent.</summary>
    public Task<int> ReleaseWebhooksAsync(CancellationToken cancellationToken = default) => _supplier.ReleaseWebhooksAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _supplier.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
