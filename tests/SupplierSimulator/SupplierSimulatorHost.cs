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
    private readonly SimulatedSupplier _supplier;
    private readonly SemaphoreSlim _switching = new(1, 1);
    private WebApplication? _app;

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

    /// <summary>Whether the listener is stopped (<see cref="GoDownAsync"/>): every connection is refused.</summary>
    public bool IsDown => _app is null;

    /// <summary>Starts a simulator on 127.0.0.1 with a free port.</summary>
    public static async Task<SupplierSimulatorHost> StartAsync(SupplierSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var supplier = new SimulatedSupplier(options ?? new SupplierSimulatorOptions());
        WebApplication? app = null;
        try
        {
            app = await ListenAsync(supplier, 0, cancellationToken);
        }
        catch
        {
            await supplier.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SupplierSimulatorHost(app, supplier, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>
    /// A supplier outage: stops the listener and closes its connections, so every request from now on is refused at
    /// connect (nothing answers on the port) until <see cref="ComeBackAsync"/>. Ledger, scripts and counters are kept.
    /// </summary>
    public async Task GoDownAsync(CancellationToken cancellationToken = default)
    {
        await _switching.WaitAsync(cancellationToken);
        try
        {
            if (_app is { } app)
            {
                _app = null;
                await app.StopAsync(cancellationToken);
                await app.DisposeAsync();
            }
        }
        finally
        {
            _switching.Release();
        }
    }

    /// <summary>Ends an outage: listens again on the same port, with the same ledger, scripts and counters.</summary>
    public async Task ComeBackAsync(CancellationToken cancellationToken = default)
    {
        await _switching.WaitAsync(cancellationToken);
        try
        {
            _app ??= await ListenAsync(_supplier, BaseUrl.Port, cancellationToken);
        }
        finally
        {
            _switching.Release();
        }
    }

    private static async Task<WebApplication> ListenAsync(SimulatedSupplier supplier, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SupplierSimulatorHost).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = SupplierSimulatorApp.Build(builder, supplier);
        try
        {
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Scripts how orders for <paramref name="sku"/> are answered from now on.</summary>
    public void Script(string sku, SupplierBehaviour behaviour) => _supplier.Script(sku, behaviour);

    /// <summary>Scripts how requests for <paramref name="reference"/> are answered; wins over the SKU's script.</summary>
    public void ScriptReference(string reference, SupplierBehaviour behaviour) => _supplier.ScriptReference(reference, behaviour);

    /// <summary>How many requests reached <paramref name="endpoint"/>, refused ones included.</summary>
    public int RequestCount(SupplierEndpoint endpoint) => _supplier.RequestCount(endpoint);

    /// <summary>Makes <c>GET /balance</c> wait until <see cref="ReleaseBalance"/>.</summary>
    public void HoldBalance() => _supplier.HoldBalance();

    /// <summary>Lets held and later <c>GET /balance</c> calls answer.</summary>
    public void ReleaseBalance() => _supplier.ReleaseBalance();

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
        await GoDownAsync();
        _switching.Dispose();
    }
}
