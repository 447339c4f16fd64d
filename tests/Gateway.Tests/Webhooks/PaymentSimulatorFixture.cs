using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

/// <summary>One payment-provider simulator per test class; tests tell their requests apart by unique URLs.</summary>
public sealed class PaymentSimulatorFixture : IAsyncLifetime
{
    public PaymentProviderSimulator Simulator { get; private set; } = null!;

    public async Task InitializeAsync() => Simulator = await PaymentProviderSimulator.StartAsync();

    public async Task DisposeAsync() => await Simulator.DisposeAsync();
}
