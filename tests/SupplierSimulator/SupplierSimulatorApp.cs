namespace Orleans.Delivery.SupplierSimulator;

// Wires the simulator into a WebApplication; shared by the standalone Program and the in-process host.
internal static class SupplierSimulatorApp
{
    public static (WebApplication App, SimulatedSupplier Supplier) Build(WebApplicationBuilder builder, SupplierSimulatorOptions options)
    {
        var supplier = new SimulatedSupplier(options);
        return (Build(builder, supplier), supplier);
    }

    // The same supplier behind a new listener: its ledger, scripts and counters carry over.
    public static WebApplication Build(WebApplicationBuilder builder, SimulatedSupplier supplier)
    {
        builder.Services.AddSingleton(supplier);
        var app = builder.Build();
        app.MapSupplierSimulator();
        return app;
    }
}
